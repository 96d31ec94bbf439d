"""Hearts and following: a heart on every card and listing page (also on pages cached for
guests), the favourites page, following shops, "new from shops you follow" and the weekly
digest with its signed unsubscribe link."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from itsdangerous import URLSafeSerializer
from sqlalchemy import select, update

from config import TestingConfig
from marketplace import create_app
from marketplace.catalog import digest, listings
from marketplace.extensions import cache, db, limiter
from marketplace.jobs import weekly_digest
from marketplace.models import DigestState, Favourite, Follow, Listing, MailOutbox
from tests import factories
from tests.conftest import RequestPerContextClient, csrf_token, login, set_language

TOKEN = re.compile(r'name="csrf_token"[^>]* value="([^"]*)"')


def post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/")})


def hearts(user) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Favourite.listing_id)
                                  .where(Favourite.user_id == user.id)))


def heart_button(html: str, listing_id: int) -> str:
    """The heart form of one listing on a page."""
    match = re.search(r'<form[^>]*class="heart-form">\s*<input[^>]*>\s*<input type="hidden" '
                      rf'name="listing_id" value="{listing_id}">.*?</form>', html, re.S)
    assert match, f"no heart for listing {listing_id}"
    return match.group(0)


@pytest.fixture
def shopper(app, shop):
    client = app.test_client()
    login(client, shop.shopper.email)
    set_language(client, "en")
    return client


def test_a_shopper_hearts_a_piece_from_search_and_finds_it_on_her_favourites_page(
        app, shop, shopper):
    kilim = shop.catalog.kilim
    results = shopper.get("/search?q=kilim").get_data(as_text=True)
    button = heart_button(results, kilim.id)
    assert 'aria-pressed="false"' in button and "/favourites/add" in button
    assert 'name="next" value="/search?q=kilim#listing-' in button
    saved = post(shopper, "/favourites/add", {"listing_id": kilim.id,
                                              "next": f"/search?q=kilim#listing-{kilim.id}"})
    assert saved.status_code == 302
    assert saved.headers["Location"] == f"/search?q=kilim#listing-{kilim.id}"
    assert hearts(shop.shopper) == {kilim.id}
    # Twice (a double click, a second tab) keeps one heart.
    assert post(shopper, "/favourites/add", {"listing_id": kilim.id}).status_code == 302
    assert hearts(shop.shopper) == {kilim.id}

    button = heart_button(shopper.get(f"/listings/{kilim.id}").get_data(as_text=True), kilim.id)
    assert 'aria-pressed="true"' in button and "/favourites/remove" in button
    page = shopper.get("/favourites/").get_data(as_text=True)
    assert f'id="listing-{kilim.id}"' in page and f'id="listing-{shop.catalog.bowl.id}"' not in page

    assert post(shopper, "/favourites/remove", {"listing_id": kilim.id}).status_code == 302
    assert hearts(shop.shopper) == set()
    assert "Press the heart" in shopper.get("/favourites/").get_data(as_text=True)


def test_only_a_piece_for_sale_takes_a_heart(app, shop, shopper):
    assert post(shopper, "/favourites/add", {"listing_id": shop.catalog.draft.id}
                ).status_code == 404
    for no_listing_id in ("-1", 2**31, 2**40):
        assert post(shopper, "/favourites/add", {"listing_id": no_listing_id}).status_code == 400
    assert hearts(shop.shopper) == set()


def test_the_favourites_page_and_removing_need_an_account(app, shop):
    guest = app.test_client()
    assert guest.get("/favourites/").status_code == 302
    assert post(guest, "/favourites/remove", {"listing_id": shop.catalog.kilim.id}
                ).status_code == 302


def test_a_guest_who_presses_a_heart_signs_in_and_lands_where_she_was_with_it_saved(
        app, shop):
    kilim = shop.catalog.kilim
    guest = app.test_client()
    set_language(guest, "en")
    back = f"/search?q=kilim#listing-{kilim.id}"
    pressed = post(guest, "/favourites/add", {"listing_id": kilim.id, "next": back})
    assert pressed.status_code == 302
    assert pressed.headers["Location"].startswith("/account/login?next=")
    login_page = guest.get(pressed.headers["Location"]).get_data(as_text=True)
    assert "Sign in to keep this piece in your favourites" in login_page
    signed_in = guest.post(pressed.headers["Location"], data={
        "email": shop.shopper.email, "password": factories.PASSWORD,
        "csrf_token": TOKEN.search(login_page).group(1)})
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == back
    assert hearts(shop.shopper) == {kilim.id}
    landed = guest.get("/search?q=kilim").get_data(as_text=True)
    assert "Saved to your favourites." in landed
    assert 'aria-pressed="true"' in heart_button(landed, kilim.id)


def test_a_heart_pressed_for_a_piece_gone_meanwhile_does_not_stop_the_login(app, shop):
    guest = app.test_client()
    post(guest, "/favourites/add", {"listing_id": shop.catalog.kilim.id})
    listings.archive_listing(db.session, listing=shop.catalog.kilim)  # sold at the fair
    db.session.commit()
    assert login(guest, shop.shopper.email).status_code == 302
    assert hearts(shop.shopper) == set()


# The page cache on, as in production ------------------------------------------------------------


@pytest.fixture
def cached_app(tmp_path) -> Iterator[Flask]:
    class Config(TestingConfig):
        INSTANCE_DIR = str(tmp_path / "instance")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        CACHE_TYPE = "SimpleCache"
        PAGE_CACHE_SECONDS = 30
        PAGE_CACHE_RECHECK_SECONDS = 0

    app = create_app(Config)
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        limiter.reset()
        cache.clear()
        factories.shop(db.session, factories.small_catalog(db.session, Config.UPLOAD_DIR))
        yield app
        db.session.remove()
        db.drop_all()


def test_a_guest_hearts_a_piece_on_a_cached_page_without_javascript(cached_app):
    """The heart on a page from the shared cache has no token; without JavaScript the visitor
    confirms once, signs in, and comes back to the page with the heart filled."""
    kilim = db.session.scalar(select(Listing).where(Listing.price_minor == 125_000_000))
    path = f"/listings/{kilim.id}"
    cached_app.test_client().get(path)
    guest = cached_app.test_client()
    page = guest.get(path)
    assert page.headers["X-Page-Cache"] == "hit"
    form = heart_button(page.get_data(as_text=True), kilim.id)
    assert 'name="csrf_token" value=""' in form and f'name="next" value="{path}' in form
    asked = guest.post("/favourites/add", data={"listing_id": kilim.id, "next": path,
                                                "csrf_token": ""})
    assert asked.status_code == 400 and 'class="resend"' in asked.get_data(as_text=True)
    resent = guest.post("/favourites/add", data={
        "listing_id": kilim.id, "next": path,
        "csrf_token": TOKEN.search(asked.get_data(as_text=True)).group(1)})
    assert resent.status_code == 302 and "/account/login?next=" in resent.headers["Location"]
    assert login(guest, "leila@example.com").status_code == 302
    back = guest.get(path)
    assert "X-Page-Cache" not in back.headers  # rendered for her alone
    assert 'aria-pressed="true"' in heart_button(back.get_data(as_text=True), kilim.id)
    # The next guest still gets the shared page, with an empty heart.
    other = cached_app.test_client().get(path)
    assert other.headers["X-Page-Cache"] == "hit"
    assert 'aria-pressed="false"' in heart_button(other.get_data(as_text=True), kilim.id)


# Following shops --------------------------------------------------------------------------------


def test_a_shopper_follows_an_artisan_and_a_cooperative_and_sees_their_new_pieces(
        app, shop, shopper):
    catalog = shop.catalog
    assert "New from shops you follow" not in shopper.get("/").get_data(as_text=True)
    followed = post(shopper, "/artisans/nguyen-thi-lan/follow",
                    {"next": "/artisans/nguyen-thi-lan"})
    assert followed.status_code == 302
    assert post(shopper, "/coops/jolfa-handicrafts/follow", {}).status_code == 302
    assert post(shopper, "/coops/jolfa-handicrafts/follow", {}).status_code == 302  # once
    db.session.expire_all()
    assert db.session.scalar(select(Follow.id).where(Follow.user_id == shop.shopper.id)
                             .where(Follow.cooperative_id == catalog.coop.id)) is not None
    assert len(db.session.scalars(select(Follow).where(Follow.user_id == shop.shopper.id))
               .all()) == 2
    assert "Following ✓" in shopper.get("/artisans/nguyen-thi-lan").get_data(as_text=True)

    vase = factories.listing(db.session, catalog.potter, catalog.ceramics, title_fa="گلدان آبی",
                             title_en="Blue vase", price_minor=700_000, currency="VND")
    db.session.commit()
    home = shopper.get("/").get_data(as_text=True)
    assert "New from shops you follow" in home
    section = home[home.index("New from shops you follow"):]
    assert f'id="listing-{vase.id}"' in section and f'id="listing-{catalog.kilim.id}"' in section
    page = shopper.get("/favourites/").get_data(as_text=True)
    assert "Nguyen Thi Lan" in page and "Jolfa Handicraft Cooperative" in page

    assert post(shopper, "/artisans/nguyen-thi-lan/unfollow", {}).status_code == 302
    assert "Following ✓" not in shopper.get("/artisans/nguyen-thi-lan").get_data(as_text=True)
    assert post(shopper, "/artisans/nobody/follow", {}).status_code == 404


def test_a_guest_who_presses_follow_follows_once_signed_in(app, shop):
    guest = app.test_client()
    pressed = post(guest, "/coops/jolfa-handicrafts/follow", {"next": "/coops/jolfa-handicrafts"})
    assert "/account/login?next=" in pressed.headers["Location"]
    signed_in = login(guest, shop.shopper.email)
    assert signed_in.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Follow.cooperative_id)
                             .where(Follow.user_id == shop.shopper.id)) == shop.catalog.coop.id


# The weekly digest ------------------------------------------------------------------------------

MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)


def run_digest(app, now: datetime) -> int:
    with app.test_request_context(base_url="https://bazaar.example"):
        written = digest.send_weekly(db.session, now=now)
    db.session.commit()
    return written


def digests_to(email: str) -> list[MailOutbox]:
    return list(db.session.scalars(
        select(MailOutbox).where(MailOutbox.to == email,
                                 MailOutbox.subject.like("%shops you follow%"))
        .order_by(MailOutbox.id)))


def new_piece(shop, title: str, at: datetime) -> Listing:
    item = factories.listing(db.session, shop.catalog.weaver, shop.catalog.kilims,
                             title_fa=title, title_en=title, price_minor=5_000_000)
    item.created_at = at
    db.session.commit()
    return item


def test_a_follower_gets_one_digest_a_week_with_what_is_new(app, shop, shopper):
    """Each week's digest lists the pieces listed since the last one; a week gets one, however
    often the job runs; a quiet week sends nothing."""
    post(shopper, "/artisans/maryam-ahmadi/follow", {})
    db.session.execute(update(Listing).values(created_at=MONDAY - timedelta(days=30)))
    db.session.commit()
    woven = new_piece(shop, "Red kilim", MONDAY - timedelta(days=2))

    assert run_digest(app, MONDAY) == 1
    assert run_digest(app, MONDAY + timedelta(hours=5)) == 0  # the same week: once
    [first] = digests_to(shop.shopper.email)
    assert "Red kilim" in first.body and f"https://bazaar.example/listings/{woven.id}" in first.body
    assert "Handwoven Jolfa kilim" not in first.body  # older than a week
    assert "https://bazaar.example/digest/unsubscribe/" in first.body

    assert run_digest(app, MONDAY + timedelta(days=7)) == 0  # nothing new: no email
    second = new_piece(shop, "Blue kilim", MONDAY + timedelta(days=8))
    assert run_digest(app, MONDAY + timedelta(days=14)) == 1
    latest = digests_to(shop.shopper.email)[-1]
    assert "Blue kilim" in latest.body and "Red kilim" not in latest.body
    assert f"/listings/{second.id}" in latest.body


def test_the_job_writes_digests_with_the_sites_address(app, shop, shopper):
    app.config["SITE_URL"] = "https://bazaar.example"
    post(shopper, "/artisans/maryam-ahmadi/follow", {})
    assert "1 digest(s)" in weekly_digest()
    assert "https://bazaar.example/listings/" in digests_to(shop.shopper.email)[0].body
    assert weekly_digest() == ""


def test_the_unsubscribe_link_works_without_signing_in_and_only_for_its_reader(
        app, shop, shopper):
    post(shopper, "/artisans/maryam-ahmadi/follow", {})
    new_piece(shop, "Red kilim", MONDAY + timedelta(days=399))
    run_digest(app, MONDAY + timedelta(days=400))
    link = re.search(r"https?://[^/]+(/digest/unsubscribe/\S+)",
                     digests_to(shop.shopper.email)[0].body).group(1)
    stranger = app.test_client()
    set_language(stranger, "en")
    page = stranger.get(link)
    assert page.status_code == 200 and "Stop the weekly email" in page.get_data(as_text=True)
    assert db.session.get(DigestState, shop.shopper.id).unsubscribed is False  # GET changes nothing
    token = TOKEN.search(page.get_data(as_text=True)).group(1)
    assert stranger.post(link, data={"csrf_token": token}).status_code == 200
    db.session.expire_all()
    assert db.session.get(DigestState, shop.shopper.id).unsubscribed is True
    new_piece(shop, "Green kilim", MONDAY + timedelta(days=405))
    assert run_digest(app, MONDAY + timedelta(days=410)) == 0

    forged = link[:-1] + ("A" if link[-1] != "A" else "B")
    assert stranger.get(forged).status_code == 404
    # Signed with another salt (a sign-up link's, say), or with nobody's id in it: no page.
    other_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="bazaar.signup")
    assert stranger.get("/digest/unsubscribe/" + other_salt.dumps(shop.shopper.id)
                        ).status_code == 404
    assert stranger.get("/digest/unsubscribe/" + digest.unsubscribe_token(shop.other_shopper)
                        ).status_code == 200  # each reader's own link works, for them only

    # Back on from the favourites page.
    assert post(shopper, "/favourites/digest/on", {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(DigestState, shop.shopper.id).unsubscribed is False
