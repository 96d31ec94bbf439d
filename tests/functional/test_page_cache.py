"""The page cache for first-time anonymous visitors (marketplace/page_cache.py), switched on."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from config import TestingConfig
from marketplace import create_app
from marketplace.cart.current import COOKIE as CART_COOKIE
from marketplace.extensions import cache, db, limiter
from marketplace.page_cache import PLACEHOLDER
from tests.conftest import RequestPerContextClient, login

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    class Config(TestingConfig):
        INSTANCE_DIR = str(tmp_path / "instance")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        CACHE_TYPE = "SimpleCache"
        PAGE_CACHE_SECONDS = 30

    app = create_app(Config)
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        limiter.reset()
        cache.clear()
        yield app
        db.session.remove()
        db.drop_all()


def visit(app: Flask, path: str, **headers: str):
    """A first-time visitor: a fresh client without cookies."""
    return app.test_client().get(path, headers=headers)


def tokens(response) -> set[str]:
    return set(TOKEN.findall(response.get_data(as_text=True)))


def without_tokens(response) -> str:
    return TOKEN.sub('name="csrf_token" value=""', response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/", "/search?q=kilim", "/categories/kilims", "/regions",
                                  "/made-in/east-azerbaijan", "/regions/east-azerbaijan"])
def test_a_second_first_time_visitor_gets_the_same_page_with_another_token(app, catalog, path):
    first, second = visit(app, path), visit(app, path)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert without_tokens(first) == without_tokens(second)
    assert len(tokens(first)) == len(tokens(second)) == 1
    assert tokens(first) != tokens(second)
    assert PLACEHOLDER not in first.get_data(as_text=True) + second.get_data(as_text=True)


def test_the_token_of_a_cached_page_works_for_its_visitor_only(app, catalog):
    visit(app, "/")
    alice, bob = app.test_client(), app.test_client()
    alice_page = alice.get(f"/listings/{catalog.kilim.id}")
    bob_page = bob.get(f"/listings/{catalog.kilim.id}")
    assert bob_page.headers["X-Page-Cache"] == "hit"
    (alice_token,), (bob_token,) = tokens(alice_page), tokens(bob_page)
    assert alice_token != bob_token
    # Alice's token is worthless in Bob's session; Bob's own switches his language.
    assert bob.post("/account/language", data={"lang": "en", "next": "/",
                                               "csrf_token": alice_token}).status_code == 400
    switched = bob.post("/account/language", data={"lang": "en", "next": "/",
                                                    "csrf_token": bob_token})
    assert switched.status_code == 302
    assert 'lang="en"' in bob.get("/").get_data(as_text=True)


def test_each_language_has_its_own_cached_page(app, catalog):
    path = f"/listings/{catalog.kilim.id}"
    persian = visit(app, path, **{"Accept-Language": "fa"})
    english = visit(app, path, **{"Accept-Language": "en-GB,en;q=0.8"})
    assert english.headers["X-Page-Cache"] == "miss"
    assert 'lang="fa"' in persian.get_data(as_text=True)
    english_again = visit(app, path, **{"Accept-Language": "en"})
    assert english_again.headers["X-Page-Cache"] == "hit"
    assert 'lang="en"' in english_again.get_data(as_text=True)
    assert "Handwoven Jolfa kilim" in english_again.get_data(as_text=True)


def test_a_logged_in_shopper_is_never_served_a_cached_page(app, catalog):
    visit(app, "/")
    assert visit(app, "/").headers["X-Page-Cache"] == "hit"
    client = app.test_client()
    assert login(client, "weaver@example.com").status_code == 302
    page = client.get("/")
    assert "X-Page-Cache" not in page.headers
    assert "Maryam Ahmadi" in page.get_data(as_text=True)
    assert "Log out" in page.get_data(as_text=True) or "خروج" in page.get_data(as_text=True)


def test_requests_with_a_session_cart_or_currency_cookie_are_rendered_as_usual(app, catalog):
    visit(app, "/")
    client = app.test_client()
    client.get("/")  # the page's CSRF token started a session
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is not None
    assert "X-Page-Cache" not in client.get("/").headers
    for cookie, value in ((CART_COOKIE, "some-cart"), ("bazaar_currency", "EUR")):
        other = app.test_client()
        other.set_cookie(cookie, value)
        assert "X-Page-Cache" not in other.get("/").headers


def test_a_page_with_flash_messages_is_never_cached(app, catalog):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Only for this visitor")]
    page = client.get("/")
    assert "Only for this visitor" in page.get_data(as_text=True)
    assert "X-Page-Cache" not in page.headers
    fresh = visit(app, "/")
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert "Only for this visitor" not in fresh.get_data(as_text=True)


def test_a_listing_change_shows_at_once(app, catalog):
    path = f"/listings/{catalog.kilim.id}"
    english = {"Accept-Language": "en"}
    visit(app, path, **english)
    assert visit(app, path, **english).headers["X-Page-Cache"] == "hit"
    english_text = next(t for t in catalog.kilim.translations if t.lang == "en")
    english_text.title = "Renamed Jolfa kilim"
    db.session.commit()  # the search index applies the change, its generation moves on
    page = visit(app, path, **english)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Renamed Jolfa kilim" in page.get_data(as_text=True)


def test_pages_expire_after_page_cache_seconds(app, catalog, monkeypatch):
    import cachelib.simple

    visit(app, "/")
    assert visit(app, "/").headers["X-Page-Cache"] == "hit"
    now = cachelib.simple.time()
    monkeypatch.setattr(cachelib.simple, "time", lambda: now + 31)
    assert visit(app, "/").headers["X-Page-Cache"] == "miss"


def test_error_pages_carry_a_real_token_and_are_not_cached(app, catalog):
    for _ in range(2):
        page = visit(app, "/listings/999999")
        assert page.status_code == 404
        assert "X-Page-Cache" not in page.headers
        assert PLACEHOLDER not in page.get_data(as_text=True)
