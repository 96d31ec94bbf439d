"""Shoppers follow their orders; artisans confirm, ship and deliver; strangers see nothing."""
from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import CheckoutStatus, ExchangeRate, Listing, Order, OrderStatus
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import (
    TEHRAN,
    add_to_cart,
    checkout_from,
    place_order,
    set_currency,
)


def _bank_transfer_order(client, shop):
    login(client, shop.shopper.email)
    set_language(client, "en")
    set_currency(client, "IRR")
    add_to_cart(client, shop.catalog.kilim, "1")
    response = place_order(client, method="bank_transfer", address=TEHRAN)
    assert response.status_code == 302, response.get_data(as_text=True)
    return checkout_from(response)


def _logout(client):
    client.post("/account/logout", data={"csrf_token": csrf_token(client, "/")})


def test_bank_transfer_waits_until_the_artisan_confirms_then_ships_and_delivers(client, shop):
    """S20: a manual method becomes paid only by the seller's confirmation."""
    checkout = _bank_transfer_order(client, shop)
    order = checkout.orders[0]
    assert checkout.currency == "IRR" and checkout.total_minor == 125_000_000
    assert "Pay by bank transfer" in client.get(f"/checkout/{checkout.public_id}").get_data(
        as_text=True)
    _logout(client)
    login(client, "weaver@example.com")
    set_language(client, "en")
    token = csrf_token(client, "/studio/orders/")
    early = client.post(f"/studio/orders/{order.id}/ship",
                        data={"carrier": "Post", "tracking_number": "X1", "csrf_token": token})
    assert early.status_code == 303  # not paid yet: refused
    db.session.expire_all()
    assert order.status == OrderStatus.PENDING_PAYMENT
    client.post(f"/studio/orders/{order.id}/confirm-payment", data={"csrf_token": token})
    db.session.expire_all()
    assert order.status == OrderStatus.PAID and checkout.status == CheckoutStatus.PAID
    client.post(f"/studio/orders/{order.id}/ship",
                data={"carrier": "Iran Post", "tracking_number": "RR123IR", "csrf_token": token})
    client.post(f"/studio/orders/{order.id}/deliver", data={"csrf_token": token})
    db.session.expire_all()
    assert order.status == OrderStatus.DELIVERED and order.tracking_number == "RR123IR"
    assert [e.to_status for e in order.events] == ["pending_payment", "paid", "shipped",
                                                   "delivered"]
    _logout(client)
    login(client, shop.shopper.email)
    set_language(client, "en")
    detail = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "RR123IR" in detail and "Delivered" in detail
    assert f"/orders/{order.id}" in client.get("/orders/").get_data(as_text=True)


def test_other_shoppers_and_other_artisans_get_404(client, shop):
    """S02, S04: someone else's order, checkout or fulfilment action does not exist for you."""
    checkout = _bank_transfer_order(client, shop)
    order = checkout.orders[0]
    _logout(client)
    login(client, shop.other_shopper.email)
    assert client.get(f"/orders/{order.id}").status_code == 404
    assert client.get(f"/checkout/{checkout.public_id}").status_code == 404
    assert client.get(f"/checkout/{checkout.public_id}/status").status_code == 404
    _logout(client)
    login(client, "potter@example.com")
    token = csrf_token(client, "/studio/orders/")
    assert client.post(f"/studio/orders/{order.id}/confirm-payment",
                       data={"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_cancel_and_refund_before_shipping_returns_the_stock(client, shop):
    checkout = _bank_transfer_order(client, shop)
    order = checkout.orders[0]
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 4
    _logout(client)
    login(client, "weaver@example.com")
    token = csrf_token(client, "/studio/orders/")
    client.post(f"/studio/orders/{order.id}/confirm-payment", data={"csrf_token": token})
    client.post(f"/studio/orders/{order.id}/refund", data={"csrf_token": token})
    db.session.expire_all()
    assert order.status == OrderStatus.REFUNDED
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5


def test_only_platform_admins_reach_the_exchange_rate_form(client, shop):
    """S05: everyone else gets 404; an admin's rate is used for new prices."""
    assert client.get("/admin/fx/").status_code == 404
    login(client, shop.shopper.email)
    assert client.get("/admin/fx/").status_code == 404
    _logout(client)
    login(client, shop.admin.email)
    token = csrf_token(client, "/admin/fx/")
    bad = client.post("/admin/fx/", data={"currency": "USD", "rate": "-1", "csrf_token": token})
    assert bad.status_code == 400
    client.post("/admin/fx/", data={"currency": "USD", "rate": "0.00003", "csrf_token": token})
    newest = db.session.scalars(select(ExchangeRate).order_by(ExchangeRate.id.desc())).first()
    assert (newest.currency, newest.rate_text, newest.set_by_id) == ("USD", "0.00003",
                                                                     shop.admin.id)
    assert db.session.scalar(select(Order).limit(1)) is None
