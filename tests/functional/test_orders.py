"""Shoppers follow their orders; artisans confirm, ship and deliver; strangers see nothing."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from marketplace.commerce import ordering
from marketplace.cooperatives import ledger
from marketplace.extensions import db
from marketplace.models import (
    Checkout,
    CheckoutStatus,
    ExchangeRate,
    LedgerTransaction,
    Listing,
    MailOutbox,
    Order,
    OrderLine,
    OrderStatus,
    Reservation,
    ReservationStatus,
)
from marketplace.models.base import utcnow
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import (
    TEHRAN,
    add_to_cart,
    checkout_from,
    deliver_webhook,
    pay_with_token,
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


def _cash_on_delivery_order(client, shop):
    login(client, shop.shopper.email)
    add_to_cart(client, shop.catalog.kilim, "1")
    response = place_order(client, method="cash_on_delivery", address=TEHRAN)
    assert response.status_code == 302, response.get_data(as_text=True)
    return checkout_from(response)


def _as_weaver(client):
    _logout(client)
    login(client, "weaver@example.com")
    set_language(client, "en")
    return csrf_token(client, "/studio/orders/")


def test_cash_on_delivery_ships_first_and_is_paid_when_the_courier_brings_the_money(
        client, shop):
    """S20, S29: the artisan ships an unpaid cash-on-delivery order; its stock is sold then,
    and no hold running out brings it back; the sale is posted when the artisan confirms the
    cash on delivery."""
    checkout = _cash_on_delivery_order(client, shop)
    order = checkout.orders[0]
    token = _as_weaver(client)
    page = client.get("/studio/orders/").get_data(as_text=True)
    assert "Cash on delivery: ship it now" in page and "Confirm payment received" not in page
    early = client.post(f"/studio/orders/{order.id}/confirm-payment", data={"csrf_token": token})
    assert early.status_code == 303  # not before it has left: refused
    client.post(f"/studio/orders/{order.id}/ship",
                data={"carrier": "Iran Post", "tracking_number": "RR9IR", "csrf_token": token})
    db.session.expire_all()
    assert order.status == OrderStatus.SHIPPED
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT  # the money is still to come
    assert [r.status for r in _reservations(order)] == [ReservationStatus.COMMITTED]
    assert db.session.scalar(select(LedgerTransaction)) is None
    shipped = db.session.scalars(select(MailOutbox).order_by(MailOutbox.id)).all()[-1]
    assert "۱۲٬۵۰۰٬۰۰۰ تومان" in shipped.body  # have it ready in cash for the courier

    db.session.execute(update(Reservation).values(expires_at=utcnow() - timedelta(days=3)))
    db.session.execute(update(Checkout).values(expires_at=utcnow() - timedelta(days=3)))
    db.session.commit()
    assert ordering.release_expired_holds(db.session) == 0
    db.session.commit()
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 4

    page = client.get("/studio/orders/").get_data(as_text=True)
    assert "Delivered and cash received" in page
    client.post(f"/studio/orders/{order.id}/deliver", data={"csrf_token": token})
    db.session.expire_all()
    assert order.status == OrderStatus.DELIVERED and checkout.status == CheckoutStatus.PAID
    assert [e.to_status for e in order.events] == ["pending_payment", "shipped", "delivered"]
    sale = db.session.scalar(select(LedgerTransaction))
    assert sale.reference == f"order:{order.id}"
    assert ledger.artisan_available(db.session, shop.catalog.weaver.id, "IRR").amount_minor \
        == 106_250_000
    assert ledger.verify(db.session) == []
    client.post(f"/studio/orders/{order.id}/deliver", data={"csrf_token": token})
    assert len(db.session.scalars(select(LedgerTransaction)).all()) == 1  # once


def test_a_cash_on_delivery_parcel_on_its_way_holds_no_place_in_the_unpaid_order_cap(
        client, shop):
    """S37: the cap on unpaid bank-transfer and cash-on-delivery checkouts counts those still
    holding stock; a parcel that has left holds none."""
    login(client, shop.shopper.email)
    for _ in range(client.application.config["HOLD_MAX_MANUAL_CHECKOUTS"]):
        add_to_cart(client, shop.catalog.kilim, "1")
        checkout = checkout_from(place_order(client, "cash_on_delivery", TEHRAN))
        ordering.ship(db.session, checkout.orders[0], carrier="Iran Post", tracking_number="R1")
        db.session.commit()
    add_to_cart(client, shop.catalog.kilim, "1")
    assert place_order(client, method="cash_on_delivery", address=TEHRAN).status_code == 302


def test_a_buyer_who_paid_in_euros_reads_the_order_its_split_and_emails_in_euros(
        client, shop, stripe_app, stripe_server):
    """S20: paid by a verified webhook; the order page, where the money went and the emails
    are in euros, adding up to what was charged, with the artisan's toman alongside."""
    login(client, shop.other_shopper.email)
    set_language(client, "en")
    set_currency(client, "IRR")
    add_to_cart(client, shop.catalog.kilim, "1")
    checkout = checkout_from(place_order(client, "card", {**TEHRAN, "country": "FR",
                                                          "city": "Paris"},
                                         charge_currency="EUR"))
    assert pay_with_token(client, checkout, stripe_server.card_token()).status_code == 200
    event = stripe_server.wait_for_event("payment_intent.succeeded",
                                         checkout.payments[0].intent_id)
    assert deliver_webhook(client, event).status_code == 200
    order = checkout.orders[0]
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "€2,750.00" in page and "artisan's price: 12,500,000 toman" in page
    # 85 % to the artisan, 10 % to the cooperative, 5 % to Bazaar: in euros, adding up.
    for part in ("€2,337.50", "€275.00", "€137.50"):
        assert part in page
    assert "Paris" in page and "Card (Visa, Mastercard)" in page
    paid = db.session.scalar(select(MailOutbox).where(MailOutbox.to == shop.other_shopper.email,
                                                      MailOutbox.subject.contains("Payment")))
    assert "€2,750.00" in paid.body
    assert "€2,750.00" in client.get(f"/checkout/{checkout.public_id}").get_data(as_text=True)


def test_a_pending_bank_transfer_order_says_where_and_how_to_pay(client, shop):
    checkout = _bank_transfer_order(client, shop)
    order = checkout.orders[0]
    page = client.get(f"/orders/{order.id}").get_data(as_text=True)
    assert "Pay by bank transfer" in page and checkout.public_id[:8] in page
    assert "IBAN IR00" in page and "Kargar St 12" in page and "Bank transfer" in page


def _reservations(order):
    return db.session.scalars(select(Reservation).join(OrderLine).where(
        OrderLine.order_id == order.id)).all()
