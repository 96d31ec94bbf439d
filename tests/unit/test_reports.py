"""Sales figures through `cooperatives.reports`: months of the reader's calendar, sales per
listing and the bars the pages draw, from what the ledger posted."""
from __future__ import annotations

from datetime import UTC, date, datetime

from marketplace.cooperatives import ledger, reports
from marketplace.core.money import Money
from marketplace.extensions import db

KILIM = 125_000_000


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def sell(catalog, reference: str, day: str, *lines: tuple[object, int]):
    """A paid order of the weaver's, posted to the ledger on `day`."""
    return ledger.post_sale(
        db.session, reference=reference, artisan_id=catalog.weaver.id, posted_at=at(day),
        lines=[ledger.SaleLine(listing.id, Money(amount, "IRR"), 500, listing.cooperative_id,
                               listing.cooperative.commission_bps if listing.cooperative else 0)
               for listing, amount in lines])


def weavers_rows(catalog) -> list[ledger.SalesRow]:
    return ledger.sales_rows(db.session, artisan_id=catalog.weaver.id)


def irr(*amounts: int) -> list[Money]:
    return [Money(amount, "IRR") for amount in amounts]


def test_a_persian_reader_sees_jalali_months_and_an_english_reader_gregorian_ones(catalog):
    """25 November and 10 December 2026 are both in Azar 1405; 10 November is in Aban."""
    sell(catalog, "order:1", "2026-11-10", (catalog.kilim, 1_000))
    sell(catalog, "order:2", "2026-11-25", (catalog.kilim, 20_000))
    sell(catalog, "order:3", "2026-12-10", (catalog.kilim, 300_000))
    rows, today = weavers_rows(catalog), date(2026, 12, 15)
    assert reports.monthly(rows, "IRR", "fa", today, months=3) == list(zip(
        ["مهر ۱۴۰۵", "آبان ۱۴۰۵", "آذر ۱۴۰۵"], irr(0, 1_000, 320_000), strict=True))
    assert reports.monthly(rows, "IRR", "en", today, months=3) == list(zip(
        ["Oct 2026", "Nov 2026", "Dec 2026"], irr(0, 21_000, 300_000), strict=True))


def test_a_refund_counts_against_the_month_it_was_made_in(catalog):
    sell(catalog, "order:1", "2026-10-05", (catalog.kilim, KILIM))
    sell(catalog, "order:2", "2026-11-03", (catalog.teapot, 48_000_000))
    ledger.post_refund(db.session, sale_reference="order:1", posted_at=at("2026-11-25"))
    months = reports.monthly(weavers_rows(catalog), "IRR", "en", date(2026, 12, 1), months=3)
    assert [value for _, value in months] == irr(KILIM, 48_000_000 - KILIM, 0)


def test_a_year_of_months_oldest_first_across_the_new_year_in_both_calendars():
    english = reports.monthly([], "IRR", "en", date(2027, 1, 15))
    persian = reports.monthly([], "IRR", "fa", date(2027, 3, 25))  # 5 Farvardin 1406
    assert len(english) == len(persian) == 12
    assert [label for label, _ in english][:2] + [label for label, _ in english][-2:] == [
        "Feb 2026", "Mar 2026", "Dec 2026", "Jan 2027"]
    assert [label for label, _ in persian][:1] + [label for label, _ in persian][-2:] == [
        "اردیبهشت ۱۴۰۵", "اسفند ۱۴۰۵", "فروردین ۱۴۰۶"]
    assert {value for _, value in english + persian} == {Money(0, "IRR")}


def test_sales_in_other_currencies_are_left_out_of_a_report_in_one_currency():
    rows = [ledger.SalesRow(1, at("2026-11-10"), 7, Money(5_000, "IRR"), None),
            ledger.SalesRow(2, at("2026-11-11"), 7, Money(4_000, "USD"), None),
            ledger.SalesRow(3, at("2026-11-12"), 8, Money(350_000, "VND"), None)]
    assert reports.monthly(rows, "IRR", "en", date(2026, 11, 30), months=1) == [
        ("Nov 2026", Money(5_000, "IRR"))]
    assert reports.monthly(rows, "USD", "en", date(2026, 11, 30), months=1) == [
        ("Nov 2026", Money(4_000, "USD"))]
    assert reports.per_listing(rows, "IRR") == {7: Money(5_000, "IRR")}


def test_sales_per_listing_best_seller_first_with_refunds_taken_off(catalog):
    sell(catalog, "order:1", "2026-10-05", (catalog.kilim, KILIM), (catalog.teapot, 48_000_000))
    sell(catalog, "order:2", "2026-10-06", (catalog.teapot, 48_000_000))
    sell(catalog, "order:3", "2026-10-07", (catalog.kilim, KILIM))
    ledger.post_refund(db.session, sale_reference="order:3", posted_at=at("2026-10-20"))
    totals = reports.per_listing(weavers_rows(catalog), "IRR")
    assert list(totals.items()) == [(catalog.kilim.id, Money(KILIM, "IRR")),
                                    (catalog.teapot.id, Money(96_000_000, "IRR"))]


def test_bars_fill_the_chart_in_proportion_to_the_best_month():
    points = list(zip(["a", "b", "c", "d"], irr(100, 50, 0, -30), strict=True))
    drawn = reports.bars(points, width=640, height=200)
    assert [(b.label, b.value) for b in drawn] == points
    assert [(b.x, b.y, b.width, b.height) for b in drawn] == [
        (24.0, 10.0, 112.0, 190.0),  # the best month reaches 10 units below the top
        (184.0, 105.0, 112.0, 95.0),
        (344.0, 200.0, 112.0, 0.0),
        (504.0, 200.0, 112.0, 0.0),  # a month of refunds draws as nothing, not downwards
    ]


def test_a_chart_without_sales_draws_flat_bars_and_an_empty_one_draws_none():
    flat = reports.bars(list(zip(["a", "b"], irr(0, -5), strict=True)), width=100, height=50)
    assert [(b.y, b.height) for b in flat] == [(50.0, 0.0), (50.0, 0.0)]
    assert reports.bars([]) == []
