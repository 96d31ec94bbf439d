"""Guessing someone's password is slowed down without locking the real owner out (S08, S40)."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from config import TestingConfig
from marketplace import create_app
from marketplace.extensions import db
from marketplace.web.accounts import devices
from marketplace.web.accounts.views import LOGIN_FAILURES_PER_ACCOUNT_HOURLY
from tests import factories
from tests.conftest import RequestPerContextClient, csrf_token, login, set_language

OWNER = "leila@example.com"


def device(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def log_out(client: FlaskClient) -> None:
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})


def fail_from_many_addresses(app: Flask, times: int) -> list[int]:
    """A botnet: each wrong guess for the owner's account comes from a fresh address."""
    return [login(device(app, f"10.9.{n // 250}.{n % 250}"), OWNER, "wrong-guess").status_code
            for n in range(times)]


def test_an_attacker_failing_fifty_times_cannot_lock_the_owner_out_of_her_phone(app):
    """S40: after the per-account ceiling is spent by others, the owner's known device still
    signs in; a new device waits for the ceiling, as S08 asks."""
    factories.user(db.session, OWNER)
    db.session.commit()
    phone = device(app, "192.0.2.7")
    assert login(phone, OWNER).status_code == 302
    log_out(phone)

    codes = fail_from_many_addresses(app, LOGIN_FAILURES_PER_ACCOUNT_HOURLY + 1)
    assert codes[:-1] == [400] * LOGIN_FAILURES_PER_ACCOUNT_HOURLY and codes[-1] == 429

    assert login(phone, OWNER).status_code == 302
    assert phone.get("/account/").status_code == 200
    assert login(device(app, "192.0.2.7"), OWNER).status_code == 429  # same address, new browser


def test_the_owner_on_a_new_device_is_held_only_by_the_loose_ceiling(app):
    """S40: failures from one address lock only that address; the owner on a new device
    elsewhere signs in until guessing from everywhere reaches the per-account ceiling."""
    factories.user(db.session, OWNER)
    db.session.commit()
    attacker = device(app, "203.0.113.5")
    codes = [login(attacker, OWNER, "wrong-guess").status_code for _ in range(8)]
    assert codes[:5] == [400] * 5 and codes[5:] == [429] * 3
    assert login(attacker, OWNER).status_code == 429  # the right password, from that address

    fail_from_many_addresses(app, LOGIN_FAILURES_PER_ACCOUNT_HOURLY - 10)
    laptop = device(app, "198.51.100.20")
    assert login(laptop, OWNER).status_code == 302


def test_a_known_device_still_has_the_account_and_address_limit(app):
    """S40: the known-device cookie exempts only from the per-account ceiling, so a stolen
    phone cannot be used to guess the password faster."""
    factories.user(db.session, OWNER)
    db.session.commit()
    phone = device(app, "192.0.2.7")
    login(phone, OWNER)
    log_out(phone)
    codes = [login(phone, OWNER, "wrong-guess").status_code for _ in range(6)]
    assert codes == [400] * 5 + [429]


def test_a_device_is_known_only_for_the_accounts_that_signed_in_on_it(app):
    """S40: Reza's device cookie does not exempt a guesser of Leila's account; neither does a
    cookie the server did not sign. A family computer knows both of them."""
    factories.user(db.session, OWNER)
    factories.user(db.session, "reza@example.com")
    db.session.commit()
    rezas_laptop, family_pc = device(app, "192.0.2.8"), device(app, "192.0.2.10")
    for client, email in ((rezas_laptop, "reza@example.com"), (family_pc, OWNER),
                          (family_pc, "reza@example.com")):
        assert login(client, email).status_code == 302
        log_out(client)
    fail_from_many_addresses(app, LOGIN_FAILURES_PER_ACCOUNT_HOURLY)

    assert login(rezas_laptop, OWNER).status_code == 429
    forger = device(app, "192.0.2.9")
    forger.set_cookie(devices.COOKIE, "[1, 2, 3]", path=devices.PATH)
    assert login(forger, OWNER).status_code == 429
    assert login(family_pc, OWNER).status_code == 302


def test_the_known_device_cookie_is_httponly_lax_and_secure_in_production(app, tmp_path):
    """S40, S13: the cookie is sent only to the login form, never to scripts or other sites,
    and only over HTTPS in production."""
    factories.user(db.session, OWNER)
    db.session.commit()
    cookie = _device_cookie(login(device(app, "192.0.2.7"), OWNER))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/account/login" in cookie
    assert "Secure" not in cookie  # the demo runs over plain http on 127.0.0.1

    class SecureConfig(TestingConfig):
        SESSION_COOKIE_SECURE = True
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        INSTANCE_DIR = str(tmp_path / "secure")

    secure_app = create_app(SecureConfig)
    secure_app.test_client_class = RequestPerContextClient
    with secure_app.app_context():
        db.create_all()
        factories.user(db.session, OWNER)
        db.session.commit()
        client = secure_app.test_client()
        client.environ_base["wsgi.url_scheme"] = "https"
        assert "Secure" in _device_cookie(login(client, OWNER))


def _device_cookie(response) -> str:
    return next(header for header in response.headers.getlist("Set-Cookie")
                if header.startswith(devices.COOKIE + "="))


def test_a_locked_out_login_says_how_the_owner_gets_in(app):
    """S40: the refusal names the ways past the ceiling, in the visitor's language."""
    factories.user(db.session, OWNER)
    db.session.commit()
    fail_from_many_addresses(app, LOGIN_FAILURES_PER_ACCOUNT_HOURLY)
    laptop = device(app, "198.51.100.20")
    page = login(laptop, OWNER).get_data(as_text=True)
    assert "از دستگاهی که پیش‌تر با آن وارد شده‌اید" in page
    set_language(laptop, "en")
    assert "sign in from a device you have used before" in login(laptop, OWNER).get_data(
        as_text=True)
