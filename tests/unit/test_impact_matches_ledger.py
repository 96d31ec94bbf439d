"""The impact figures equal what the ledger says, for any orders, period and place.

Random paid orders (some refunded) and payouts go through the shop's own services; the figures
`/impact` shows (from the daily rows) are then compared with sums computed straight from the
ledger's entries, for a random period and a random filter. The same must hold after
`flask insights rebuild` recomputes the daily rows from the ledger.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from marketplace.commerce import carts, fx, ordering
from marketplace.cooperatives import ledger
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.insights import impact, sales
from marketplace.insights.periods import Period
from marketplace.models import (
    AccountKind,
    ArtisanProfile,
    County,
    LedgerTransaction,
    Order,
    PaymentMethod,
    Province,
    TransactionKind,
    Village,
)
from marketplace.models.base import utcnow
from tests import factories

DAY0 = date(2026, 3, 1)
TEHRAN = ordering.Address("Leila", "Kargar St", "Tehran", "", "IR")
LYON = ordering.Address("Claire", "Rue 1", "Lyon", "69001", "FR")
FILTERS = ["none", "province", "county", "village", "cooperative"]


@pytest.fixture
def world(shop):
    """The small catalogue, a third artisan in another province, stock for many orders."""
    catalog = shop.catalog
    qom = Province(slug="qom", country_code="IR", name_fa="قم", name_en="Qom")
    county = County(slug="qom-county", province=qom, name_fa="قم", name_en="Qom")
    village = Village(slug="kahak", county=county, name_fa="کهک", name_en="Kahak")
    maker = factories.user(db.session, "maker@example.com")
    artisan = ArtisanProfile(user=maker, slug="zahra", display_name_fa="زهرا",
                             display_name_en="Zahra", village=village, women_led=True,
                             approved_at=utcnow())
    db.session.add_all([qom, county, village, artisan])
    db.session.flush()
    carpet = factories.listing(db.session, artisan, catalog.kilims, title_fa="فرش",
                               title_en="Carpet", price_minor=333_333_330)
    listings = [catalog.kilim, catalog.bowl, carpet]
    for listing in listings:
        listing.stock = 10_000
    db.session.commit()
    return {"shop": shop, "listings": listings,
            "artisans": [catalog.weaver, catalog.potter, artisan],
            "places": {"province": catalog.province, "county": catalog.county,
                       "village": catalog.jolfa, "cooperative": catalog.coop}}


def _at(day: int) -> datetime:
    return datetime.combine(DAY0 + timedelta(days=day), datetime.min.time(), UTC) \
        + timedelta(hours=20, minutes=30)  # late: a UTC day, not Tehran's, decides


def _sell(world, listing, quantity: int, day: int, abroad: bool) -> Order:
    shopper = world["shop"].shopper
    cart = carts.find_or_create(db.session, user_id=shopper.id, token=None)
    carts.empty(db.session, cart)
    carts.add(db.session, cart, listing.id, quantity, buyer_id=shopper.id)
    checkout = ordering.start_checkout(
        db.session, buyer_id=shopper.id, cart=cart, address=LYON if abroad else TEHRAN,
        method=PaymentMethod.CARD if abroad else PaymentMethod.BANK_TRANSFER,
        currency="EUR" if abroad else "IRR", rates=fx.current_rates(db.session),
        now=_at(day), policy=factories.checkout_policy())
    (order,) = checkout.orders
    ordering.mark_order_paid(db.session, order, source="test", at=_at(day))
    return order


def _in_place(village: Village, place) -> bool:
    if place is None:
        return True
    if isinstance(place, Village):
        return village.id == place.id
    if isinstance(place, County):
        return village.county_id == place.id
    return village.county.province_id == place.id


def _from_ledger(scope: impact.Scope, period: Period):
    """(earned, paid out, sales) per currency, summed straight from the ledger's entries."""
    village_ids = {v.id for v in db.session.scalars(select(Village)) if _in_place(v, scope.place)}
    earned: dict[str, int] = defaultdict(int)
    paid: dict[str, int] = defaultdict(int)
    gross: dict[str, int] = defaultdict(int)
    for transaction in db.session.scalars(select(LedgerTransaction)):
        day = transaction.posted_at.replace(tzinfo=transaction.posted_at.tzinfo or UTC)
        if not period.start <= day.astimezone(UTC).date() <= period.end:
            continue
        order = None
        if transaction.kind in (TransactionKind.SALE, TransactionKind.REFUND):
            order = db.session.get(Order, int(transaction.reference.split(":")[1]))
        for entry in transaction.entries:
            account = entry.account
            if order is not None and entry.listing_id is not None:
                artisan = db.session.get(ArtisanProfile, order.artisan_id)
                (line,) = [x for x in order.lines if x.listing_id == entry.listing_id]
                if artisan.village_id not in village_ids or (
                        scope.cooperative and line.cooperative_id != scope.cooperative.id):
                    continue
                if account.kind in (AccountKind.ARTISAN_PAYABLE, AccountKind.ARTISAN_RECEIVABLE):
                    earned[entry.currency] -= entry.amount_minor
                elif account.kind == AccountKind.PLATFORM_CASH:
                    gross[entry.currency] += entry.amount_minor
            elif (transaction.kind == TransactionKind.PAYOUT and scope.cooperative is None
                  and account.kind == AccountKind.ARTISAN_PAYABLE):
                artisan = db.session.get(ArtisanProfile, account.artisan_id)
                if artisan.village_id in village_ids:
                    paid[entry.currency] += entry.amount_minor

    def money(values):
        return {c: Money(v, c) for c, v in sorted(values.items()) if v}

    return money(earned), money(paid), money(gross)


def _nonzero(values):
    return {c: m for c, m in (values or {}).items() if m.amount_minor}


# (listing, quantity, day, abroad, refunded so many days later or not at all)
sale = st.tuples(st.integers(0, 2), st.integers(1, 3), st.integers(0, 90), st.booleans(),
                 st.none() | st.integers(0, 10))
payout = st.tuples(st.integers(0, 2), st.integers(1, 100), st.integers(0, 90))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sold=st.lists(sale, min_size=1, max_size=6), payouts=st.lists(payout, max_size=3),
       start=st.integers(-5, 95), length=st.integers(0, 100), where=st.sampled_from(FILTERS))
def test_impact_totals_equal_the_ledgers_for_any_orders_period_and_place(
        world, sold, payouts, start, length, where):
    """Earned, paid out and sales, per currency and per place, equal the ledger's sums."""
    try:
        for listing_index, quantity, day, abroad, refunded_after in sold:
            order = _sell(world, world["listings"][listing_index], quantity, day, abroad)
            if refunded_after is not None:
                ordering.refund_order(db.session, order, note="test",
                                      at=_at(day + refunded_after))
        for number, (artisan_index, percent, day) in enumerate(payouts):
            artisan = world["artisans"][artisan_index]
            owed = ledger.artisan_available(db.session, artisan.id, artisan.currency)
            amount = owed.amount_minor * percent // 100
            if amount > 0:
                ledger.record_payout(db.session, artisan=artisan,
                                     amount=Money(amount, owed.currency),
                                     reference=f"payout:test:{number}",
                                     posted_at=_at(day))
        period = Period(DAY0 + timedelta(days=start), DAY0 + timedelta(days=start + length))
        place = world["places"].get(where)
        scope = impact.Scope(
            cooperative=place if where == "cooperative" else None,
            province=place if where == "province" else None,
            county=place if where == "county" else None,
            village=place if where == "village" else None)
        expected = _from_ledger(scope, period)
        for _ in ("as posted", "after a rebuild"):
            figures = impact.figures(db.session, period=period, scope=scope)
            shown = (_nonzero(figures.earned), _nonzero(figures.paid_out), _nonzero(figures.sales))
            assert shown == expected
            by_place: dict[str, int] = defaultdict(int)
            for row in figures.places:
                for currency, money in row.earned.items():
                    by_place[currency] += money.amount_minor
            assert {c: v for c, v in by_place.items() if v} == \
                {c: m.amount_minor for c, m in expected[0].items()}
            sales.rebuild(db.session)
    finally:
        db.session.rollback()
