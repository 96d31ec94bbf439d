"""Holds on stock: capped per account (S37), never blocking once past their time (S28)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from marketplace.commerce import carts, fx, ordering
from marketplace.extensions import db
from marketplace.models import (
    Checkout,
    CheckoutStatus,
    Listing,
    OrderStatus,
    PaymentMethod,
    Reservation,
)
from marketplace.models.base import utcnow
from tests.conftest import login, set_language
from tests.functional.checkout_helpers import (
    TEHRAN,
    add_to_cart,
    checkout_from,
    place_order,
    set_currency,
)


def _expired_bank_transfer(shop, quantity: int) -> Checkout:
    """Sam placed a bank-transfer order three days ago and never paid it."""
    buyer = shop.other_shopper
    cart = carts.find_or_create(db.session, user_id=buyer.id, token=None)
    carts.add(db.session, cart, shop.catalog.kilim.id, quantity, buyer_id=buyer.id)
    checkout = ordering.start_checkout(
        db.session, buyer_id=buyer.id, cart=cart,
        address=ordering.Address("Sam", "Valiasr St 5", "Tehran", "", "IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates=fx.current_rates(db.session),
        policy=ordering.CheckoutPolicy.from_config(current_app.config),
        now=utcnow() - timedelta(days=3))
    db.session.commit()
    return checkout


def test_a_third_unpaid_bank_transfer_is_refused_in_persian_and_holds_nothing(client, shop):
    """S37: past the cap on unpaid manual checkouts the shopper reads why, in her language;
    no checkout is made, no stock is held and her cart is still there."""
    login(client, shop.shopper.email)
    kilim = shop.catalog.kilim
    for _ in range(current_app.config["HOLD_MAX_MANUAL_CHECKOUTS"]):
        assert add_to_cart(client, kilim).status_code == 302
        assert place_order(client, "bank_transfer", TEHRAN).status_code == 302
    assert add_to_cart(client, kilim).status_code == 302
    response = place_order(client, "bank_transfer", TEHRAN)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "سفارش پرداخت‌نشده با حواله بانکی یا پرداخت در محل دارید" in html
    assert db.session.scalar(select(func.count()).select_from(Checkout)) == 2
    assert db.session.get(Listing, kilim.id).stock == 3
    assert "Your cart is empty" not in client.get("/cart/").get_data(as_text=True)


def test_stock_held_by_an_expired_hold_can_be_added_to_a_cart_and_bought(client, shop):
    """S28: the kilims of an unpaid order past its time are freed when Leila wants them,
    without waiting for a job: add-to-cart and checkout both succeed."""
    stale = _expired_bank_transfer(shop, 5)
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 0
    login(client, shop.shopper.email)
    response = add_to_cart(client, shop.catalog.kilim, "2")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert stale.orders[0].status == OrderStatus.CANCELLED
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5
    response = place_order(client, "bank_transfer", TEHRAN)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert checkout_from(response).status == CheckoutStatus.PENDING_PAYMENT
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 3


def test_an_expired_card_hold_with_a_payment_attempt_waits_for_one_tick_of_the_job_runner(
        app, client, shop, stripe_app):
    """S28: a card checkout whose payment was attempted is not freed by add-to-cart (the
    provider might be charging it); one tick of `flask jobs run` asks the provider, cancels
    the intent and frees the stock."""
    sam = app.test_client()
    login(sam, shop.other_shopper.email)
    set_currency(sam, "USD")
    assert add_to_cart(sam, shop.catalog.kilim, "5").status_code == 302
    card_checkout = checkout_from(place_order(sam))
    assert card_checkout.payments, "an intent was created"
    checkout_id = card_checkout.id
    db.session.execute(update(Checkout).where(Checkout.id == checkout_id)
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.execute(update(Reservation).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()

    login(client, shop.shopper.email)
    set_language(client, "en")
    response = add_to_cart(client, shop.catalog.kilim, "1")
    assert response.status_code == 400 and "sold out" in response.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "expire-holds: 1 order(s) cancelled" in result.output
    assert db.session.get(Checkout, checkout_id).status == CheckoutStatus.CANCELLED
    assert add_to_cart(client, shop.catalog.kilim, "1").status_code == 302
