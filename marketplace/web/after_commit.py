"""Mail a request wrote to the outbox is sent once the response is ready (the change committed):
by the request itself in the demo, by a queue worker when the queue is configured (jobs).

A mail failure never turns a placed order into an error: the rows stay in the outbox for the
job runner (`flask jobs run`, the queue's periodic send-mail) or `flask mail send`.
"""
from __future__ import annotations

from flask import Flask

from marketplace import jobs
from marketplace.extensions import db


def register(app: Flask) -> None:
    @app.after_request
    def send_after_commit(response):
        if db.session.info.pop("mail_pending", False) and response.status_code < 400:
            jobs.after_commit("send-mail")
        return response
