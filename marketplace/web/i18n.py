"""Which language a visitor reads, and the facts about each language we ship."""
from __future__ import annotations

from functools import lru_cache

from babel import support
from flask import Flask, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from wtforms.i18n import messages_path

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


def N_(message: str) -> str:
    """Marks a message for extraction into our catalogue without translating it here."""
    return message


# WTForms' own messages that we word ourselves: its Persian writes «اجباریست».
FORM_MESSAGES = frozenset({N_("This field is required.")})


def init_app(app: Flask) -> None:
    app.before_request(_use_form_translations)


def _use_form_translations() -> None:
    """Form errors from WTForms' catalogue, except FORM_MESSAGES, from ours.

    Flask-WTF keeps the catalogue it loads for a request on `request.wtforms_translations`;
    setting it first gives it this one.
    """
    request.wtforms_translations = _form_translations(
        str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
        current_app.config["BABEL_TRANSLATION_DIRECTORIES"])


class _FormTranslations(support.NullTranslations):
    def __init__(self, theirs: support.NullTranslations, ours: support.NullTranslations):
        super().__init__()
        self.add_fallback(theirs)
        self._ours = ours

    def gettext(self, message: str) -> str:
        if message in FORM_MESSAGES:
            return self._ours.gettext(message)
        return super().gettext(message)

    ugettext = gettext


@lru_cache(maxsize=8)
def _form_translations(locale: str, our_directory: str) -> _FormTranslations:
    return _FormTranslations(
        support.Translations.load(messages_path(), [locale], domain="wtforms"),
        support.Translations.load(our_directory, [locale]))
