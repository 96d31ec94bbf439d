"""Forgotten passwords: an emailed link that works once and expires (S11), and no enumeration
through the form (S09)."""
from __future__ import annotations

import time

from itsdangerous.timed import TimestampSigner

from marketplace.extensions import db
from marketplace.models import User
from tests import factories
from tests.conftest import csrf_token, login
from tests.functional.test_accounts import _page, mailed_link

NEW_PASSWORD = "a-fresh-kilim-phrase-1405"


def ask_for_reset(client, email):
    token = csrf_token(client, "/account/forgot")
    return client.post("/account/forgot", data={"email": email, "csrf_token": token})


def choose(client, link, password=NEW_PASSWORD):
    token = csrf_token(client, link)
    return client.post(link, data={"password": password, "confirm": password,
                                   "csrf_token": token})


def test_reset_link_works_once(client, app):
    """S11: the emailed link sets a new password, logs in, and cannot be used again."""
    factories.user(db.session, "shopper@example.com", name="Reza")
    db.session.commit()
    assert ask_for_reset(client, "Shopper@Example.com").status_code == 302
    link = mailed_link(app, "shopper@example.com", "/account/reset/")
    assert link
    response = choose(client, link)
    assert response.status_code == 302
    assert "Reza" in client.get("/account/").get_data(as_text=True)

    again = app.test_client()
    assert again.get(link).status_code == 400
    assert login(app.test_client(), "shopper@example.com", factories.PASSWORD).status_code == 400
    assert login(app.test_client(), "shopper@example.com", NEW_PASSWORD).status_code == 302


def test_used_link_cannot_set_a_second_password(client, app):
    """S11: a second POST with the same link is refused and the first new password stays."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    ask_for_reset(client, "shopper@example.com")
    link = mailed_link(app, "shopper@example.com", "/account/reset/")
    other = app.test_client()
    form_token = csrf_token(other, link)  # opened in a second tab before the first one is used
    assert choose(client, link).status_code == 302
    response = other.post(link, data={"password": "not-the-one-we-keep-1", "confirm":
                                      "not-the-one-we-keep-1", "csrf_token": form_token})
    assert response.status_code == 400
    assert login(app.test_client(), "shopper@example.com", NEW_PASSWORD).status_code == 302


def test_reset_link_expires_after_an_hour(client, app, monkeypatch):
    """S11: a link older than an hour is refused, and the password is unchanged."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    ask_for_reset(client, "shopper@example.com")
    link = mailed_link(app, "shopper@example.com", "/account/reset/")
    assert client.get(link).status_code == 200
    later = int(time.time()) + 3601
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert client.get(link).status_code == 400
    assert choose(client, link).status_code == 400
    monkeypatch.undo()
    assert login(app.test_client(), "shopper@example.com", factories.PASSWORD).status_code == 302


def test_forged_and_foreign_links_are_refused(client, app):
    """S11: a tampered token, or one signed for another password, opens nothing."""
    user = factories.user(db.session, "shopper@example.com")
    db.session.commit()
    ask_for_reset(client, "shopper@example.com")
    link = mailed_link(app, "shopper@example.com", "/account/reset/")
    assert client.get(link[:-2] + ("AA" if not link.endswith("AA") else "BB")).status_code == 400
    assert client.get("/account/reset/not-a-token").status_code == 400
    # A password change elsewhere (here: the reset of another request) kills older links.
    user = db.session.get(User, user.id)
    user.password_hash = "$argon2id$changed"
    db.session.commit()
    assert client.get(link).status_code == 400


def test_reset_ends_other_sessions(app):
    """S11, S12: a reset logs out every device that was logged in with the old password."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    thief = app.test_client()
    login(thief, "shopper@example.com")
    assert thief.get("/account/").status_code == 200
    owner = app.test_client()
    ask_for_reset(owner, "shopper@example.com")
    choose(owner, mailed_link(app, "shopper@example.com", "/account/reset/"))
    assert thief.get("/account/").status_code == 302


def test_forgot_password_looks_the_same_for_known_and_unknown_emails(app):
    """S09: the same redirect and page for an account and for no account; one email each."""
    factories.user(db.session, "shopper@example.com")
    db.session.commit()
    known_client, unknown_client = app.test_client(), app.test_client()
    known = ask_for_reset(known_client, "shopper@example.com")
    unknown = ask_for_reset(unknown_client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert known.get_data() == unknown.get_data()
    assert _page(known_client, known.headers["Location"]) == _page(
        unknown_client, unknown.headers["Location"])
    sent = [m["To"] for m in app.extensions["mail_backend"].sent]
    assert sent.count("shopper@example.com") == sent.count("nobody@example.com") == 1
    assert mailed_link(app, "nobody@example.com", "/account/reset/") is None


def test_signup_link_works_once_and_expires(client, app, monkeypatch):
    """S11, S09: the sign-up link creates the account once; a stale one opens nothing."""
    token = csrf_token(client, "/account/register")
    client.post("/account/register", data={"display_name": "Leila", "email": "leila@example.com",
                                           "csrf_token": token})
    link = mailed_link(app, "leila@example.com", "/account/welcome/")
    assert db.session.query(User).count() == 0  # nothing is stored before the link is used
    later = int(time.time()) + 3 * 24 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert client.get(link).status_code == 400
    monkeypatch.undo()
    assert choose(client, link).status_code == 302
    assert choose(app.test_client(), link).status_code == 400
    assert db.session.query(User).filter_by(email="leila@example.com").count() == 1


def test_reset_form_is_rate_limited_per_email(app):
    """S08: asking again and again for one address's reset is limited (429)."""
    codes = [ask_for_reset(app.test_client(), "victim@example.com").status_code
             for _ in range(6)]
    assert codes[:5] == [302] * 5 and codes[5] == 429
