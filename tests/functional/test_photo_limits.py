"""An artisan's photo upload costs the server a bounded amount of work (S42)."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from marketplace.catalog import listings
from marketplace.core import images
from marketplace.extensions import db
from tests import factories
from tests.conftest import csrf_token, login, set_language


def upload(client, listing_id: int, image: Image.Image, fmt: str = "PNG"):
    data = io.BytesIO()
    image.save(data, fmt)
    return client.post(f"/studio/listings/{listing_id}/photos",
                       data={"photo": (io.BytesIO(data.getvalue()), f"photo.{fmt.lower()}"),
                             "csrf_token": csrf_token(client, "/")},
                       content_type="multipart/form-data")


@pytest.fixture
def weaver(client, catalog):
    login(client, "weaver@example.com")
    return client


def test_a_full_listing_refuses_a_photo_before_decoding_it(weaver, catalog, app, monkeypatch):
    """S42: with MAX_IMAGES photos the upload is turned away before any pixel is decoded."""
    kilim = catalog.kilim
    while len(kilim.images) < listings.MAX_IMAGES:
        photo = factories.stored_image(app.config["UPLOAD_DIR"])
        listings.add_image(db.session, listing=kilim, filename=photo.filename,
                           thumbnail=photo.thumbnail, thumbnail_small=photo.thumbnail_small,
                           width=photo.width, height=photo.height)
    db.session.commit()
    decoded = []
    monkeypatch.setattr(images, "store_image", lambda *args, **kwargs: decoded.append(args))

    set_language(weaver, "en")
    response = upload(weaver, kilim.id, Image.new("RGB", (4000, 4000), "#a4362b"))
    assert response.status_code == 302
    assert decoded == []
    page = weaver.get(response.location).get_data(as_text=True)
    assert f"at most {listings.MAX_IMAGES} photos" in page


def test_when_every_image_slot_is_taken_the_upload_gets_503_with_retry_after(weaver, catalog, app):
    """S42: a request that cannot get a slot within the wait is told to come back shortly, in
    the artisan's language, and nothing is stored."""
    app.extensions["image_slots"] = slots = images.WorkSlots(1, wait=0.1)
    before = len(catalog.kilim.images)
    with slots.held():  # another upload is being processed
        response = upload(weaver, catalog.kilim.id, Image.new("RGB", (800, 600)))
        assert response.status_code == 503
        assert response.headers["Retry-After"] == str(images.BUSY_RETRY_AFTER_SECONDS)
        assert "عکس‌های زیادی در حال پردازش است" in response.get_data(as_text=True)
        set_language(weaver, "en")
        english = upload(weaver, catalog.kilim.id, Image.new("RGB", (800, 600)))
        assert "Many photos are being processed right now" in english.get_data(as_text=True)
    db.session.refresh(catalog.kilim)
    assert len(catalog.kilim.images) == before
    assert upload(weaver, catalog.kilim.id, Image.new("RGB", (800, 600))).status_code == 302


def test_a_photo_with_too_many_pixels_is_refused_with_the_limit(weaver, catalog):
    """S42: the attack's 6300×6300 PNG (128 KB) is refused from its header, with a message
    saying what would be accepted."""
    set_language(weaver, "en")
    response = upload(weaver, catalog.kilim.id, Image.new("RGB", (6300, 6300), "#a4362b"))
    assert response.status_code == 400
    assert "Upload a JPEG of at most 24 megapixels" in response.get_data(as_text=True)
