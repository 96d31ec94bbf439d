"""Accounts as a service: registration, password checks, session invalidation.

Functions take a session and flush; the caller commits (the view or CLI command).
"""
from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from marketplace.core.errors import DomainError
from marketplace.models import Role, User

_hasher = PasswordHasher()
# Tests create hundreds of accounts; the cheap parameters are only ever chosen by TestingConfig.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
# Verified against when the email is unknown, so a miss costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))

PASSWORD_MIN = 8
PASSWORD_MAX = 128


class EmailTaken(DomainError):
    pass


class WrongPassword(DomainError):
    pass


def is_guessable(password: str, *, hints: tuple[str, ...] = ()) -> bool:
    """Common or easily guessed passwords (zxcvbn score below 2 of 4), S10.

    zxcvbn refuses input over 72 characters; a passphrase that long is judged by its start.
    """
    return zxcvbn(password[:72], user_inputs=[h for h in hints if h])["score"] < 2


def hash_password(password: str, *, fast: bool = False) -> str:
    return (_fast_hasher if fast else _hasher).hash(password)


def new_session_token() -> str:
    return secrets.token_hex(16)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def register(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role = Role.SHOPPER,
    locale: str | None = None,
    fast_hash: bool = False,
) -> User:
    email = normalise_email(email)
    if session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise EmailTaken(email)
    user = User(
        email=email,
        password_hash=hash_password(password, fast=fast_hash),
        display_name=display_name.strip(),
        role=role,
        locale=locale,
        session_token=new_session_token(),
    )
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The user if the password matches; None for a wrong password and an unknown email alike."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    stored = user.password_hash if user is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return user


def change_password(user: User, *, current: str, new: str, fast_hash: bool = False) -> None:
    """Needs the current password; ends every other session of the user (S10, S12)."""
    try:
        _hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError) as exc:
        raise WrongPassword from exc
    set_password(user, new, fast_hash=fast_hash)


def set_password(user: User, new: str, *, fast_hash: bool = False) -> None:
    """A new password from a reset link: no current one needed; every session ends (S11, S12)."""
    user.password_hash = hash_password(new, fast=fast_hash)
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Invalidate every cookie issued to this user (logout, password change)."""
    user.session_token = new_session_token()


def load_user(session: Session, cookie_id: str) -> User | None:
    user_id, _, token = cookie_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = session.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_token, token):
        return None
    return user
