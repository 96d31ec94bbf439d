"""Known devices: a browser that signed in to an account before keeps signing in to it (S40).

Anyone can fail logins for someone else's email; the per-account ceiling on failures then turns
away every new device, the owner's included. A successful sign-in leaves a long-lived cookie,
signed with SECRET_KEY, naming the accounts that signed in from this browser; a login for one
of them skips that ceiling (never the account-and-address limit). The cookie grants nothing
else: the password is still needed, and it is sent only to the login form.
"""
from __future__ import annotations

from flask import Response, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer

from marketplace.accounts import identity
from marketplace.extensions import db
from marketplace.models import User

COOKIE = "bazaar_device"
SALT = "bazaar.known-device"
MAX_AGE = 365 * 24 * 3600
ACCOUNTS_PER_DEVICE = 5  # a family's shared computer, not a list that grows forever
PATH = "/account/login"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _accounts_here() -> list[int]:
    """The user ids this browser signed in as, newest first; none if the cookie is not ours."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    try:
        ids = _serializer().loads(raw, max_age=MAX_AGE)
    except BadData:
        return []
    if not isinstance(ids, list):
        return []
    return [i for i in ids if isinstance(i, int)][:ACCOUNTS_PER_DEVICE]


def is_known_for(email: str) -> bool:
    """Did this browser sign in to the account of `email` before?"""
    ids = _accounts_here()
    if not ids or not email:
        return False
    user = identity.find_user(db.session, email)
    return user is not None and user.id in ids


def remember(response: Response, user: User) -> Response:
    """Mark this browser as one `user` signs in from (renewed at each sign-in)."""
    ids = [user.id] + [i for i in _accounts_here() if i != user.id]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(ids[:ACCOUNTS_PER_DEVICE]),
        max_age=MAX_AGE,
        path=PATH,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response
