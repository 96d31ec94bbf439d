"""Holds on stock: capped per account (S37)."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Checkout, Listing
from tests.conftest import login
from tests.functional.checkout_helpers import TEHRAN, add_to_cart, place_order


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

