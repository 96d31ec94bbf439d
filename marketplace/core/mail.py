"""Email through an outbox: written with the change it reports, sent after commit (S31).

A failing mail server can delay an email but never loses or undoes an order: the row stays
until a send succeeds (`flask mail send` retries). Backends: `file` (one .eml per message in
the instance folder, the demo), `console`, `smtp`, and `memory` for tests.
"""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from marketplace.core.formatting import format_money
from marketplace.models import MailOutbox
from marketplace.models.base import utcnow

if TYPE_CHECKING:
    from marketplace.models import Checkout, Order, User

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10


class Backend(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class ConsoleBackend:
    def send(self, message: EmailMessage) -> None:
        print(message.as_string())  # noqa: T201 (the console backend's whole job)


class FileBackend:
    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
        (self.directory / f"{stamp}-{message['X-Outbox-Id']}.eml").write_bytes(bytes(message))


class SMTPBackend:
    def __init__(self, host: str, port: int, username: str, password: str, starttls: bool):
        self.host, self.port, self.username, self.password = host, port, username, password
        self.starttls = starttls

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password)
            smtp.send_message(message)


class MemoryBackend:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


def backend_from_config(config: dict) -> Backend:
    kind = config.get("MAIL_BACKEND", "file")
    if kind == "console":
        return ConsoleBackend()
    if kind == "smtp":
        return SMTPBackend(config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_USERNAME"],
                           config["SMTP_PASSWORD"], config["SMTP_STARTTLS"])
    if kind == "memory":
        return MemoryBackend()
    return FileBackend(config["MAIL_FILE_DIR"])


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


def init_app(app: Flask) -> None:
    from marketplace.extensions import db

    app.extensions["mail_backend"] = backend_from_config(app.config)

    @app.after_request
    def send_after_commit(response):
        if db.session.info.pop("mail_pending", False) and response.status_code < 400:
            try:
                deliver_pending(db.session, app.extensions["mail_backend"],
                                sender=app.config["MAIL_FROM"])
            except Exception:  # a mail failure must never turn a placed order into an error
                db.session.rollback()
                log.exception("sending queued mail failed; it stays in the outbox")
        return response


def _lang(user: User) -> str:
    return user.locale if user.locale in ("fa", "en") else "fa"


def order_placed(session: Session, checkout: Checkout) -> None:
    lang = _lang(checkout.buyer)
    with force_locale(lang):
        enqueue(
            session,
            to=checkout.buyer.email,
            subject=_("Your Bazaar order is placed"),
            body=_(
                "Thank you! We received your order of %(total)s. We will write again when "
                "it is paid.",
                total=format_money(checkout.total, lang),
            ),
        )


def order_paid(session: Session, order: Order) -> None:
    buyer_lang = _lang(order.buyer)
    with force_locale(buyer_lang):
        enqueue(
            session,
            to=order.buyer.email,
            subject=_("Payment received for order %(id)s", id=order.id),
            body=_("Your payment of %(total)s is received. The artisan is preparing your order.",
                   total=format_money(order.total, buyer_lang)),
        )
    seller = order.artisan.user
    seller_lang = _lang(seller)
    with force_locale(seller_lang):
        enqueue(
            session,
            to=seller.email,
            subject=_("New paid order %(id)s", id=order.id),
            body=_("Order %(id)s is paid (%(total)s). Please ship it and add the tracking number.",
                   id=order.id, total=format_money(order.total, seller_lang)),
        )


def order_shipped(session: Session, order: Order) -> None:
    lang = _lang(order.buyer)
    with force_locale(lang):
        enqueue(
            session,
            to=order.buyer.email,
            subject=_("Order %(id)s is on its way", id=order.id),
            body=_("Your order was shipped with %(carrier)s, tracking number %(tracking)s.",
                   carrier=order.carrier or "", tracking=order.tracking_number or ""),
        )
