"""Template filters and globals: the one place pages format money, dates, digits and names."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import Flask, url_for
from flask_babel import get_locale

from marketplace.core import formatting
from marketplace.core.money import Money
from marketplace.web import shopper_currency
from marketplace.web.i18n import text_direction


@lru_cache(maxsize=32)
def _territories(lang: str):
    return Locale.parse(lang).territories


def current_lang() -> str:
    locale = get_locale()
    return locale.language if locale else "fa"


def init_app(app: Flask) -> None:
    @app.context_processor
    def language_context() -> dict:
        lang = current_lang()
        return {
            "current_lang": lang,
            "text_dir": text_direction(lang),
            "list_comma": "،" if lang == "fa" else ",",
            "languages": app.config["LANGUAGES"],
        }

    app.add_template_filter(lambda m: formatting.format_money(m, current_lang()), "money")
    # Prices in the shopper's chosen currency (fx.py converts; see shopper_currency.py).
    app.add_template_filter(
        lambda m: formatting.format_money(
            shopper_currency.shown(m, current_lang()), current_lang()
        ),
        "shown_money",
    )
    app.add_template_filter(_approx_shown, "approx_shown")
    app.add_template_global(lambda: shopper_currency.chosen(current_lang()), "display_currency")
    app.add_template_filter(
        lambda m: formatting.format_money_compact(m, current_lang()), "money_compact"
    )
    app.add_template_filter(lambda n: formatting.format_number(n, current_lang()), "number")
    app.add_template_filter(lambda d: formatting.format_date(d, current_lang()), "date")
    app.add_template_filter(lambda s: formatting.localize_digits(str(s), current_lang()), "digits")
    app.add_template_filter(lambda obj, field: obj.localized(field, current_lang()), "localized")
    app.add_template_global(
        lambda *mm: formatting.format_dimensions_cm(*mm, lang=current_lang()), "dimensions_cm"
    )
    app.add_template_global(lambda listing: listing.text(current_lang()), "listing_text")
    app.add_template_global(
        lambda filename: url_for("storefront.media", filename=filename), "media_url"
    )
    app.add_template_global(Money, "Money")
    app.add_template_global(
        lambda code: _territories(current_lang()).get(code, code), "country_name"
    )


def _approx_shown(money: Money) -> str:
    """"≈ €12.40" beside an amount kept in another currency (a cooperative's rials shown to a
    shareholder abroad), or "" for nothing, or when the visitor reads that currency or no rate
    is set."""
    if not money.amount_minor:
        return ""
    lang = current_lang()
    shown = shopper_currency.shown(money, lang)
    return "" if shown.currency == money.currency else "≈ " + formatting.format_money(shown, lang)
