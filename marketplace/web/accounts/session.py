"""Flask-Login wiring: the cookie names the user and a token that logout rotates."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from marketplace.accounts import identity
from marketplace.extensions import db


def init_login(app: Flask, manager: LoginManager) -> None:
    manager.init_app(app)
    manager.login_view = "accounts.login"
    manager.login_message = _l("Please log in to see this page.")
    manager.login_message_category = "info"
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(cookie_id: str):
        return identity.load_user(db.session, cookie_id)
