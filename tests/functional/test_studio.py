"""The artisan's studio: own listings only (S01, S02), extra fields ignored (S06), uploads (S21)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.cooperatives import ledger
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import Listing, ListingImage, ListingStatus, Role
from tests import factories
from tests.conftest import csrf_token, login, set_language


def listing_form(**overrides) -> dict:
    form = {
        "title_fa": "گلیم تازه", "description_fa": "<p>دست‌باف</p>", "materials_fa": "پشم",
        "title_en": "New kilim", "description_en": "Woven <script>alert(1)</script><b>by hand</b>",
        "materials_en": "wool", "category": "", "cooperative": "0", "price": "2500000",
        "stock": "3", "publish": "Publish",
    }
    form.update(overrides)
    return form


def post(client, path, data=None, **kwargs):
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, "/")
    return client.post(path, data=data, **kwargs)


@pytest.fixture
def weaver_client(client, catalog):
    set_language(client, "en")
    login(client, "weaver@example.com")
    return client


def snapshot(listing: Listing) -> tuple:
    db.session.refresh(listing)
    return (listing.artisan_id, listing.price_minor, listing.stock, listing.status,
            sorted((t.lang, t.title, t.description) for t in listing.translations),
            len(listing.images))


def test_studio_lists_only_my_listings(weaver_client, catalog):
    html = weaver_client.get("/studio/").get_data(as_text=True)
    assert "Handwoven Jolfa kilim" in html
    assert "Glazed Bat Trang bowl" not in html and "Draft vase" not in html


def test_create_listing_ignores_extra_fields_and_sanitises(weaver_client, catalog):
    """S06, S17: artisan_id, price_minor, status and currency in the form are never read."""
    response = post(weaver_client, "/studio/listings/new", listing_form(
        category=str(catalog.kilims.id), artisan_id=str(catalog.potter.id), price_minor="1",
        status="active", currency="USD", role="platform_admin", made_to_order="y",
        prep_days="21"))
    assert response.status_code == 302
    listing = db.session.scalar(select(Listing).order_by(Listing.id.desc()))
    assert listing.artisan_id == catalog.weaver.id
    assert (listing.price_minor, listing.currency) == (25_000_000, "IRR")  # toman -> rials
    assert listing.status == ListingStatus.ACTIVE
    assert listing.made_to_order and listing.prep_days == 21
    english = listing.text("en").description
    assert "<script" not in english and "<b>by hand</b>" in english
    page = weaver_client.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert "Made to order: ready to ship around" in page
    assert "<script>alert(1)" not in page


def test_listing_under_a_cooperative_waits_for_its_admin(weaver_client, catalog, client):
    post(weaver_client, "/studio/listings/new", listing_form(
        category=str(catalog.kilims.id), cooperative=str(catalog.coop.id)))
    listing = db.session.scalar(select(Listing).order_by(Listing.id.desc()))
    assert listing.status == ListingStatus.PENDING_REVIEW
    assert weaver_client.get(f"/listings/{listing.id}").status_code == 404


def test_cannot_sell_under_a_cooperative_i_am_not_in(client, catalog):
    set_language(client, "en")
    login(client, "potter@example.com")
    response = post(client, "/studio/listings/new", listing_form(
        category=str(catalog.ceramics.id), cooperative=str(catalog.coop.id)))
    assert response.status_code == 400
    assert catalog.coop.listings and all(item.artisan_id != catalog.potter.id
                                         for item in catalog.coop.listings)


def test_another_artisans_listing_is_404_and_unchanged(weaver_client, catalog, app):
    """S01: every studio route on another artisan's listing answers 404 and changes nothing."""
    bowl = catalog.bowl
    image_id = bowl.images[0].id
    before = snapshot(bowl)
    png = io.BytesIO()
    Image.new("RGB", (20, 20)).save(png, "PNG")
    assert weaver_client.get(f"/studio/listings/{bowl.id}/edit").status_code == 404
    attempts = [
        (f"/studio/listings/{bowl.id}/edit", listing_form(category=str(catalog.ceramics.id))),
        (f"/studio/listings/{bowl.id}/archive", {}),
        (f"/studio/listings/{bowl.id}/photos/{image_id}/delete", {}),
        (f"/studio/listings/{bowl.id}/photos", {"photo": (io.BytesIO(png.getvalue()), "a.png")}),
        (f"/studio/listings/{catalog.kilim.id}/photos/{image_id}/delete", {}),
    ]
    for path, data in attempts:
        response = post(weaver_client, path, data, content_type="multipart/form-data")
        assert response.status_code == 404, path
    assert snapshot(bowl) == before
    assert db.session.get(ListingImage, image_id) is not None


def test_people_without_a_shop_get_404(client, catalog):
    """S02: a shopper (or a cooperative admin) has no studio."""
    factories.user(db.session, "shopper@example.com", Role.SHOPPER)
    db.session.commit()
    login(client, "shopper@example.com")
    for path in ["/studio/", "/studio/money", "/studio/listings/new",
                 f"/studio/listings/{catalog.kilim.id}/edit"]:
        assert client.get(path).status_code == 404, path


def test_anonymous_visitors_are_sent_to_log_in(client, catalog):
    response = client.get("/studio/")
    assert response.status_code == 302 and "/account/login" in response.location


def test_photo_upload_stores_a_clean_image(weaver_client, catalog, app):
    """S21, S22: a real PNG is re-encoded under a server-made name; a PHP 'jpg' is refused."""
    kilim = catalog.kilim
    png = io.BytesIO()
    Image.new("RGB", (300, 200), "#e3a72f").save(png, "PNG")
    response = post(weaver_client, f"/studio/listings/{kilim.id}/photos",
                    {"photo": (io.BytesIO(png.getvalue()), "../../evil.php.png")},
                    content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(kilim)
    newest = kilim.images[-1]
    assert newest.filename != "evil.php.png" and newest.width == 300
    assert (Path(app.config["UPLOAD_DIR"]) / newest.thumbnail).exists()
    served = weaver_client.get(f"/media/{newest.filename}")
    assert served.headers["X-Content-Type-Options"] == "nosniff"

    count = len(kilim.images)
    response = post(weaver_client, f"/studio/listings/{kilim.id}/photos",
                    {"photo": (io.BytesIO(b"<?php system($_GET['c']); ?>"), "photo.jpg")},
                    content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "not a photo we can use" in page and 'value="Handwoven Jolfa kilim"' in page
    db.session.refresh(kilim)
    assert len(kilim.images) == count


def test_photo_over_the_limit_is_413(weaver_client, catalog, app):
    app.config["IMAGE_MAX_BYTES"] = 1000
    big = io.BytesIO()
    Image.effect_noise((200, 200), 50).convert("RGB").save(big, "PNG")
    response = post(weaver_client, f"/studio/listings/{catalog.kilim.id}/photos",
                    {"photo": (io.BytesIO(big.getvalue()), "big.png")},
                    content_type="multipart/form-data")
    assert response.status_code == 413


def test_archive_my_listing(weaver_client, catalog):
    post(weaver_client, f"/studio/listings/{catalog.kilim.id}/archive")
    db.session.refresh(catalog.kilim)
    assert catalog.kilim.status == ListingStatus.ARCHIVED


def test_money_page_shows_what_the_ledger_owes(weaver_client, catalog):
    ledger.post_sale(db.session, reference="order:1", artisan_id=catalog.weaver.id, lines=[
        ledger.SaleLine(catalog.kilim.id, Money(125_000_000, "IRR"), 500, catalog.coop.id, 1000)])
    db.session.commit()
    html = weaver_client.get("/studio/money").get_data(as_text=True)
    assert "10,625,000 toman" in html
    studio = weaver_client.get("/studio/").get_data(as_text=True)
    assert "<svg" in studio and "Handwoven Jolfa kilim" in studio


def test_listing_page_shows_where_the_money_goes(client, catalog):
    set_language(client, "en")
    html = client.get(f"/listings/{catalog.kilim.id}").get_data(as_text=True)
    assert "Where the money goes" in html
    for amount in ("10,625,000 toman", "1,250,000 toman", "625,000 toman"):
        assert amount in html
