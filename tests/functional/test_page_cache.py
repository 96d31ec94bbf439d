"""The page cache for anonymous visitors (marketplace/web/page_cache.py), switched on."""
from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from config import TestingConfig
from marketplace import create_app
from marketplace.cooperatives import shares
from marketplace.extensions import cache, db, limiter
from marketplace.models import Cart
from marketplace.web.current_cart import COOKIE as CART_COOKIE
from tests import factories
from tests.conftest import RequestPerContextClient, login

TOKEN = re.compile(r'name="csrf_token"[^>]* value="([^"]*)"')


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    class Config(TestingConfig):
        INSTANCE_DIR = str(tmp_path / "instance")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        CACHE_TYPE = "SimpleCache"
        PAGE_CACHE_SECONDS = 30
        PAGE_CACHE_RECHECK_SECONDS = 0  # see each catalogue change at once, as one worker would

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


def tokens(response) -> list[str]:
    return TOKEN.findall(response.get_data(as_text=True))


def offers_to_resend(response) -> bool:
    return 'class="resend"' in response.get_data(as_text=True)


def fetched_token(client) -> str:
    """What static/js/csrf.js does before it sends a form from a cached page."""
    answer = client.get("/account/csrf-token")
    assert answer.headers["Cache-Control"] == "no-store"
    return answer.get_json()["csrf_token"]


@pytest.mark.parametrize("path", ["/", "/search?q=kilim", "/categories/kilims", "/regions",
                                  "/made-in/east-azerbaijan", "/regions/east-azerbaijan"])
def test_a_second_first_time_visitor_gets_the_same_page_from_the_cache(app, catalog, path):
    first, second = visit(app, path), visit(app, path)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert first.get_data() == second.get_data()
    assert "Cookie" in second.headers["Vary"] and "Accept-Language" in second.headers["Vary"]
    assert "Set-Cookie" not in first.headers and "Set-Cookie" not in second.headers
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]
    # Nobody's token is in a page everybody gets.
    assert all(token == "" for token in tokens(second))


def test_a_shopper_adds_to_cart_from_a_cached_page(app, catalog):
    path = f"/listings/{catalog.kilim.id}"
    visit(app, path)
    shopper = app.test_client()
    page = shopper.get(path)
    assert page.headers["X-Page-Cache"] == "hit"
    assert tokens(page) and set(tokens(page)) == {""}
    # The form carries no token; the script fetches this shopper's own and sends the form.
    token = fetched_token(shopper)
    assert shopper.get(path).headers["X-Page-Cache"] == "hit"  # a token alone shares the page
    added = shopper.post("/cart/add", data={"listing_id": catalog.kilim.id, "quantity": 1,
                                            "csrf_token": token})
    assert added.status_code == 302
    assert shopper.get_cookie(CART_COOKIE) is not None
    # From now on the header shows the shopper's cart, so pages are rendered for them alone.
    again = shopper.get(path)
    assert "X-Page-Cache" not in again.headers
    assert "(۱)" in again.get_data(as_text=True)  # the cart link, in Persian digits


def test_a_token_fetched_by_one_visitor_does_not_work_for_another(app, catalog):
    alice, bob = app.test_client(), app.test_client()
    alice_token = fetched_token(alice)
    bob.get("/")
    refused = bob.post("/account/language", data={"lang": "en", "next": "/",
                                                  "csrf_token": alice_token})
    assert refused.status_code == 400
    assert not offers_to_resend(refused)  # a wrong token is no accident


def test_without_javascript_the_shopper_confirms_and_the_form_goes_through(app, catalog):
    path = f"/listings/{catalog.kilim.id}"
    visit(app, path)
    shopper = app.test_client()
    assert shopper.get(path).headers["X-Page-Cache"] == "hit"
    sent = shopper.post("/cart/add", data={"listing_id": catalog.kilim.id, "quantity": 2,
                                           "csrf_token": ""})
    assert sent.status_code == 400
    assert shopper.get_cookie(CART_COOKIE) is None  # nothing happened yet
    html = sent.get_data(as_text=True)
    assert offers_to_resend(sent) and "لطفاً تأیید کنید" in html
    (token,) = {t for t in tokens(sent) if t}
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert fields["listing_id"] == str(catalog.kilim.id) and fields["quantity"] == "2"
    fields["csrf_token"] = token
    confirmed = shopper.post("/cart/add", data=fields)
    assert confirmed.status_code == 302
    assert shopper.get_cookie(CART_COOKIE) is not None
    cart = db.session.scalar(select(Cart))
    assert [(line.listing_id, line.quantity) for line in cart.lines] == [(catalog.kilim.id, 2)]


def test_a_login_without_a_token_is_refused_not_offered_again(app, catalog):
    """S15: only the harmless forms of cached pages may be confirmed and resent."""
    client = app.test_client()
    refused = client.post("/account/login", data={"email": "weaver@example.com",
                                                  "password": factories.PASSWORD})
    assert refused.status_code == 400
    assert not offers_to_resend(refused)
    assert "/account/logout" not in client.get("/cart/").get_data(as_text=True)  # not logged in


def test_each_language_and_currency_has_its_own_cached_page(app, shop):
    catalog = shop.catalog  # with the day's exchange rates
    path = f"/listings/{catalog.kilim.id}"
    persian = visit(app, path, **{"Accept-Language": "fa"})
    english = visit(app, path, **{"Accept-Language": "en-GB,en;q=0.8"})
    assert english.headers["X-Page-Cache"] == "miss"
    assert 'lang="fa"' in persian.get_data(as_text=True)
    english_again = visit(app, path, **{"Accept-Language": "en"})
    assert english_again.headers["X-Page-Cache"] == "hit"
    assert 'lang="en"' in english_again.get_data(as_text=True)
    assert "Handwoven Jolfa kilim" in english_again.get_data(as_text=True)

    in_euros = app.test_client()
    in_euros.set_cookie("bazaar_currency", "EUR")
    first = in_euros.get(path, headers={"Accept-Language": "en"})
    assert first.headers["X-Page-Cache"] == "miss" and "€2,750.00" in first.get_data(as_text=True)
    second = in_euros.get(path, headers={"Accept-Language": "en"})
    assert second.headers["X-Page-Cache"] == "hit" and "€2,750.00" in second.get_data(as_text=True)
    assert "$2,975.00" in english_again.get_data(as_text=True)


def test_a_visitor_who_chose_english_reads_the_english_page(app, catalog):
    path = f"/listings/{catalog.kilim.id}"
    visit(app, path, **{"Accept-Language": "en"})
    visitor = app.test_client()
    visitor.post("/account/language", data={"lang": "en", "next": "/",
                                             "csrf_token": fetched_token(visitor)})
    # The browser asks for Persian, but the session says English: the English page, cached.
    page = visitor.get(path, headers={"Accept-Language": "fa"})
    assert page.headers["X-Page-Cache"] == "hit"
    assert 'lang="en"' in page.get_data(as_text=True)


def test_a_returning_visitor_fills_the_cache_without_losing_their_session(app, catalog):
    path = f"/listings/{catalog.kilim.id}"
    visitor = app.test_client()
    visitor.post("/account/language", data={"lang": "en", "next": "/",
                                             "csrf_token": fetched_token(visitor)})
    first = visitor.get(path)
    assert first.headers["X-Page-Cache"] == "miss" and "Set-Cookie" not in first.headers
    assert 'lang="en"' in first.get_data(as_text=True)
    with visitor.session_transaction() as session:
        assert session["lang"] == "en" and session["csrf_token"]
    # The page was rendered as for a first visit in English, so an English newcomer reads it.
    newcomer = visit(app, path, **{"Accept-Language": "en"})
    assert newcomer.headers["X-Page-Cache"] == "hit"
    assert newcomer.get_data() == first.get_data()


def test_a_logged_in_shopper_is_never_served_a_cached_page(app, catalog):
    visit(app, "/")
    assert visit(app, "/").headers["X-Page-Cache"] == "hit"
    client = app.test_client()
    assert login(client, "weaver@example.com").status_code == 302
    page = client.get("/")
    assert "X-Page-Cache" not in page.headers
    assert "Maryam Ahmadi" in page.get_data(as_text=True)
    assert visit(app, "/").get_data() != page.get_data()
    assert "Maryam Ahmadi" not in visit(app, "/").get_data(as_text=True)


def test_remember_and_cart_cookies_bypass_the_cache(app, catalog):
    visit(app, "/")
    for cookie in ("remember_token", CART_COOKIE):
        other = app.test_client()
        other.set_cookie(cookie, "something")
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


def test_an_ambassador_link_is_remembered_even_when_the_page_is_cached(app, catalog):
    abroad = factories.user(db.session, "abroad@example.com", name="Sara Weber")
    holder = shares.register_shareholder(db.session, cooperative=catalog.coop, user=abroad,
                                         country_code="DE")
    db.session.commit()
    visit(app, "/")
    visitor = app.test_client()
    page = visitor.get(f"/?ref={holder.referral_code}")
    assert "X-Page-Cache" not in page.headers
    with visitor.session_transaction() as session:
        assert session["ref"] == holder.referral_code
    # The code is the visitor's now: their pages are their own until checkout.
    assert "X-Page-Cache" not in visitor.get("/").headers


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


def test_error_pages_are_not_cached(app, catalog):
    for _ in range(2):
        page = visit(app, "/listings/999999")
        assert page.status_code == 404
        assert "X-Page-Cache" not in page.headers


def test_a_hit_is_served_outside_flask_and_still_logged(app, catalog, caplog):
    """Gunicorn threads answer hits with no app context; each still gets a request log line."""
    visit(app, "/regions")
    environ_base = {"REQUEST_METHOD": "GET", "PATH_INFO": "/regions", "QUERY_STRING": "",
                    "SERVER_NAME": "localhost", "SERVER_PORT": "80", "HTTP_HOST": "localhost",
                    "wsgi.url_scheme": "http", "HTTP_X_REQUEST_ID": "abc123def4567890"}
    answered: dict = {}

    def start_response(status, headers, exc_info=None):
        answered["status"], answered["headers"] = status, dict(headers)

    def serve():
        answered["body"] = b"".join(app.wsgi_app(dict(environ_base), start_response))

    with caplog.at_level(logging.INFO, logger="bazaar.requests"):
        worker = threading.Thread(target=serve)
        worker.start()
        worker.join()
    assert answered["status"] == "200 OK"
    assert answered["headers"]["X-Page-Cache"] == "hit"
    assert int(answered["headers"]["Content-Length"]) == len(answered["body"])
    assert answered["headers"]["X-Request-Id"] == "abc123def4567890"
    lines = [json.loads(r.getMessage()) for r in caplog.records
             if "abc123def4567890" in r.getMessage()]
    assert lines == [{**lines[0], "endpoint": "storefront.regions", "status": 200,
                      "path": "/regions", "user": None}]


def _decoded(response) -> bytes:
    import gzip

    import brotli

    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[encoding](body)


def test_a_cached_page_reaches_each_visitor_in_an_encoding_their_browser_reads(app, catalog):
    """A phone on HTTPS gets brotli, an older browser gzip, a client that asks for nothing the
    plain page: each from its own cache entry, never another's compressed bytes."""
    plain = visit(app, "/search?q=kilim")
    assert "Content-Encoding" not in plain.headers
    stored = {None}
    for header, encoding in [("br, gzip", "br"), ("gzip, deflate", "gzip"),
                             ("gzip;q=1.0, br;q=0", "gzip"), ("identity", None)]:
        miss = visit(app, "/search?q=kilim", **{"Accept-Encoding": header})
        hit = visit(app, "/search?q=kilim", **{"Accept-Encoding": header})
        assert miss.headers["X-Page-Cache"] == ("hit" if encoding in stored else "miss"), header
        assert hit.headers["X-Page-Cache"] == "hit", header
        stored.add(encoding)
        assert hit.headers.get("Content-Encoding") == encoding, header
        assert "Accept-Encoding" in hit.headers["Vary"]
        assert int(hit.headers["Content-Length"]) == len(hit.get_data())
        assert _decoded(hit) == _decoded(miss) == plain.get_data(), header
    assert len(visit(app, "/search?q=kilim", **{"Accept-Encoding": "br"}).get_data()) \
        < len(plain.get_data()) / 3
    again = visit(app, "/search?q=kilim")
    assert again.headers["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in again.headers and again.get_data() == plain.get_data()


def test_pages_and_stylesheets_that_are_not_cached_are_compressed_too(app, catalog):
    shopper = app.test_client()
    page = shopper.get("/cart/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and b"<html" in _decoded(page)
    stylesheet = shopper.get("/static/css/bazaar.css", headers={"Accept-Encoding": "br"})
    assert stylesheet.headers["Content-Encoding"] == "br"
    assert b"@font-face" in _decoded(stylesheet)
