"""Cart to orders: lines copied at purchase, shipping by zone, one transition table, expiry."""
from __future__ import annotations

from datetime import timedelta

import pytest

from config import Config
from marketplace.commerce import carts, fx, ordering
from marketplace.commerce.hold_limits import HoldLimits
from marketplace.core import signing
from marketplace.extensions import db
from marketplace.models import (
    CartLine,
    Listing,
    OrderStatus,
    PaymentMethod,
    ShippingRate,
    ShippingZone,
)
from marketplace.models.base import utcnow
from tests import factories

TEHRAN = ordering.Address("Leila", "Kargar St", "Tehran", "", "IR")
LIMITS = HoldLimits.from_config(vars(Config))  # the shipped defaults


def _checkout(shop, *items, method=PaymentMethod.BANK_TRANSFER, currency="IRR",
              address=TEHRAN, hold=timedelta(minutes=30), now=None):
    cart = carts.find_or_create(db.session, user_id=shop.shopper.id, token=None)
    for listing, quantity in items:
        carts.add(db.session, cart, listing.id, quantity, buyer_id=shop.shopper.id)
    return ordering.start_checkout(db.session, buyer_id=shop.shopper.id, cart=cart,
                                   address=address, method=method, currency=currency,
                                   rates=fx.current_rates(db.session), now=now,
                                   policy=factories.checkout_policy(hold=hold, limits=LIMITS))


def test_order_lines_copy_title_price_currency_and_seller(shop):
    kilim = shop.catalog.kilim
    checkout = _checkout(shop, (kilim, 2))
    line = checkout.orders[0].lines[0]
    kilim.price_minor = 1
    db.session.flush()
    assert (line.title, line.unit_price_minor, line.currency, line.artisan_id,
            line.cooperative_id) == ("گلیم دست‌باف جلفا", 125_000_000, "IRR",
                                     shop.catalog.weaver.id, shop.catalog.coop.id)
    assert checkout.orders[0].total_minor == 250_000_000
    assert line.title_in("en") == "Handwoven Jolfa kilim"
    assert line.title_in("fa") == "گلیم دست‌باف جلفا"


def test_a_line_without_an_english_title_shows_the_persian_one(shop):
    shop.catalog.teapot.stock = 2  # the Persian-only jajim, back in stock
    db.session.flush()
    line = _checkout(shop, (shop.catalog.teapot, 1)).orders[0].lines[0]
    assert line.title_en is None and line.title_in("en") == "جاجیم رنگی"


def test_shipping_depends_on_zone_and_is_free_over_the_threshold(shop):
    weaver = shop.catalog.weaver
    db.session.add_all([
        ShippingRate(artisan_id=weaver.id, zone=ShippingZone.DOMESTIC, amount_minor=2_000_000,
                     currency="IRR", free_over_minor=200_000_000),
        ShippingRate(artisan_id=weaver.id, zone=ShippingZone.INTERNATIONAL,
                     amount_minor=40_000_000, currency="IRR"),
    ])
    db.session.flush()
    kilim = shop.catalog.kilim
    rates = fx.current_rates(db.session)
    home = ordering.quote(db.session, [(kilim, 1)], currency="IRR", country="IR", rates=rates)
    assert home.sellers[0].shipping.amount_minor == 2_000_000
    free = ordering.quote(db.session, [(kilim, 2)], currency="IRR", country="IR", rates=rates)
    assert free.sellers[0].shipping.amount_minor == 0
    abroad = ordering.quote(db.session, [(kilim, 2)], currency="USD", country="DE", rates=rates)
    assert abroad.sellers[0].zone == ShippingZone.INTERNATIONAL
    assert abroad.sellers[0].shipping.amount_minor == 40_000_000
    assert abroad.total.amount_minor == 690_200  # (250M + 40M) IRR × 0.0000238, in cents


def test_the_transition_table_refuses_illegal_moves(shop):
    order = _checkout(shop, (shop.catalog.kilim, 1)).orders[0]
    with pytest.raises(ordering.InvalidTransition):
        ordering.transition(db.session, order, OrderStatus.SHIPPED)
    with pytest.raises(ordering.InvalidTransition):
        ordering.deliver(db.session, order, signer=signing.generate())
    assert ordering.mark_order_paid(db.session, order, source="test") is True
    assert ordering.mark_order_paid(db.session, order, source="test") is False
    assert ordering.cancel_order(db.session, order) is False  # paid: refund, not cancel
    with pytest.raises(ordering.InvalidTransition):
        ordering.transition(db.session, order, OrderStatus.PENDING_PAYMENT)


def test_card_needs_usd_or_eur_and_manual_methods_need_rials_in_iran(shop):
    with pytest.raises(ordering.CheckoutError):
        _checkout(shop, (shop.catalog.kilim, 1), method=PaymentMethod.CARD, currency="IRR")
    db.session.rollback()
    with pytest.raises(ordering.CheckoutError):
        _checkout(shop, (shop.catalog.kilim, 1), method=PaymentMethod.CASH_ON_DELIVERY,
                  currency="IRR", address=ordering.Address("A", "B", "Berlin", "", "DE"))


def test_expired_holds_return_stock_and_do_not_block_the_next_shopper(shop, app):
    """S28: an unpaid, expired hold gives its stock back, both by sweep and by `orders expire`."""
    kilim = shop.catalog.kilim
    old = _checkout(shop, (kilim, 5), now=utcnow() - timedelta(hours=1))
    db.session.commit()
    assert db.session.get(Listing, kilim.id).stock == 0
    # Another shopper checks out the same kilim: the opportunistic sweep frees the old hold.
    other = shop.other_shopper
    cart = carts.find_or_create(db.session, user_id=other.id, token=None)
    cart.lines.append(CartLine(listing_id=kilim.id, quantity=2))  # added while stock was free
    db.session.flush()
    fresh = ordering.start_checkout(db.session, buyer_id=other.id, cart=cart, address=TEHRAN,
                                    method=PaymentMethod.BANK_TRANSFER, currency="IRR",
                                    rates=fx.current_rates(db.session),
                                    policy=factories.checkout_policy(limits=LIMITS))
    db.session.commit()
    assert old.orders[0].status == OrderStatus.CANCELLED
    assert fresh.orders[0].status == OrderStatus.PENDING_PAYMENT
    assert db.session.get(Listing, kilim.id).stock == 3
    db.session.expire_all()
    result = app.test_cli_runner().invoke(args=["orders", "expire"])
    assert "0 order(s) cancelled" in result.output  # nothing else is expired
