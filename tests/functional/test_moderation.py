"""Shoppers report listings; platform admins take them down or dismiss the reports."""
from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Listing, ListingReport, ListingStatus, ReportReason
from tests import factories
from tests.conftest import csrf_token, login, set_language


def logout(client) -> None:
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})


def report(client, listing: Listing, reason: str = "wrong_origin", details: str = ""):
    token = csrf_token(client, f"/listings/{listing.id}")
    return client.post(f"/listings/{listing.id}/report",
                       data={"reason": reason, "details": details, "csrf_token": token})


def open_reports() -> int:
    return db.session.scalar(select(func.count()).select_from(ListingReport).where(
        ListingReport.resolved_at.is_(None)))


def test_a_reported_listing_is_taken_down_and_its_artisan_told_why(client, shop):
    kilim = shop.catalog.kilim
    set_language(client, "en")
    login(client, shop.shopper.email)
    sent = report(client, kilim, "wrong_origin", "The same rug is sold as Turkish elsewhere.")
    assert sent.status_code == 302
    assert "Thank you" in client.get(sent.location).get_data(as_text=True)
    logout(client)

    login(client, shop.admin.email)
    set_language(client, "en")
    queue = client.get("/admin/listings/").get_data(as_text=True)
    assert "Handwoven Jolfa kilim" in queue and "The origin is not true (1)" in queue
    assert "The same rug is sold as Turkish elsewhere." in queue
    assert 'href="/admin/listings/"' in queue  # the header links the queue for platform admins
    taken = client.post(f"/admin/listings/{kilim.id}/take-down", data={
        "reason": "Origin under review: please send photos of the loom.",
        "csrf_token": csrf_token(client, "/admin/listings/")})
    assert taken.status_code == 302
    db.session.expire_all()
    assert kilim.status == ListingStatus.REMOVED and open_reports() == 0
    # Gone from the shop, from search and from carts at once.
    assert client.get(f"/listings/{kilim.id}").status_code == 404
    assert "Handwoven Jolfa kilim" not in client.get("/search?q=kilim").get_data(as_text=True)
    added = client.post("/cart/add", data={"listing_id": kilim.id, "quantity": 1,
                                           "csrf_token": csrf_token(client, "/")})
    assert added.status_code == 400
    logout(client)

    login(client, "weaver@example.com")
    set_language(client, "en")
    studio = client.get("/studio/").get_data(as_text=True)
    assert "Taken down by Bazaar" in studio
    assert "Origin under review: please send photos of the loom." in studio
    assert client.get(f"/studio/listings/{kilim.id}/edit").status_code == 404
    logout(client)

    login(client, shop.admin.email)
    restored = client.post(f"/admin/listings/{kilim.id}/restore",
                           data={"csrf_token": csrf_token(client, "/admin/listings/")})
    assert restored.status_code == 302
    db.session.expire_all()
    assert (kilim.status, kilim.removal_reason) == (ListingStatus.DRAFT, "")
    logout(client)
    login(client, "weaver@example.com")
    assert client.get(f"/studio/listings/{kilim.id}/edit").status_code == 200


def test_dismissed_reports_leave_the_listing_live(client, shop):
    kilim = shop.catalog.kilim
    login(client, shop.shopper.email)
    report(client, kilim, "not_handmade")
    logout(client)
    login(client, shop.admin.email)
    client.post(f"/admin/listings/{kilim.id}/dismiss",
                data={"csrf_token": csrf_token(client, "/admin/listings/")})
    assert open_reports() == 0
    assert client.get(f"/listings/{kilim.id}").status_code == 200
    set_language(client, "en")
    assert "No open reports." in client.get("/admin/listings/").get_data(as_text=True)


def test_a_shopper_reports_once_and_must_say_what_is_wrong(client, shop):
    kilim = shop.catalog.kilim
    set_language(client, "en")
    login(client, shop.shopper.email)
    bad = report(client, kilim, reason="")
    assert bad.status_code == 400
    assert "Choose what is wrong." in bad.get_data(as_text=True)
    assert report(client, kilim, reason="made_up").status_code == 400
    assert report(client, kilim, details="x" * 501).status_code == 400
    assert open_reports() == 0
    report(client, kilim, "offensive")
    report(client, kilim, "prohibited", "Second thoughts")
    reports = db.session.scalars(select(ListingReport)).all()
    assert [(r.reason, r.details) for r in reports] == [(ReportReason.PROHIBITED,
                                                         "Second thoughts")]


def test_visitors_are_asked_to_log_in_before_reporting(client, shop):
    kilim = shop.catalog.kilim
    page = client.get(f"/listings/{kilim.id}").get_data(as_text=True)
    assert f"/account/login?next=/listings/{kilim.id}" in page
    assert f'action="/listings/{kilim.id}/report"' not in page
    sent = client.post(f"/listings/{kilim.id}/report", data={
        "reason": "other", "csrf_token": csrf_token(client, "/account/login")})
    assert sent.status_code == 302 and "/account/login" in sent.location
    assert open_reports() == 0


def test_only_platform_admins_moderate(client, shop):
    """S05: shoppers, artisans and cooperative admins get 404 on the queue and its actions."""
    kilim = shop.catalog.kilim
    factories.coop_admin(db.session, shop.catalog.coop, "coop-admin@example.com")
    db.session.commit()
    assert client.get("/admin/listings/").status_code == 404
    for email in (shop.shopper.email, "weaver@example.com", "coop-admin@example.com"):
        login(client, email)
        assert client.get("/admin/listings/").status_code == 404
        token = csrf_token(client, "/")
        assert client.post(f"/admin/listings/{kilim.id}/take-down",
                           data={"reason": "mine", "csrf_token": token}).status_code == 404
        assert f'action="/admin/listings/{kilim.id}/take-down"' not in client.get(
            f"/listings/{kilim.id}").get_data(as_text=True)
        logout(client)
    db.session.expire_all()
    assert kilim.status == ListingStatus.ACTIVE


def test_a_take_down_needs_a_reason(client, shop):
    kilim = shop.catalog.kilim
    login(client, shop.admin.email)
    page = client.get(f"/listings/{kilim.id}").get_data(as_text=True)
    assert f'action="/admin/listings/{kilim.id}/take-down"' in page
    refused = client.post(f"/admin/listings/{kilim.id}/take-down",
                          data={"reason": "  ", "csrf_token": csrf_token(client, "/")})
    assert refused.status_code == 400
    assert f'action="/admin/listings/{kilim.id}/take-down"' in refused.get_data(as_text=True)
    db.session.expire_all()
    assert kilim.status == ListingStatus.ACTIVE
