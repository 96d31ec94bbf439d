"""Which language a visitor reads, and the facts about each language we ship."""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user

RTL_LANGUAGES = frozenset({"fa", "ar"})


def select_locale() -> str:
    """An explicit choice wins, then the account's preference, then the browser, then Persian."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"
    ]


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"
