"""A shopper pays for several artisans' work in one checkout; Stripe's word makes it paid."""
from __future__ import annotations

from marketplace.extensions import db
from marketplace.models import Checkout, CheckoutStatus, Listing, OrderStatus
from tests.conftest import login, set_language
from tests.functional.checkout_helpers import (
    add_to_cart,
    checkout_from,
    deliver_webhook,
    pay_with_token,
    place_order,
    set_currency,
)


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
    from marketplace.payments.stripe import StripeProvider
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
