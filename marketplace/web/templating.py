"""Template filters and globals: the one place pages format money, dates, digits and names."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from babel import Locale
from flask import Flask, current_app, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import func, select

from marketplace.catalog import certificates, listings
from marketplace.commerce import charges, messages, ordering
from marketplace.cooperatives import ledger
from marketplace.core import formatting
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import Listing, PaymentMethod, Shareholder
from marketplace.search.highlight import highlight
from marketplace.web import labels, local_time, shopper_currency
from marketplace.web.current_cart import cart_count
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
            "percent_sign": "٪" if lang == "fa" else "%",
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
    app.add_template_filter(lambda n: formatting.format_percent(n, current_lang()), "percent")
    app.add_template_filter(lambda year: formatting.format_year(year, current_lang()), "year")
    app.add_template_filter(lambda code: formatting.currency_name(code, current_lang()),
                            "currency_name")
    app.add_template_filter(lambda d: formatting.format_date(d, current_lang()), "date")
    app.add_template_filter(lambda s: formatting.localize_digits(str(s), current_lang()), "digits")
    # A stored moment in the visitor's zone (`zone`: the page's default, e.g. a fair's own).
    app.add_template_global(
        lambda value, zone=None, time_only=False: local_time.moment(
            value, current_lang(), zone, time_only=time_only), "moment")
    app.add_template_global(lambda zone: formatting.zone_name(zone, current_lang()), "zone_name")
    app.add_template_filter(local_time.iso_utc, "iso_utc")
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
    app.add_template_filter(rich_text, "rich_text")
    app.add_template_global(highlight, "highlight")
    app.add_template_global(lambda item: listings.estimated_dispatch(item, date.today()),
                            "dispatch_date")
    app.add_template_global(money_split, "money_split")
    app.add_template_global(lambda order: ledger.order_split(db.session, order),
                            "order_money_split")
    # A shopper's order in what they paid: its lines, shipping and split add up to the charge.
    app.add_template_global(charges.charged, "charged")
    app.add_template_global(
        lambda order: charges.charged_split(order, ledger.order_split(db.session, order)),
        "charged_split")
    app.add_template_global(ordering.awaits_cash, "awaits_cash")
    app.add_template_global(bank_details, "bank_details")
    app.add_template_global(labels.status_label, "status_label")
    app.add_template_global(lambda method: str(labels.method_label(PaymentMethod(method))),
                            "method_name")
    app.add_template_global(cart_count, "cart_count")
    app.context_processor(money_nav)
    app.add_template_filter(message_text, "message_text")
    app.add_template_global(unread_messages, "unread_messages")
    app.add_template_global(certificates.today, "certificates_today")
    app.add_template_global(lambda c: certificates.holder_name(c, current_lang()),
                            "certificate_holder")


def bank_details() -> str:
    """The account shoppers transfer to, in the reader's language (config, per language)."""
    details = current_app.config["BANK_TRANSFER_DETAILS"]
    return details.get(current_lang()) or next(iter(details.values()))


def rich_text(html: str) -> Markup:
    """A user's description with only the formatting `listings` allows (S17)."""
    return Markup(listings.sanitize_description(html or ""))  # noqa: S704 (nh3-cleaned)


# http(s) only: a link in a message never runs script (javascript:) or opens an app (tel:).
_LINK = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_NOT_PART_OF_A_LINK = ".,;:!?)]}»،؛"


def message_text(body: str, linkify: bool = False) -> Markup:
    """A message as its sender typed it, escaped (S47); its http(s) links clickable only when
    `linkify` (the two have a paid order, `messages.links_allowed`), and then marked as user
    content nobody vouches for (rel="nofollow noopener ugc")."""
    if not linkify:
        return escape(body)
    parts, last = [], 0
    for match in _LINK.finditer(body):
        url = match.group(0).rstrip(_NOT_PART_OF_A_LINK)
        parts.append(escape(body[last:match.start()]))
        parts.append(Markup('<a href="{0}" rel="nofollow noopener ugc">{0}</a>').format(url))
        last = match.start() + len(url)
    parts.append(escape(body[last:]))
    return Markup("").join(parts)


def unread_messages() -> int:
    """The header's count of messages the signed-in visitor has not opened."""
    if not current_user.is_authenticated:
        return 0
    return messages.unread_count(db.session, current_user)


def money_split(listing: Listing) -> ledger.SaleSplit:
    """Where the money goes for one piece, by the same rule and rates the ledger posts."""
    commission = listing.cooperative.commission_bps if listing.cooperative else 0
    return ledger.split_sale(listing.price, commission, current_app.config["PLATFORM_FEE_BPS"])


def money_nav() -> dict:
    """Which of studio / cooperative admin / holdings links the header shows."""
    if not current_user.is_authenticated:
        return {"nav_admin_coops": [], "nav_studio": False, "nav_holdings": False}
    held = db.session.scalar(
        select(func.count()).select_from(Shareholder).where(Shareholder.user_id == current_user.id)
    )
    return {
        "nav_admin_coops": current_user.administered_cooperatives,
        "nav_studio": current_user.artisan_profile is not None,
        "nav_holdings": bool(held),
    }


def _approx_shown(money: Money) -> str:
    """"≈ €12.40" beside an amount kept in another currency (a cooperative's rials shown to a
    shareholder abroad), or "" for nothing, or when the visitor reads that currency or no rate
    is set."""
    if not money.amount_minor:
        return ""
    lang = current_lang()
    shown = shopper_currency.shown(money, lang)
    return "" if shown.currency == money.currency else "≈ " + formatting.format_money(shown, lang)
