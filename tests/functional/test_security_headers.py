"""S16, S13: the Content-Security-Policy lets Stripe.js run and nothing inline; production
adds HSTS and Secure cookies."""
from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from config import ProductionConfig, TestingConfig
from marketplace import create_app
from marketplace.core import signing
from marketplace.extensions import db
from marketplace.web.security_headers import content_security_policy
from tests import factories
from tests.conftest import login
from tests.functional.checkout_helpers import add_to_cart, checkout_from, place_order, set_currency


def directives(csp: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}


def test_card_page_runs_stripe_js_under_the_policy(client, shop, stripe_app):
    """S16: on the card payment page every script comes from 'self' or Stripe's origin, which
    script-src and frame-src allow; there is no inline script, handler or style to need
    'unsafe-inline'."""
    login(client, shop.shopper.email)
    set_currency(client, "USD")
    add_to_cart(client, shop.catalog.kilim, "1")
    checkout = checkout_from(place_order(client))
    response = client.get(f"/checkout/{checkout.public_id}")
    html = response.get_data(as_text=True)
    policy = directives(response.headers["Content-Security-Policy"])
    stripe_origin = "{0.scheme}://{0.netloc}".format(
        urlsplit(stripe_app.config["STRIPE_JS_URL"]))
    assert stripe_origin in policy["script-src"] and stripe_origin in policy["frame-src"]
    assert stripe_origin in policy["connect-src"]
    assert all("unsafe" not in value for values in policy.values() for value in values)
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "the card page loads Stripe.js"
    for attributes in scripts:
        src = re.search(r'src="([^"]+)"', attributes)
        assert src, "inline <script> would be blocked by the policy"
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(src.group(1)))
        assert src.group(1).startswith("/") or origin in policy["script-src"]
    assert stripe_app.config["STRIPE_JS_URL"] in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers need 'unsafe-inline'"
    assert not re.search(r"\sstyle=", html), "inline styles need 'unsafe-inline'"


def test_policy_for_the_real_stripe_js():
    """S16: with https://js.stripe.com/v3/ the policy has Stripe's documented origins."""
    policy = directives(content_security_policy("https://js.stripe.com/v3/"))
    assert policy["script-src"] == ["'self'", "https://js.stripe.com"]
    assert set(policy["frame-src"]) == {"https://js.stripe.com", "https://hooks.stripe.com"}
    assert "https://api.stripe.com" in policy["connect-src"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert directives(content_security_policy(None))["frame-src"] == ["'none'"]


def test_production_sends_hsts_and_secure_cookies(tmp_path, monkeypatch):
    """S13, S16: in ProductionConfig every response has HSTS and the session and remember-me
    cookies are Secure, HttpOnly and SameSite=Lax."""
    class Config(ProductionConfig):
        SECRET_KEY = secrets.token_urlsafe(48)  # production refuses a guessable one (S38)
        STRIPE_SECRET_KEY = "sk_test_" + secrets.token_hex(12)
        STRIPE_PUBLISHABLE_KEY = "pk_test_" + secrets.token_hex(12)
        STRIPE_WEBHOOK_SECRET = "whsec_" + secrets.token_hex(16)
        PROVENANCE_KEY = signing.generate().private_text()  # production needs one (S49)
        SQLALCHEMY_DATABASE_URI = TestingConfig.SQLALCHEMY_DATABASE_URI
        INSTANCE_DIR = str(tmp_path / "instance")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        MAIL_BACKEND = "memory"
        PASSWORD_HASH_FAST = True
        SESSION_COOKIE_SECURE = True
        REMEMBER_COOKIE_SECURE = True

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        factories.user(db.session, "shopper@example.com")
        db.session.commit()
        client = app.test_client()
        page = client.get("/account/login", base_url="https://bazaar.test")
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Content-Security-Policy" in page.headers
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                          page.get_data(as_text=True)).group(1)
        response = client.post(
            "/account/login", base_url="https://bazaar.test",
            headers={"Referer": "https://bazaar.test/account/login"},
            data={"email": "shopper@example.com", "password": factories.PASSWORD,
                  "remember": "y", "csrf_token": token},
        )
        cookies = response.headers.getlist("Set-Cookie")
        assert response.status_code == 302, response.get_data(as_text=True)
        names = {c.split("=", 1)[0] for c in cookies}
        assert {"session", "remember_token"} <= names
        for cookie in cookies:
            assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        db.session.remove()
        db.drop_all()


def test_development_has_no_hsts(client, app):
    """S16: plain-HTTP demo runs send no HSTS (it would pin 127.0.0.1 to HTTPS)."""
    assert "Strict-Transport-Security" not in client.get("/").headers
