"""Payments against a real localstripe: idempotent webhooks, repairs, deterministic keys."""
from __future__ import annotations

import json
import logging
import time
from datetime import timedelta

import stripe
from sqlalchemy import func, select

from marketplace.commerce import carts, ordering
from marketplace.commerce.payments import reconcile
from marketplace.commerce.payments.stripe import StripeProvider, handle_event
from marketplace.cooperatives import ledger
from marketplace.extensions import db
from marketplace.models import (
    CheckoutStatus,
    Listing,
    MailOutbox,
    OrderEvent,
    OrderStatus,
    ProcessedWebhookEvent,
)
from marketplace.models.base import utcnow
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


def test_payment_failed_is_not_the_end_of_a_checkout(client, shop, stripe_app):
    """S43: Stripe sends payment_failed for every declined attempt: the stock stays held and a
    later success still pays the checkout."""
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    args = (payment.intent_id, payment.amount_minor, payment.currency)
    failed = _event("evt_f", "payment_intent.payment_failed", *args)
    assert _post(client, failed).json["outcome"] == "failed"
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert payment.status == "failed"
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 3
    paid = _event("evt_s", "payment_intent.succeeded", *args)
    assert _post(client, paid).json["outcome"] == "paid"
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PAID


def test_event_for_an_unknown_intent_is_acknowledged_and_logged(client, shop, stripe_app,
                                                                caplog):
    with caplog.at_level(logging.WARNING):
        response = _post(client, _event("evt_u", "payment_intent.succeeded", "pi_nobody", 100,
                                        "USD"))
    assert response.status_code == 200 and response.json["outcome"] == "unknown_intent"
    assert "unknown payment intent pi_nobody" in caplog.text


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


def _kilim_order(checkout):
    return next(order for order in checkout.orders if order.artisan.slug == "maryam-ahmadi")


def test_a_success_for_more_than_is_payable_refunds_the_difference(client, shop, stripe_app,
                                                                   stripe_server):
    """S36: the card was charged for both orders, but the kilim's was cancelled before the
    webhook came: only the bowl's order is paid and the kilim's share goes back to the card."""
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    assert pay_with_token(client, checkout, stripe_server.card_token()).status_code == 200
    kilim_order = _kilim_order(checkout)
    ordering.cancel_order(db.session, kilim_order, note="reservation expired")
    db.session.commit()
    event = stripe_server.wait_for_event("payment_intent.succeeded", payment.intent_id)
    assert deliver_webhook(client, event).json["outcome"] == "paid_excess_refunded"
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PAID
    assert sorted(order.status for order in checkout.orders) == ["cancelled", "paid"]
    assert stripe_server.refunds_for(payment.intent_id) == [kilim_order.charge_total_minor]
    assert ledger.verify(db.session) == []
    again = _event("evt_again", "payment_intent.succeeded", payment.intent_id,
                   payment.amount_minor, payment.currency)
    assert _post(client, again).json["outcome"] == "already_paid"
    assert stripe_server.refunds_for(payment.intent_id) == [kilim_order.charge_total_minor]


def test_an_expired_card_checkout_cancels_its_intent_and_gives_the_cart_back(
        client, shop, stripe_app, stripe_server):
    """S43, S28: the hold's expiry ends the checkout: intent cancelled, stock and cart back."""
    checkout = _card_checkout(client, shop)
    provider = stripe_app.extensions["payment_provider"]
    assert reconcile.expire(db.session, provider, now=utcnow() + timedelta(hours=1)) == 2
    db.session.commit()
    assert checkout.status == CheckoutStatus.CANCELLED
    assert stripe_server.intent(checkout.payments[0].intent_id)["status"] == "canceled"
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5
    cart = carts.find(db.session, user_id=shop.shopper.id, token=None)
    assert sorted((line.listing_id, line.quantity) for line in cart.lines) == sorted(
        [(shop.catalog.kilim.id, 2), (shop.catalog.bowl.id, 1)])


def _signed_body(body: bytes, at: int | None = None):
    at = at or int(time.time())
    signature = stripe.WebhookSignature._compute_signature(f"{at}.{body.decode()}",
                                                           WEBHOOK_SECRET)
    return f"t={at},v1={signature}"


def test_signed_but_malformed_events_are_refused_and_change_nothing(client, shop, stripe_app):
    """S39, S23: a validly signed event of the wrong shape answers 400, never 5xx, and neither
    records the event nor touches the checkout."""
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    good = _event("evt_good", "payment_intent.succeeded", payment.intent_id,
                  payment.amount_minor, payment.currency)
    intent = good["data"]["object"]

    def but(**changes):
        return json.dumps({**good, **changes}).encode()

    def with_intent(**changes):
        return but(data={"object": {**intent, **changes}})

    bodies = {
        "no data": json.dumps({"id": "evt_x", "type": "payment_intent.succeeded"}).encode(),
        "data is a list": but(data=[intent]),
        "object is text": but(data={"object": payment.intent_id}),
        "no object": but(data={}),
        "no event id": json.dumps({k: v for k, v in good.items() if k != "id"}).encode(),
        "event id is a number": but(id=7),
        "event id has a NUL": but(id="evt_\x00"),
        "event id is huge": but(id="evt_" + "9" * 300),
        "type is a list": but(type=["payment_intent.succeeded"]),
        "no intent id": but(data={"object": {k: v for k, v in intent.items() if k != "id"}}),
        "intent id is a dict": with_intent(id={"id": payment.intent_id}),
        "amount is text": with_intent(amount=str(payment.amount_minor)),
        "amount is a fraction": with_intent(amount=payment.amount_minor + 0.5),
        "amount is true": with_intent(amount=True),
        "amount is negative": with_intent(amount=-1),
        "no currency": with_intent(currency=None),
        "metadata is a list": with_intent(metadata=["checkout"]),
        "a list": b"[]",
        "a string": b'"evt"',
        "null": b"null",
        "not JSON": b"{not json",
    }
    for label, body in bodies.items():
        response = client.post("/checkout/webhooks/stripe", data=body,
                               headers={"Stripe-Signature": _signed_body(body),
                                        "Content-Type": "application/json"})
        assert response.status_code == 400, label
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert db.session.scalar(select(func.count()).select_from(ProcessedWebhookEvent)) == 0
    other = {"id": "evt_other", "type": "charge.refunded", "data": {"object": {"amount": "x"}}}
    assert _post(client, other).json["outcome"] == "ignored"  # not ours to read: 200


def test_a_webhook_signed_in_the_future_is_refused_like_a_stale_one(client, shop, stripe_app):
    """S23: a timestamp further ahead than the tolerance is refused; a little skew is not."""
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    paid = _event("evt_ahead", "payment_intent.succeeded", payment.intent_id,
                  payment.amount_minor, payment.currency)
    assert _post(client, paid, at=int(time.time()) + 3600).status_code == 400
    assert _post(client, paid, at=2**62).status_code == 400
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PENDING_PAYMENT
    assert db.session.scalar(select(func.count()).select_from(ProcessedWebhookEvent)) == 0
    assert _post(client, paid, at=int(time.time()) + 60).json["outcome"] == "paid"
