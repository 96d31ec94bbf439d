"""Conversion is Decimal with half-even rounding; a checkout's total is the sum of its orders'."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from config import Config
from marketplace.commerce import carts, fx, ordering
from marketplace.commerce.hold_limits import HoldLimits
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import Cart, PaymentMethod
from tests import factories

RATES = {"IRR": Decimal(1), "USD": Decimal("0.0000238"), "EUR": Decimal("0.0000220"),
         "VND": Decimal("0.6")}
LIMITS = HoldLimits.from_config(vars(Config))  # the shipped defaults


def test_convert_rounds_half_even_to_the_target_precision():
    assert fx.convert(Money(125_000_000, "IRR"), "USD", RATES) == Money(297500, "USD")
    assert fx.convert(Money(1, "USD"), "IRR", RATES) == Money(420, "IRR")  # 0.01/0.0000238
    assert fx.convert(Money(350_000, "VND"), "USD", RATES) == Money(1388, "USD")  # 13.883 USD
    assert fx.convert(Money(5, "EUR"), "EUR", RATES) == Money(5, "EUR")
    with pytest.raises(fx.MissingRate):
        fx.convert(Money(5, "GBP"), "USD", RATES)


def test_rates_are_validated_and_the_newest_wins(app):
    for bad in ["0", "-1", "abc", "NaN", "Infinity"]:
        with pytest.raises(fx.InvalidRate):
            fx.set_rate(db.session, "USD", bad)
    with pytest.raises(fx.InvalidRate):
        fx.set_rate(db.session, "IRR", "2")
    fx.set_rate(db.session, "usd", "0.00002")
    fx.set_rate(db.session, "USD", "0.0000238")
    assert fx.current_rates(db.session)["USD"] == Decimal("0.0000238")


def test_cli_sets_a_rate(app):
    result = app.test_cli_runner().invoke(args=["fx", "set", "USD", "0.0000238"])
    assert "1 IRR = 0.0000238 USD" in result.output
    assert fx.current_rates(db.session)["USD"] == Decimal("0.0000238")


rates = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("5"), places=7)
prices = st.integers(min_value=1, max_value=10**9)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(usd=rates, eur=rates, vnd=rates, kilim=prices, bowl=prices,
       kilim_qty=st.integers(1, 5), bowl_qty=st.integers(1, 5),
       currency=st.sampled_from(["IRR", "USD", "EUR"]))
def test_checkout_total_is_the_sum_of_its_orders_in_every_currency(
        shop, usd, eur, vnd, kilim, bowl, kilim_qty, bowl_qty, currency):
    """Each order's total is converted and rounded once; the checkout adds those, exactly."""
    catalog = shop.catalog
    for code, rate in (("USD", usd), ("EUR", eur), ("VND", vnd)):
        fx.set_rate(db.session, code, rate)
    catalog.kilim.price_minor, catalog.kilim.stock = kilim, 100
    catalog.bowl.price_minor, catalog.bowl.stock = bowl, 100
    cart = carts.find_or_create(db.session, user_id=None, token=None)
    carts.add(db.session, cart, catalog.kilim.id, kilim_qty, buyer_id=shop.shopper.id)
    carts.add(db.session, cart, catalog.bowl.id, bowl_qty, buyer_id=shop.shopper.id)
    method = PaymentMethod.BANK_TRANSFER if currency == "IRR" else PaymentMethod.CARD
    country = "IR" if currency == "IRR" else "DE"
    try:
        checkout = ordering.start_checkout(
            db.session, buyer_id=shop.shopper.id, cart=cart, method=method, currency=currency,
            address=ordering.Address("A", "B", "C", "", country),
            rates=fx.current_rates(db.session),
            policy=factories.checkout_policy(limits=LIMITS))
    except Exception as exc:  # a total that rounds to zero is refused by the CHECK constraint
        db.session.rollback()
        assert "total_positive" in str(exc)
        return
    orders = checkout.orders
    assert checkout.total_minor == sum(order.charge_total_minor for order in orders)
    for order in orders:
        locked = Decimal(order.fx_rate_text)
        assert order.charge_total == fx.apply_rate(order.total, locked, currency)
        assert order.total_minor == sum(line.unit_price_minor * line.quantity
                                        for line in order.lines) + order.shipping_minor
    # Later rate changes never touch a placed order.
    fx.set_rate(db.session, "USD", "1")
    db.session.flush()
    db.session.refresh(checkout)
    assert checkout.total_minor == sum(order.charge_total_minor for order in orders)
    db.session.rollback()
    assert db.session.scalar(select(Cart).where(Cart.id == cart.id)) is None
