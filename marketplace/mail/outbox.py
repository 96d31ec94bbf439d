"""The mail outbox: an email is a row written in the change's own transaction, sent after commit.

A failing mail server can delay an email but never loses or undoes an order: the row stays
until a send succeeds (`flask mail send` and the job runner retry).
"""
from __future__ import annotations

import logging
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.mail.backends import Backend
from marketplace.models import MailOutbox
from marketplace.models.base import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
LANGUAGES = ("fa", "en")


def language_of(locale: str | None) -> str:
    """The language an email is written in: the reader's, or Persian."""
    return locale if locale in LANGUAGES else "fa"


def enqueue(session: Session, *, to: str, subject: str, body: str) -> MailOutbox:
    row = MailOutbox(to=to, subject=subject[:200], body=body)
    session.add(row)
    session.info["mail_pending"] = True
    return row


def deliver_pending(session: Session, backend: Backend, *, sender: str, limit: int = 100) -> int:
    """Send what is waiting, each row claimed first so two senders never send it twice."""
    sent = 0
    rows = session.scalars(
        select(MailOutbox)
        .where(MailOutbox.sent_at.is_(None), MailOutbox.attempts < MAX_ATTEMPTS)
        .order_by(MailOutbox.id)
        .limit(limit)
    ).all()
    for row in rows:
        claimed = session.execute(
            update(MailOutbox)
            .where(MailOutbox.id == row.id, MailOutbox.attempts == row.attempts,
                   MailOutbox.sent_at.is_(None))
            .values(attempts=MailOutbox.attempts + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        if not claimed:
            continue
        message = EmailMessage()
        message["From"] = sender
        message["To"] = row.to
        message["Subject"] = row.subject
        message["X-Outbox-Id"] = str(row.id)
        message.set_content(row.body)
        try:
            backend.send(message)
        except Exception as exc:  # noqa: BLE001 (any failure leaves the row for a retry)
            log.warning("mail %s to %s failed: %s", row.id, row.to, exc)
            session.execute(update(MailOutbox).where(MailOutbox.id == row.id)
                            .values(last_error=str(exc)[:300]))
        else:
            session.execute(update(MailOutbox).where(MailOutbox.id == row.id)
                            .values(sent_at=utcnow()))
            sent += 1
        session.commit()
    return sent


def send_pending(session: Session) -> int:
    """`deliver_pending` with this app's backend and sender (after a request, a job, a command)."""
    return deliver_pending(session, current_app.extensions["mail_backend"],
                           sender=current_app.config["MAIL_FROM"])
