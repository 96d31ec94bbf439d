"""A shopper pays for several artisans' work in one checkout; Stripe's word makes it paid."""
from __future__ import annotations

from marketplace.commerce import ordering
from marketplace.commerce.payments.stripe import StripeProvider
from marketplace.cooperatives import ledger
from marketplace.extensions import db
from marketplace.models import Checkout, CheckoutStatus, Listing, OrderStatus
from tests.conftest import WEBHOOK_SECRET, csrf_token, login, set_language
from tests.functional.checkout_helpers import (
    add_to_cart,
    checkout_from,
    deliver_webhook,
    pay_with_token,
    place_order,
    set_currency,
)

DECLINED = "4000000000000341"  # Stripe attaches this card, then declines the charge


def _two_seller_cart(client, shop):
    login(client, shop.shopper.email)
    set_language(client, "en")
    set_currency(client, "USD")
    assert add_to_cart(client, shop.catalog.kilim, "1").status_code == 302
    assert add_to_cart(client, shop.catalog.bowl, "2").status_code == 302


def test_two_sellers_one_cart_makes_two_orders_paid_by_card(client, shop, stripe_app,
                                                             stripe_server):
    _two_seller_cart(client, shop)
    html = client.get("/cart/").get_data(as_text=True)
    assert "Maryam Ahmadi" in html and "Nguyen Thi Lan" in html
    response = place_order(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    checkout = checkout_from(response)
    assert sorted(o.artisan.slug for o in checkout.orders) == ["maryam-ahmadi", "nguyen-thi-lan"]
    assert all(o.status == OrderStatus.PENDING_PAYMENT for o in checkout.orders)
    assert checkout.total_minor == sum(o.charge_total_minor for o in checkout.orders)
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 4  # reserved

    page = client.get(f"/checkout/{checkout.public_id}").get_data(as_text=True)
    assert 'id="card-payment"' in page and "js.stripe.com/v3/" in page
    result = pay_with_token(client, checkout, stripe_server.card_token())
    assert result.status_code == 200 and result.json["status"] == "succeeded"
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT  # S20: not until the webhook

    event = stripe_server.wait_for_event("payment_intent.succeeded", checkout.payments[0].intent_id)
    assert deliver_webhook(client, event).status_code == 200
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PAID
    assert all(o.status == OrderStatus.PAID for o in checkout.orders)
    assert client.get(f"/checkout/{checkout.public_id}/status").json["status"] == "paid"
    assert client.get("/cart/").get_data(as_text=True).count("Your cart is empty") == 1
    assert db.session.query(Checkout).count() == 1


def test_same_cart_submitted_twice_at_once_makes_one_checkout_and_one_intent(
        tmp_path, stripe_server):
    """S25: two simultaneous submissions of one cart: one Checkout, one PaymentIntent."""
    import threading

    from config import TestingConfig
    from marketplace import create_app
    from marketplace.commerce.payments.stripe import StripeProvider
    from tests import factories
    from tests.conftest import WEBHOOK_SECRET, RequestPerContextClient, csrf_token
    from tests.functional.checkout_helpers import ADDRESS

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'twice.sqlite3'}"
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"timeout": 30}}
        INSTANCE_DIR = str(tmp_path / "instance")
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    app.test_client_class = RequestPerContextClient
    app.extensions["payment_provider"] = StripeProvider(
        secret_key="sk_test", webhook_secret=WEBHOOK_SECRET, api_base=stripe_server.url)
    with app.app_context():
        db.create_all()
        shop = factories.shop(db.session, factories.small_catalog(db.session, str(tmp_path)))
        first = app.test_client()
        _two_seller_cart(first, shop)
        second = app.test_client()
        for cookie in first._cookies.values():
            second.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
        barrier = threading.Barrier(2)
        responses = []

        def submit(client):
            with app.app_context():
                data = {**ADDRESS, "method": "card", "csrf_token": csrf_token(client, "/cart/")}
                barrier.wait()
                responses.append(client.post("/checkout/", data=data))

        threads = [threading.Thread(target=submit, args=(c,)) for c in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [r.status_code for r in responses] == [302, 302]
        assert len({r.headers["Location"] for r in responses}) == 1
        db.session.expire_all()
        checkouts = db.session.query(Checkout).all()
        assert len(checkouts) == 1
        assert len(checkouts[0].payments) == 1
        assert len(stripe_server.intents_for(checkouts[0].public_id)) == 1
        assert db.session.get(Listing, shop.catalog.kilim.id).stock == 4
        db.session.remove()


def _orders_by_seller(checkout: Checkout):
    by_slug = {order.artisan.slug: order for order in checkout.orders}
    return by_slug["maryam-ahmadi"], by_slug["nguyen-thi-lan"]  # the kilim's and the bowl's


def _post_form(client, path: str, page: str):
    return client.post(path, data={"csrf_token": csrf_token(client, page)})


def test_a_shopper_whose_card_is_declined_can_pay_with_another(client, shop, stripe_app,
                                                               stripe_server):
    """S43: a declined card, and Stripe's payment_failed webhook for it, leave the checkout
    payable; the pay page says the card was declined and takes another on the same intent."""
    _two_seller_cart(client, shop)
    checkout = checkout_from(place_order(client))
    intent_id = checkout.payments[0].intent_id
    declined = pay_with_token(client, checkout, stripe_server.card_token(DECLINED))
    assert declined.status_code == 402 and "declined" in declined.json["error"]
    failed = stripe_server.wait_for_event("payment_intent.payment_failed", intent_id)
    assert deliver_webhook(client, failed).status_code == 200
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert all(o.status == OrderStatus.PENDING_PAYMENT for o in checkout.orders)
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 4  # still held for them

    page = client.get(f"/checkout/{checkout.public_id}").get_data(as_text=True)
    assert "Your last card was declined" in page and 'id="card-payment"' in page
    second = pay_with_token(client, checkout, stripe_server.card_token())
    assert second.status_code == 200 and second.json["status"] == "succeeded"
    succeeded = stripe_server.wait_for_event("payment_intent.succeeded", intent_id)
    assert deliver_webhook(client, succeeded).json["outcome"] == "paid"
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PAID
    assert [p.intent_id for p in checkout.payments] == [intent_id]
    assert len(stripe_server.intents_for(checkout.public_id)) == 1


def test_a_shopper_who_cancels_a_checkout_finds_the_cart_as_it_was(client, shop, stripe_app,
                                                                   stripe_server):
    """S43: only the shopper's cancel ends the checkout, and their cart comes back with it."""
    _two_seller_cart(client, shop)
    checkout = checkout_from(place_order(client))
    pay_with_token(client, checkout, stripe_server.card_token(DECLINED))
    page = f"/checkout/{checkout.public_id}"
    response = _post_form(client, f"{page}/cancel", page)
    assert response.status_code == 302 and response.headers["Location"].endswith("/cart/")
    cart = client.get("/cart/").get_data(as_text=True)
    assert "its items are back in your cart" in cart
    assert "Handwoven Jolfa kilim" in cart and "Glazed Bat Trang bowl" in cart
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.CANCELLED
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5
    assert stripe_server.intent(checkout.payments[0].intent_id)["status"] == "canceled"
    again = checkout_from(place_order(client))  # the same cart checks out again
    assert sorted(line.quantity for o in again.orders for line in o.lines) == [1, 2]


def test_a_retry_after_an_outage_asks_only_for_the_orders_still_payable(client, shop, app,
                                                                        stripe_server):
    """S36: placed while Stripe was down; the kilim's hold expired and its order was cancelled;
    "Try again" then asks for the bowl's order alone, and paying marks only that one paid."""
    _two_seller_cart(client, shop)
    checkout = checkout_from(place_order(client))  # the app's provider answers nothing
    page = f"/checkout/{checkout.public_id}"
    assert checkout.payments == [] and "Try again" in client.get(page).get_data(as_text=True)
    kilim_order, bowl_order = _orders_by_seller(checkout)
    ordering.cancel_order(db.session, kilim_order, note="reservation expired")
    db.session.commit()

    app.extensions["payment_provider"] = StripeProvider(
        secret_key="sk_test_bazaar", webhook_secret=WEBHOOK_SECRET, api_base=stripe_server.url)
    assert _post_form(client, f"{page}/intent", page).status_code == 302
    db.session.expire_all()
    payment = checkout.payments[-1]
    assert payment.amount_minor == bowl_order.charge_total_minor < checkout.total_minor
    assert stripe_server.intent(payment.intent_id)["amount"] == bowl_order.charge_total_minor
    assert pay_with_token(client, checkout, stripe_server.card_token()).status_code == 200
    event = stripe_server.wait_for_event("payment_intent.succeeded", payment.intent_id)
    assert deliver_webhook(client, event).json["outcome"] == "paid"
    db.session.expire_all()
    assert (kilim_order.status, bowl_order.status) == (OrderStatus.CANCELLED, OrderStatus.PAID)
    assert checkout.status == CheckoutStatus.PAID
    assert stripe_server.refunds_for(payment.intent_id) == []
    assert ledger.verify(db.session) == []


def test_an_order_cancelled_after_the_intent_was_made_is_never_charged(client, shop, stripe_app,
                                                                       stripe_server):
    """S36: the intent asked for both orders, then the kilim's was cancelled; the shopper, still
    shown the old total, presses Pay: nothing is charged, they see the new total, the intent is
    remade for the bowl's order alone, and paying again charges exactly that."""
    _two_seller_cart(client, shop)
    checkout = checkout_from(place_order(client))
    first = checkout.payments[0]
    assert first.amount_minor == checkout.total_minor
    kilim_order, bowl_order = _orders_by_seller(checkout)
    ordering.cancel_order(db.session, kilim_order, note="reservation expired")
    db.session.commit()

    stale = pay_with_token(client, checkout, stripe_server.card_token(),
                           amount=checkout.total_minor)
    assert stale.status_code == 409
    page = client.get(stale.json["next"]).get_data(as_text=True)
    assert "no longer available" in page
    assert f'data-amount="{bowl_order.charge_total_minor}"' in page
    db.session.expire_all()
    assert stripe_server.intent(first.intent_id)["status"] == "canceled"
    second = checkout.payments[-1]
    assert (second.attempt, second.amount_minor) == (2, bowl_order.charge_total_minor)

    assert pay_with_token(client, checkout, stripe_server.card_token()).status_code == 200
    event = stripe_server.wait_for_event("payment_intent.succeeded", second.intent_id)
    assert deliver_webhook(client, event).json["outcome"] == "paid"
    db.session.expire_all()
    assert (kilim_order.status, bowl_order.status) == (OrderStatus.CANCELLED, OrderStatus.PAID)
    assert stripe_server.intent(second.intent_id)["amount"] == bowl_order.charge_total_minor
    assert ledger.verify(db.session) == []
