"""The weekly digest: one email per follower with the pieces their shops listed since the last.

`send_weekly` runs from the job runner (`jobs.weekly_digest`) as often as it likes: each
follower's week is claimed with one conditional UPDATE before the email is written (in the
same transaction, to the mail outbox), so a week gets at most one digest however many runners
run it. Each digest tells the listings created since the moment the previous one covered, so
nothing is told twice or skipped; the first covers the past week.

Every digest carries an unsubscribe link signed for its reader (itsdangerous, the app's secret
and its own salt), which works without signing in and never expires.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from marketplace.catalog import following
from marketplace.core.formatting import format_money
from marketplace.mail import outbox
from marketplace.mail.outbox import language_of
from marketplace.models import DigestState, User

UNSUBSCRIBE_SALT = "bazaar.digest-unsubscribe"
FIRST_DIGEST_COVERS = timedelta(days=7)
MAX_LISTINGS = 12


def iso_week(moment: datetime) -> str:
    year, week, _day = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User) -> str:
    return _serializer().dumps(user.id)


def read_unsubscribe_token(token: str) -> int | None:
    """The user the link was made for, or None for a forged or damaged one."""
    try:
        user_id = _serializer().loads(token)
    except BadData:
        return None
    return user_id if isinstance(user_id, int) else None


def unsubscribe(session: Session, *, user_id: int) -> None:
    session.execute(update(DigestState).where(DigestState.user_id == user_id)
                    .values(unsubscribed=True))


def subscribed(session: Session, *, user_id: int) -> bool:
    state = session.get(DigestState, user_id)
    return state is not None and not state.unsubscribed


def resubscribe(session: Session, *, user_id: int) -> None:
    session.execute(update(DigestState).where(DigestState.user_id == user_id)
                    .values(unsubscribed=False))


def send_weekly(session: Session, *, now: datetime) -> int:
    """Write this week's digest for every follower who has not had it; how many were written.

    Needs a request context for the links (the job runner makes one for the site's URL).
    """
    week = iso_week(now)
    due = session.scalars(
        select(DigestState).join(User, User.id == DigestState.user_id)
        .where(DigestState.unsubscribed.is_(False), User.active.is_(True),
               or_(DigestState.last_week.is_(None), DigestState.last_week != week))
        .order_by(DigestState.user_id)
    ).all()
    written = 0
    for state in due:
        since = state.covered_until or now - FIRST_DIGEST_COVERS
        claimed = session.execute(
            update(DigestState)
            .where(DigestState.user_id == state.user_id,
                   or_(DigestState.last_week.is_(None), DigestState.last_week != week))
            .values(last_week=week, covered_until=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:  # another runner wrote this week's digest meanwhile
            continue
        found = following.new_from_followed(session, user_id=state.user_id, since=since,
                                            until=now, limit=MAX_LISTINGS)
        if found:
            _write(session, session.get(User, state.user_id), found)
            written += 1
    session.flush()
    return written


def _write(session: Session, user: User, listings: list) -> None:
    lang = language_of(user.locale)
    with force_locale(lang):
        lines = []
        for item in listings:
            text = item.text(lang)
            shop = item.artisan.localized("display_name", lang)
            lines.append(f"- {text.title} ({shop}, {format_money(item.price, lang)})\n  "
                         + url_for("storefront.listing", listing_id=item.id, _external=True))
        outbox.enqueue(
            session,
            to=user.email,
            subject=_("New this week from the shops you follow"),
            body=_(
                "Hello %(name)s,\n\nThe shops you follow on Bazaar listed these new pieces:\n\n"
                "%(listings)s\n\nYou get this email once a week because you follow these shops. "
                "To stop it, open this link (no need to sign in):\n%(unsubscribe)s",
                name=user.display_name, listings="\n".join(lines),
                unsubscribe=url_for("favourites.unsubscribe", token=unsubscribe_token(user),
                                    _external=True),
            ),
        )
