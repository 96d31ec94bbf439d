"""The currency a visitor reads prices in: their choice (a cookie, so it survives login), else
rials for Persian readers and dollars for everyone else. Rates are read once per request.
"""
from __future__ import annotations

from decimal import Decimal

from flask import current_app, g, request

from marketplace.commerce import fx
from marketplace.core.money import Money
from marketplace.extensions import db

COOKIE = "bazaar_currency"


def chosen(lang: str) -> str:
    allowed = current_app.config["DISPLAY_CURRENCIES"]
    picked = request.cookies.get(COOKIE, "")
    return picked if picked in allowed else default_for(lang)


def default_for(lang: str) -> str:
    return "IRR" if lang == "fa" else "USD"


def rates() -> dict[str, Decimal]:
    if "fx_rates" not in g:
        g.fx_rates = fx.current_rates(db.session)
    return g.fx_rates


def shown(money: Money, lang: str) -> Money:
    """`money` in the visitor's currency, or as it is if no rate is set for either side."""
    try:
        return fx.convert(money, chosen(lang), rates())
    except fx.MissingRate:
        return money
