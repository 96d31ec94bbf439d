"""What the insight pages share: amounts converted for display, periods from the query string,
and spreadsheet-safe CSV downloads.

Figures are kept per currency; a total in the reader's currency is only ever shown beside them
("≈"), converted at today's rate, and never stored or summed back.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from flask import Response, request, url_for
from flask_babel import gettext as _

from marketplace.commerce import fx
from marketplace.core.money import Money
from marketplace.insights import periods
from marketplace.web import shopper_currency
from marketplace.web.templating import current_lang


def in_display(amounts: Mapping[str, Money] | Iterable[Money]) -> Money | None:
    """The amounts added up in the reader's currency; None if a rate is missing."""
    values = amounts.values() if isinstance(amounts, Mapping) else amounts
    target = shopper_currency.chosen(current_lang())
    result = Money.zero(target)
    try:
        for money in values:
            result = result + fx.convert(money, target, shopper_currency.rates())
    except fx.MissingRate:
        return None
    return result


def period_from_request() -> periods.Period:
    return periods.parse(request.args.get("from"), request.args.get("to"), today=date.today(),
                         lang=current_lang())


def preset_links(endpoint: str, chosen: periods.Period, **args: str
                 ) -> list[tuple[str, str, bool]]:
    """(label, url, is it the chosen one) for the periods offered as links, in the reader's
    calendar; `args` are the page's other arguments (a cooperative, a place)."""
    today, lang = date.today(), current_lang()
    offered = [(_("This year"), periods.this_year(today, lang)),
               (_("Last year"), periods.last_year(today, lang)),
               (_("Last 12 months"), periods.last_12_months(today)),
               (_("All time"), periods.all_time(today))]
    return [(label, url_for(endpoint, **args, **period.as_args()), period == chosen)
            for label, period in offered]


def safe_cell(value: object) -> str:
    """Spreadsheet-safe text: a leading = + - @ would be run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[object]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([value if isinstance(value, int | Decimal) else safe_cell(value)
                         for value in row])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={filename}"})
