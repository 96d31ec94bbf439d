"""Public impact pages: where the money went, for the whole platform or one cooperative.

`?from=&to=` choose the period (this year by default, in the reader's calendar);
`?province=&county=&village=` (slugs) narrow it to the artisans of one place. Each figure has
a table beside its chart, and the same figures download as JSON or one table as CSV.
"""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.core.formatting import format_money, format_number
from marketplace.extensions import db
from marketplace.insights import charts, impact
from marketplace.models import Cooperative, County, Province, Village
from marketplace.web.i18n import text_direction
from marketplace.web.impact.display import (
    csv_response,
    in_display,
    period_from_request,
    preset_links,
)
from marketplace.web.templating import current_lang

bp = Blueprint("impact", __name__, url_prefix="/impact")

TABLES = ("places", "destinations", "summary")


def _by_slug(model, name: str):
    slug = request.args.get(name, "")
    if not slug:
        return None
    return db.session.scalar(select(model).where(model.slug == slug[:80])) or abort(404)


def _scope(cooperative: Cooperative | None = None) -> impact.Scope:
    """The place filters of the query string; the narrowest one wins, its parents follow it."""
    village = _by_slug(Village, "village")
    county = village.county if village else _by_slug(County, "county")
    province = county.province if county else _by_slug(Province, "province")
    return impact.Scope(cooperative=cooperative, province=province, county=county, village=village)


def _figures(cooperative: Cooperative | None = None) -> impact.Impact:
    return impact.figures(db.session, period=period_from_request(), scope=_scope(cooperative))


def _choices(scope: impact.Scope) -> dict:
    """The places a visitor can narrow to from here: every province, the chosen one's counties,
    the chosen county's villages."""
    lang = current_lang()

    def named(rows):
        return sorted(rows, key=lambda place: place.localized("name", lang))

    return {
        "provinces": named(db.session.scalars(select(Province))),
        "counties": named(scope.province.counties) if scope.province else [],
        "villages": named(scope.county.villages) if scope.county else [],
    }


def percent(value, lang: str) -> str:
    return _("%(value)s%%", value=format_number(value, lang))


def _charts(figures: impact.Impact) -> dict:
    lang = current_lang()
    rtl = text_direction(lang) == "rtl"

    def shown(amounts) -> tuple[int, str]:
        money = in_display(amounts)
        if money is None:
            return 0, _("no exchange rate")
        return money.amount_minor, format_money(money, lang)

    places = []
    for row in sorted(figures.places, key=lambda p: -(shown(p.earned)[0])):
        size, text = shown(row.earned)
        places.append((row.place.localized("name", lang), size, text))
    destinations = [(_("Within the artisan's country"), *shown(figures.domestic)),
                    (_("Abroad"), *shown(figures.foreign))]
    shares = []
    if figures.average_share_percent is not None:
        shares.append((_("Average share of a sale that reaches the artisan"),
                       int(figures.average_share_percent * 10),
                       percent(figures.average_share_percent, lang)))
    if figures.women_led_percent is not None:
        shares.append((_("Women-led shops among active artisans"),
                       int(figures.women_led_percent * 10),
                       percent(figures.women_led_percent, lang)))
    return {"places_chart": charts.hbars(places, rtl=rtl),
            "destinations_chart": charts.hbars(destinations, rtl=rtl),
            "shares_chart": charts.hbars(shares, rtl=rtl, top=1000) if shares else None}


def _page(figures: impact.Impact, cooperative: Cooperative | None):
    endpoint = "impact.cooperative" if cooperative else "impact.index"
    base = {"slug": cooperative.slug} if cooperative else {}
    filters = {name: getattr(figures.scope, name).slug
               for name in ("province", "county", "village") if getattr(figures.scope, name)}
    args = {**base, **filters, **figures.period.as_args()}
    period_args = {**base, **figures.period.as_args()}
    drill_urls = [None if isinstance(row.place, Village) else url_for(
        endpoint, **period_args, **{"county" if isinstance(row.place, County) else "province":
                                    row.place.slug}) for row in figures.places]
    return render_template(
        "impact/index.html", figures=figures, cooperative=cooperative, endpoint=endpoint,
        base_args=base, filters=filters, args=args,
        preset_links=preset_links(endpoint, figures.period, **base, **filters),
        all_places_url=url_for(endpoint, **period_args), drill_urls=drill_urls,
        total_earned=in_display(figures.earned),
        total_paid=in_display(figures.paid_out) if figures.paid_out is not None else None,
        json_url=url_for(f"{endpoint}_json", **args),
        csv_urls={table: url_for(f"{endpoint}_csv", table=table, **args) for table in TABLES},
        **_choices(figures.scope), **_charts(figures),
    )


def _json(figures: impact.Impact, cooperative: Cooperative | None):
    def amounts(values):
        if values is None:
            return None
        return [{"currency": m.currency, "amount": str(m.to_decimal()),
                 "amount_minor": m.amount_minor} for m in values.values()]

    return jsonify({
        "period": figures.period.as_args(),
        "cooperative": cooperative.slug if cooperative else None,
        "place": ({"kind": type(figures.scope.place).__name__.lower(),
                   "slug": figures.scope.place.slug} if figures.scope.place else None),
        "earned_by_artisans": amounts(figures.earned),
        "paid_out_to_artisans": amounts(figures.paid_out),
        "sales": amounts(figures.sales),
        "domestic_sales": amounts(figures.domestic),
        "foreign_sales": amounts(figures.foreign),
        "active_artisans": figures.active_artisans,
        "women_led_shops": figures.women_led,
        "women_led_confirmed": figures.women_led_confirmed,
        "women_led_percent": (str(figures.women_led_percent)
                              if figures.women_led_percent is not None else None),
        "average_artisan_share_percent": (str(figures.average_share_percent)
                                          if figures.average_share_percent is not None else None),
        "artisans_with_first_sale": figures.first_sales,
        "places": [{"kind": type(row.place).__name__.lower(), "slug": row.place.slug,
                    "name_en": row.place.name_en, "name_fa": row.place.name_fa,
                    "earned_by_artisans": amounts(row.earned),
                    "paid_out_to_artisans": amounts(row.paid_out) if figures.paid_out is not None
                    else None, "sales": amounts(row.sales)} for row in figures.places],
    })


def _csv(figures: impact.Impact, table: str, cooperative: Cooperative | None):
    name = f"bazaar-impact-{cooperative.slug + '-' if cooperative else ''}{table}.csv"
    lang = current_lang()
    if table == "places":
        rows = [(type(row.place).__name__.lower(), row.place.slug,
                 row.place.localized("name", lang), currency,
                 row.earned.get(currency).to_decimal() if currency in row.earned else 0,
                 row.paid_out.get(currency).to_decimal() if currency in row.paid_out else 0,
                 row.sales.get(currency).to_decimal() if currency in row.sales else 0)
                for row in figures.places
                for currency in sorted({*row.earned, *row.paid_out, *row.sales})]
        return csv_response(name, ["level", "slug", "name", "currency", "earned_by_artisans",
                                   "paid_out_to_artisans", "sales"], rows)
    if table == "destinations":
        rows = [(where, money.currency, money.to_decimal())
                for where, values in (("domestic", figures.domestic), ("abroad", figures.foreign))
                for money in values.values()]
        return csv_response(name, ["destination", "currency", "sales"], rows)
    rows = [("period_from", figures.period.start.isoformat()),
            ("period_to", figures.period.end.isoformat()),
            ("active_artisans", figures.active_artisans),
            ("women_led_shops", figures.women_led),
            ("women_led_confirmed", figures.women_led_confirmed),
            ("average_artisan_share_percent", figures.average_share_percent or ""),
            ("artisans_with_first_sale", figures.first_sales)]
    return csv_response(name, ["figure", "value"], rows)


@bp.get("/")
def index():
    return _page(_figures(), None)


@bp.get("/data.json")
def index_json():
    return _json(_figures(), None)


@bp.get("/<any(places, destinations, summary):table>.csv")
def index_csv(table: str):
    return _csv(_figures(), table, None)


def _cooperative(slug: str) -> Cooperative:
    return db.first_or_404(select(Cooperative).where(Cooperative.slug == slug))


@bp.get("/cooperatives/<slug>")
def cooperative(slug: str):
    coop = _cooperative(slug)
    return _page(_figures(coop), coop)


@bp.get("/cooperatives/<slug>/data.json")
def cooperative_json(slug: str):
    coop = _cooperative(slug)
    return _json(_figures(coop), coop)


@bp.get("/cooperatives/<slug>/<any(places, destinations, summary):table>.csv")
def cooperative_csv(slug: str, table: str):
    coop = _cooperative(slug)
    return _csv(_figures(coop), table, coop)
