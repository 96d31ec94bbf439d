"""Mail a request wrote to the outbox is sent once the response is ready (the change committed).

A mail failure never turns a placed order into an error: the rows stay in the outbox for the
job runner (`flask jobs run`) or `flask mail send`.
"""
from __future__ import annotations

import logging

from flask import Flask

from marketplace.extensions import db
from marketplace.mail import outbox

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    @app.after_request
    def send_after_commit(response):
        if db.session.info.pop("mail_pending", False) and response.status_code < 400:
            try:
                outbox.send_pending(db.session)
            except Exception:  # noqa: BLE001 (the outbox keeps it for a retry)
                db.session.rollback()
                log.exception("sending queued mail failed; it stays in the outbox")
        return response
