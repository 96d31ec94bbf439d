"""Signed links sent by email: creating an account and resetting a password (S09, S11).

Both are itsdangerous tokens signed with SECRET_KEY and timestamped, so they expire.
- Sign-up: carries the email, name and language typed on the form; nothing is stored until
  the owner of the address opens the link and chooses a password, so the form never reveals
  whether an address has an account, and nobody can pre-create an account for someone else.
  It works once: after the account exists the link is refused.
- Reset: carries the user id and is signed with the current password hash as part of the
  salt, so it stops working as soon as the password changes (used once) or when it expires.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.models import User

SIGNUP_SALT = "bazaar.signup"
RESET_SALT = "bazaar.password-reset."
SIGNUP_MAX_AGE = 2 * 24 * 3600  # seconds; the email says "two days"
RESET_MAX_AGE = 3600  # the email says "one hour"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"])


@dataclass(frozen=True)
class SignUp:
    email: str
    display_name: str
    locale: str | None


def signup_token(email: str, display_name: str, locale: str | None) -> str:
    return _serializer().dumps({"e": email, "n": display_name, "l": locale}, salt=SIGNUP_SALT)


def read_signup(session: Session, token: str) -> SignUp | None:
    """The sign-up the link was made for; None if forged, expired or already used."""
    try:
        max_age = current_app.config.get("SIGNUP_LINK_MAX_AGE", SIGNUP_MAX_AGE)
        data = _serializer().loads(token, salt=SIGNUP_SALT, max_age=max_age)
        signup = SignUp(str(data["e"]), str(data["n"]), data.get("l"))
    except (BadData, KeyError, TypeError):
        return None
    if session.scalar(select(User.id).where(User.email == signup.email)) is not None:
        return None  # used: the account exists
    return signup


def reset_token(user: User) -> str:
    return _serializer().dumps(user.id, salt=RESET_SALT + user.password_hash)


def read_reset(session: Session, token: str) -> User | None:
    """The user the link was made for; None if forged, expired or the password changed since."""
    serializer = _serializer()
    try:
        _, user_id = serializer.loads_unsafe(token)  # only to find whose hash salts the signature
        user = session.get(User, int(user_id)) if isinstance(user_id, int) else None
        if user is None or not user.active:
            return None
        serializer.loads(
            token,
            salt=RESET_SALT + user.password_hash,
            max_age=current_app.config.get("PASSWORD_RESET_MAX_AGE", RESET_MAX_AGE),
        )
    except BadData:
        return None
    return user
