"""A shopper registers, logs in and out; forms are protected and fail politely."""
from __future__ import annotations

import re

from marketplace.extensions import db
from marketplace.models import User
from marketplace.web.accounts.views import LOGIN_FAILURES_PER_ACCOUNT_HOURLY
from tests import factories
from tests.conftest import csrf_token, login


def register(client, email="leila@example.com", password="kilim-lover-1405", confirm=None):
    """Both steps: the form (name, email), then the emailed link, where the password is chosen.

    Returns the answer to the last step reached: the form's if it refused, else the link's.
    """
    first = client.post(
        "/account/register",
        data={
            "display_name": "Leila",
            "email": email,
            "csrf_token": csrf_token(client, "/account/register"),
        },
    )
    if first.status_code != 302:
        return first
    link = mailed_link(client.application, email, "/account/welcome/")
    if link is None:  # the address already has an account: no link, a notice instead
        return first
    return client.post(
        link,
        data={"password": password, "confirm": confirm or password,
              "csrf_token": csrf_token(client, link)},
    )


def mailed_link(app, email: str, prefix: str) -> str | None:
    """The path of the newest link starting with `prefix` mailed to `email`, if any."""
    for message in reversed(app.extensions["mail_backend"].sent):
        if message["To"] == email.strip().lower():
            match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"\S+)",
                              message.get_content())
            return match.group(1) if match else None
    return None


def test_shopper_registers_and_is_logged_in(client, app):
    response = register(client)
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="leila@example.com").one()
    assert user.password_hash.startswith("$argon2id$")
    assert "kilim-lover-1405" not in user.password_hash
    assert "Leila" in client.get("/account/").get_data(as_text=True)


def test_registration_with_bad_input_rerenders_with_errors_and_saves_nothing(client, app):
    response = register(client, email="not-an-email")
    assert response.status_code == 400
    assert "field-error" in response.get_data(as_text=True)
    response = register(client, email="leila@example.com", password="short", confirm="other")
    assert response.status_code == 400
    assert "field-error" in response.get_data(as_text=True)
    assert db.session.query(User).count() == 0


def _page(client, path):
    """The page without its per-session CSRF tokens."""
    return re.sub(r'name="csrf_token"[^>]*>', "", client.get(path).get_data(as_text=True))


def _first_step(client, email):
    token = csrf_token(client, "/account/register")
    return client.post(
        "/account/register", data={"display_name": "Leila", "email": email, "csrf_token": token}
    )


def test_registering_a_taken_email_looks_like_a_new_one(client, app):
    """S09: a taken email gets the same answer as a new one; its owner gets a notice instead."""
    factories.user(db.session, "taken@example.com")
    db.session.commit()
    taken = _first_step(client, "Taken@Example.com")
    new = _first_step(app.test_client(), "new@example.com")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    assert taken.get_data() == new.get_data()
    assert _page(client, taken.headers["Location"]) == _page(app.test_client(),
                                                            new.headers["Location"])
    assert db.session.query(User).count() == 1
    sent = {m["To"]: m.get_content() for m in app.extensions["mail_backend"].sent}
    assert "/account/welcome/" in sent["new@example.com"]
    assert "/account/welcome/" not in sent["taken@example.com"]
    assert "/account/forgot" in sent["taken@example.com"]  # the owner is pointed to a reset


def test_login_and_logout(client, app):
    factories.user(db.session, "shopper@example.com", name="Reza")
    db.session.commit()
    response = login(client, "shopper@example.com")
    assert response.status_code == 302
    assert "Reza" in client.get("/").get_data(as_text=True)
    token = csrf_token(client, "/")
    assert client.post("/account/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/account/").status_code == 302  # back to the login page


def test_wrong_password_and_unknown_email_look_the_same(client, app):
    """S09: no account enumeration on login."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    wrong = login(client, "shopper@example.com", "not-the-password")
    unknown = login(client, "nobody@example.com", "not-the-password")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.get_data(as_text=True) == unknown.get_data(as_text=True).replace(
        "nobody@example.com", "shopper@example.com"
    )


def test_logout_invalidates_the_old_session_cookie(app):
    """S12: a cookie copied before logout does not work after it."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    browser = app.test_client()
    login(browser, "shopper@example.com")
    stolen = browser.get_cookie("session").value
    browser.post("/account/logout", data={"csrf_token": csrf_token(browser, "/")})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account/").status_code == 302


def test_session_is_renewed_at_login(app):
    """S12: the session cookie before login is not the one after it."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    browser = app.test_client()
    csrf_token(browser)
    before = browser.get_cookie("session").value
    login(browser, "shopper@example.com")
    assert browser.get_cookie("session").value != before


def test_post_without_csrf_token_is_rejected(client, app):
    """S15: state-changing POSTs need a CSRF token."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    response = client.post(
        "/account/login", data={"email": "shopper@example.com", "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert client.post("/account/language", data={"lang": "en"}).status_code == 400


def test_next_only_redirects_to_local_paths(client, app):
    """S14: an open redirect through ?next= is not possible."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        client.get("/")
        response = client.post(
            "/account/login",
            data={"email": "shopper@example.com", "password": factories.PASSWORD,
                  "next": target, "csrf_token": csrf_token(client)},
        )
        assert response.headers["Location"] == "/"
        client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})
    login_page = client.get("/account/login?next=/coops/x").get_data(as_text=True)
    assert 'value="/coops/x"' in login_page


def test_repeated_failed_logins_are_rate_limited(client, app):
    """S08: brute force from one address gets 429."""
    codes = [login(client, "x@example.com", "wrong-password").status_code for _ in range(12)]
    assert codes[0] == 400
    assert codes[-1] == 429


def test_language_choice_is_remembered(client, app):
    token = csrf_token(client, "/")
    client.post("/account/language", data={"lang": "en", "next": "/regions", "csrf_token": token})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_session_cookie_flags(client, app):
    """S13: HttpOnly and SameSite=Lax on the session cookie."""
    response = client.get("/account/login")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_common_passwords_are_refused_and_long_ones_allowed(client, app):
    """S10: at least 8 characters, common passwords rejected, 64+ characters allowed."""
    assert register(client, email="a@example.com", password="password1").status_code == 400
    assert register(client, email="b@example.com", password="qwertyuiop").status_code == 400
    assert db.session.query(User).count() == 0
    long_phrase = "the wind over the aras river carries wool dust from the looms " * 2
    assert len(long_phrase) > 64
    assert register(client, email="c@example.com", password=long_phrase).status_code == 302


def test_password_change_needs_the_current_one_and_logs_out_other_devices(app):
    """S10, S12: the current password is required; other sessions end."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, "shopper@example.com")
    login(laptop, "shopper@example.com")

    def change(current):
        return laptop.post("/account/password", data={
            "current": current, "password": "saffron-and-madder-red", "confirm":
            "saffron-and-madder-red", "csrf_token": csrf_token(laptop, "/account/"),
        })

    assert change("not-my-password").status_code == 400
    assert change(factories.PASSWORD).status_code == 302
    assert laptop.get("/account/").status_code == 200
    assert phone.get("/account/").status_code == 302
    laptop.post("/account/logout", data={"csrf_token": csrf_token(laptop, "/")})
    assert login(laptop, "shopper@example.com", "saffron-and-madder-red").status_code == 302


def test_failed_logins_for_one_account_are_limited_across_addresses(app):
    """S08: per-account limit, even when each attempt comes from another address."""
    factories.user(db.session, "target@example.com")
    db.session.commit()
    codes = []
    for n in range(LOGIN_FAILURES_PER_ACCOUNT_HOURLY + 1):
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"10.0.{n // 250}.{n % 250}"
        codes.append(login(attacker, "target@example.com", "wrong-password").status_code)
    assert codes[:-1] == [400] * LOGIN_FAILURES_PER_ACCOUNT_HOURLY and codes[-1] == 429


def test_a_next_with_a_line_break_cannot_add_headers(client, app):
    """S14, S39: CR/LF in `next` never reaches the Location header (nor gives a 500)."""
    response = client.post("/account/language", data={
        "lang": "en", "next": "/\r\nSet-Cookie: evil=1", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "evil" not in response.headers.get("Set-Cookie", "")
