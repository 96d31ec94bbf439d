"""Payments against a real localstripe: idempotent webhooks, repairs, deterministic keys."""
from __future__ import annotations

import json
import logging
import time

import stripe
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import (
    CheckoutStatus,
    Listing,
    MailOutbox,
    OrderEvent,
    OrderStatus,
    ProcessedWebhookEvent,
)
from marketplace.payments.stripe import StripeProvider, handle_event
from tests.conftest import WEBHOOK_SECRET, login, set_language
from tests.functional.checkout_helpers import (
    add_to_cart,
    checkout_from,
    deliver_webhook,
    pay_with_token,
    place_order,
    set_currency,
)


def _card_checkout(client, shop):
    login(client, shop.shopper.email)
    set_language(client, "en")
    set_currency(client, "USD")
    add_to_cart(client, shop.catalog.kilim, "2")
    add_to_cart(client, shop.catalog.bowl, "1")
    return checkout_from(place_order(client))


def _signed(payload: dict, secret: str = WEBHOOK_SECRET, at: int | None = None):
    body = json.dumps(payload).encode()
    at = at or int(time.time())
    signature = stripe.WebhookSignature._compute_signature(f"{at}.{body.decode()}", secret)
    return body, f"t={at},v1={signature}"


def _event(event_id: str, kind: str, intent_id: str, amount: int, currency: str) -> dict:
    return {"id": event_id, "type": kind, "data": {"object": {
        "id": intent_id, "object": "payment_intent", "amount": amount,
        "currency": currency.lower(), "status": "x", "metadata": {}}}}


def _post(client, payload, **kwargs):
    body, signature = _signed(payload, **kwargs)
    return client.post("/checkout/webhooks/stripe", data=body,
                       headers={"Stripe-Signature": signature,
                                "Content-Type": "application/json"})


def test_bad_or_stale_signature_is_refused_and_changes_nothing(client, shop, stripe_app):
    """S23: a forged or replayed-too-late webhook gets 400 and the order stays unpaid."""
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    paid = _event("evt_forged", "payment_intent.succeeded", payment.intent_id,
                  payment.amount_minor, payment.currency)
    assert _post(client, paid, secret="whsec_wrong").status_code == 400
    assert _post(client, paid, at=int(time.time()) - 3600).status_code == 400
    assert client.post("/checkout/webhooks/stripe", data=b"{}").status_code == 400
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert db.session.scalar(select(func.count()).select_from(ProcessedWebhookEvent)) == 0


def test_succeeded_twice_then_late_failure_leaves_orders_paid_once(client, shop, stripe_app):
    """S23, S24: a replayed event id has no second effect; a late payment_failed changes nothing."""
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    args = (payment.intent_id, payment.amount_minor, payment.currency)
    assert _post(client, _event("evt_1", "payment_intent.succeeded", *args)).status_code == 200
    assert _post(client, _event("evt_1", "payment_intent.succeeded", *args)).json["outcome"] \
        == "duplicate"
    assert _post(client, _event("evt_2", "payment_intent.succeeded", *args)).json["outcome"] \
        == "already_paid"
    assert _post(client, _event("evt_3", "payment_intent.payment_failed", *args)).json[
        "outcome"] == "ignored"
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PAID
    assert all(order.status == OrderStatus.PAID for order in checkout.orders)
    paid_events = db.session.scalar(select(func.count()).select_from(OrderEvent)
                                    .where(OrderEvent.to_status == "paid"))
    assert paid_events == len(checkout.orders)  # the one hook (ledger in step 4) ran once each
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 3


def test_payment_failed_releases_the_reservation(client, shop, stripe_app):
    checkout = _card_checkout(client, shop)
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 3
    payment = checkout.payments[0]
    failed = _event("evt_f", "payment_intent.payment_failed", payment.intent_id,
                    payment.amount_minor, payment.currency)
    assert _post(client, failed).json["outcome"] == "cancelled"
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.CANCELLED
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5


def test_event_for_an_unknown_intent_is_acknowledged_and_logged(client, shop, stripe_app,
                                                                caplog):
    with caplog.at_level(logging.WARNING):
        response = _post(client, _event("evt_u", "payment_intent.succeeded", "pi_nobody", 100,
                                        "USD"))
    assert response.status_code == 200 and response.json["outcome"] == "unknown_intent"
    assert "unknown payment intent pi_nobody" in caplog.text


def test_declined_card_is_reported_and_its_webhook_releases_stock(client, shop, stripe_app,
                                                                  stripe_server):
    checkout = _card_checkout(client, shop)
    response = pay_with_token(client, checkout, stripe_server.card_token("4000000000000341"))
    assert response.status_code == 402 and "declined" in response.json["error"]
    event = stripe_server.wait_for_event("payment_intent.payment_failed",
                                         checkout.payments[0].intent_id)
    assert deliver_webhook(client, event).status_code == 200
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.CANCELLED
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5


def test_crash_after_charge_is_repaired_by_reconcile_then_by_webhook(client, shop, stripe_app,
                                                                     stripe_server):
    """S26: charged at Stripe, app died before recording it: reconcile repairs, twice is a no-op."""
    checkout = _card_checkout(client, shop)
    # The charge happens at localstripe, then the app "crashes": no webhook is delivered.
    assert pay_with_token(client, checkout, stripe_server.card_token()).status_code == 200
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    runner = stripe_app.test_cli_runner()
    first = runner.invoke(args=["payments", "reconcile"])
    assert "paid: 1" in first.output, first.output
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PAID
    mails = db.session.scalar(select(func.count()).select_from(MailOutbox))
    second = runner.invoke(args=["payments", "reconcile"])
    assert "nothing" in second.output
    # The webhook arriving late (S26: "the webhook repairs it") finds nothing left to do.
    event = stripe_server.wait_for_event("payment_intent.succeeded",
                                         checkout.payments[0].intent_id)
    assert deliver_webhook(client, event).json["outcome"] == "already_paid"
    assert db.session.scalar(select(func.count()).select_from(MailOutbox)) == mails


def test_every_post_to_stripe_carries_a_deterministic_idempotency_key(app, shop, stripe_server,
                                                                      client):
    """S25: creating, attaching, confirming, cancelling and refunding all send a key we derive."""
    sent: list[tuple[str, str, str | None]] = []
    base = type(stripe.new_default_http_client())

    class Recording(base):
        def request(self, method, url, headers, post_data=None, **kwargs):
            sent.append((method, url, (headers or {}).get("Idempotency-Key")))
            return super().request(method, url, headers, post_data, **kwargs)

    app.extensions["payment_provider"] = StripeProvider(
        secret_key="sk_test_bazaar", webhook_secret=WEBHOOK_SECRET, api_base=stripe_server.url,
        http_client=Recording())
    checkout = _card_checkout(client, shop)
    pay_with_token(client, checkout, stripe_server.card_token())
    provider = app.extensions["payment_provider"]
    provider.refund(checkout.payments[0].intent_id, amount_minor=100, key="order-1")
    posts = [(url, key) for method, url, key in sent if method == "post"]
    assert len(posts) == 4
    intent_id = checkout.payments[0].intent_id
    assert all(key and key.startswith("bazaar-") for _, key in posts)
    assert posts[0][1] == f"bazaar-intent-{checkout.public_id}-1"
    assert posts[1][1].startswith(f"bazaar-attach-{intent_id}-tok_")
    assert posts[2][1].startswith(f"bazaar-confirm-{intent_id}-tok_")
    assert posts[3][1] == "bazaar-refund-order-1"


def test_handle_event_is_safe_to_call_again_for_the_same_event(app, shop, stripe_app, client):
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    provider = stripe_app.extensions["payment_provider"]
    event = _event("evt_same", "payment_intent.succeeded", payment.intent_id,
                   payment.amount_minor, payment.currency)
    assert handle_event(db.session, provider, event) == "paid"
    db.session.commit()
    assert handle_event(db.session, provider, event) == "duplicate"
