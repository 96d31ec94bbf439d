"""Vetted shops: an artisan applies to sell, her cooperative (or the platform, for an
independent) approves or turns her down with a reason; until then she cannot publish."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import (
    ApplicationStatus,
    Listing,
    ListingStatus,
    Membership,
    MembershipStatus,
    ShopApplication,
    User,
)
from tests import factories
from tests.conftest import csrf_token, login, set_language


def signed_in(app, email: str):
    client = app.test_client()
    set_language(client, "en")
    login(client, email)
    return client


def photo() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (80, 60), "#a4362b").save(data, "PNG")
    data.seek(0)
    return data


@pytest.fixture
def applicant(app, shop):
    factories.user(db.session, "zahra@example.com", name="Zahra")
    factories.coop_admin(db.session, shop.catalog.coop, "coop@example.com")
    db.session.commit()
    return signed_in(app, "zahra@example.com")


def apply(client, catalog, *, cooperative=None):
    return client.post("/studio/apply", data={
        "display_name_fa": "زهرا رضایی", "display_name_en": "Zahra Rezaei",
        "craft_fa": "گلیم‌باف", "craft_en": "Kilim weaver",
        "story_fa": "از مادرم بافتن آموختم.", "story_en": "My mother taught me.",
        "village": str(catalog.jolfa.id),
        "cooperative": str(cooperative.id) if cooperative is not None else "0",
        "licence_type": "0", "photos": [(photo(), "work.png")],
        "csrf_token": csrf_token(client, "/")})


def application_of(email: str) -> ShopApplication:
    user = db.session.scalar(select(User).where(User.email == email))
    return db.session.scalar(select(ShopApplication)
                             .where(ShopApplication.artisan_id == user.artisan_profile.id))


def new_draft(client, catalog, *, publish: bool):
    data = {"title_fa": "گلیم زهرا", "description_fa": "دست‌باف", "materials_fa": "پشم",
            "category": str(catalog.kilims.id), "cooperative": "0", "price": "2500000",
            "stock": "1", "csrf_token": csrf_token(client, "/")}
    if publish:
        data["publish"] = "Publish"
    return client.post("/studio/listings/new", data=data)


def test_an_artisan_applies_under_her_cooperative_and_its_admin_approves(app, shop, applicant):
    """Until approved she can prepare a draft but not publish it; her cooperative's admin
    approves her, she becomes a member, and then she publishes."""
    assert apply(applicant, shop.catalog, cooperative=shop.catalog.coop).status_code == 302
    application = application_of("zahra@example.com")
    assert application.status == ApplicationStatus.PENDING
    assert not application.artisan.approved

    assert new_draft(applicant, shop.catalog, publish=False).status_code == 302
    new_draft(applicant, shop.catalog, publish=True)
    assert db.session.scalar(select(Listing.id).where(
        Listing.artisan_id == application.artisan_id,
        Listing.status == ListingStatus.ACTIVE)) is None

    coop = signed_in(app, "coop@example.com")
    queue = coop.get(f"/coop/{shop.catalog.coop.slug}/admin/applications/")
    assert "Zahra Rezaei" in queue.get_data(as_text=True)
    response = coop.post(f"/coop/{shop.catalog.coop.slug}/admin/applications/"
                         f"{application.id}/approve", data={"csrf_token": csrf_token(coop, "/")})
    assert response.status_code == 302
    db.session.expire_all()
    application = application_of("zahra@example.com")
    assert application.status == ApplicationStatus.APPROVED
    assert application.artisan.approved
    assert db.session.scalar(select(Membership.status).where(
        Membership.artisan_id == application.artisan_id)) == MembershipStatus.ACTIVE

    new_draft(applicant, shop.catalog, publish=True)
    assert db.session.scalar(select(Listing.id).where(
        Listing.artisan_id == application.artisan_id,
        Listing.status == ListingStatus.ACTIVE)) is not None


def test_an_independent_is_turned_down_by_the_platform_with_a_reason(app, shop, applicant):
    """The platform admin decides for an independent; a cooperative's admin cannot see or
    decide her application; the reason reaches her and she may apply again."""
    assert apply(applicant, shop.catalog).status_code == 302
    application = application_of("zahra@example.com")
    coop = signed_in(app, "coop@example.com")
    assert coop.post(f"/coop/{shop.catalog.coop.slug}/admin/applications/"
                     f"{application.id}/approve",
                     data={"csrf_token": csrf_token(coop, "/")}).status_code == 404
    assert coop.post(f"/admin/applications/{application.id}/approve",
                     data={"csrf_token": csrf_token(coop, "/")}).status_code in (403, 404)
    assert applicant.post(f"/admin/applications/{application.id}/approve",
                          data={"csrf_token": csrf_token(applicant, "/")}).status_code \
        in (403, 404)
    db.session.refresh(application)
    assert application.status == ApplicationStatus.PENDING

    admin = signed_in(app, "admin@example.com")
    assert "Zahra Rezaei" in admin.get("/admin/applications/").get_data(as_text=True)
    response = admin.post(f"/admin/applications/{application.id}/reject", data={
        "reason": "Please add photos of finished kilims.", "csrf_token": csrf_token(admin, "/")})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status == ApplicationStatus.REJECTED
    assert not application.artisan.approved
    page = applicant.get("/studio/apply").get_data(as_text=True)
    assert "photos of finished kilims" in page
    assert apply(applicant, shop.catalog).status_code == 302
    assert db.session.query(ShopApplication).count() == 2


def test_a_refusal_needs_a_reason(app, shop, applicant):
    apply(applicant, shop.catalog)
    application = application_of("zahra@example.com")
    admin = signed_in(app, "admin@example.com")
    response = admin.post(f"/admin/applications/{application.id}/reject",
                          data={"reason": "  ", "csrf_token": csrf_token(admin, "/")})
    assert response.status_code == 303
    db.session.refresh(application)
    assert application.status == ApplicationStatus.PENDING
