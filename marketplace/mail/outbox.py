"""The mail outbox: an email is a row written in the change's own transaction, sent after commit.

A failing mail server can delay an email but never loses or undoes an order: the row stays
until a send succeeds (`flask mail send` and the job runner retry).
"""
from __future__ import annotations

import logging
from datetime import timedelta
from email.message import EmailMessage
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from marketplace.mail.backends import Backend
from marketplace.models import MailOutbox
from marketplace.models.base import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
# Longer than one send can take (SMTPBackend gives up after 10 s per step).
CLAIM_SECONDS = 120.0
LANGUAGES = ("fa", "en")


def language_of(locale: str | None) -> str:
    """The language an email is written in: the reader's, or Persian."""
    return locale if locale in LANGUAGES else "fa"


def enqueue(session: Session, *, to: str, subject: str, body: str) -> MailOutbox:
    row = MailOutbox(to=to, subject=subject[:200], body=body)
    session.add(row)
    session.info["mail_pending"] = True
    return row


def deliver_pending(session: Session, backend: Backend, *, sender: str, limit: int = 100,
                    claim_seconds: float = CLAIM_SECONDS) -> int:
    """Send what is waiting; how many were sent.

    Each row is claimed first with a conditional UPDATE that holds it for `claim_seconds`, so
    two senders (queue workers, the after-request send, `flask mail send`) never send it at
    once; a sender that dies mid-send leaves its claim to run out, and the row is sent again
    after that. Every attempt carries the same Message-ID, so the one copy a crash between the
    server's acceptance and `sent_at` can cause is recognisable as a duplicate by the receiver.
    """
    sent = 0
    rows = session.scalars(
        select(MailOutbox)
        .where(MailOutbox.sent_at.is_(None), MailOutbox.attempts < MAX_ATTEMPTS,
               _unclaimed(utcnow()))
        .order_by(MailOutbox.id)
        .limit(limit)
    ).all()
    for row in rows:
        now = utcnow()
        claimed = session.execute(
            update(MailOutbox)
            .where(MailOutbox.id == row.id, MailOutbox.attempts == row.attempts,
                   MailOutbox.sent_at.is_(None), _unclaimed(now))
            .values(attempts=MailOutbox.attempts + 1,
                    claimed_until=now + timedelta(seconds=claim_seconds))
            .execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        if not claimed:
            continue
        message = EmailMessage()
        message["From"] = sender
        message["To"] = row.to
        message["Subject"] = row.subject
        message["Message-ID"] = message_id(row, sender)
        message["X-Outbox-Id"] = str(row.id)
        message.set_content(row.body)
        try:
            backend.send(message)
        except Exception as exc:  # noqa: BLE001 (any failure leaves the row for a retry)
            log.warning("mail %s to %s failed: %s", row.id, row.to, exc)
            session.execute(update(MailOutbox).where(MailOutbox.id == row.id)
                            .values(last_error=str(exc)[:300], claimed_until=None))
        else:
            session.execute(update(MailOutbox).where(MailOutbox.id == row.id)
                            .values(sent_at=utcnow(), claimed_until=None))
            sent += 1
        session.commit()
    return sent


def _unclaimed(now):
    return or_(MailOutbox.claimed_until.is_(None), MailOutbox.claimed_until < now)


def message_id(row: MailOutbox, sender: str) -> str:
    """The same on every attempt to send this row."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "bazaar.invalid"
    return f"<outbox-{row.id}.{int(row.created_at.timestamp())}@{domain}>"


def send_pending(session: Session) -> int:
    """`deliver_pending` with this app's backend and sender (after a request, a job, a command)."""
    return deliver_pending(session, current_app.extensions["mail_backend"],
                           sender=current_app.config["MAIL_FROM"],
                           claim_seconds=current_app.config["MAIL_CLAIM_SECONDS"])
