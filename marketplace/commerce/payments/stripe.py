"""Stripe: PaymentIntents created and confirmed on the server, confirmed to us by signed webhooks.

Every POST carries a deterministic idempotency key built from what it is for (the checkout and
attempt, the intent and card token, the order refunded), so a retry after a timeout or a double
submission can never charge twice (S25). Webhook events are verified with the signing secret
(too old or too far ahead is refused), checked for shape before anything is written, recorded
by id so a replay has no second effect, and dispatched by type through INTENT_EVENTS (S23, S24).
"""
from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable

import stripe as stripe_sdk
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.commerce import ordering
from marketplace.commerce.payments import (
    CANCELED,
    FAILED,
    OPEN,
    REFUNDED,
    REQUIRES_PAYMENT_METHOD,
    SUCCEEDED,
    TRANSITIONS,
    Intent,
    InvalidSignature,
    MalformedEvent,
    PaymentDeclined,
    PaymentStatus,
    Provider,
    ProviderUnavailable,
    move,
)
from marketplace.models import CheckoutStatus, Payment, ProcessedWebhookEvent

log = logging.getLogger(__name__)


def _intent(obj) -> Intent:
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    return Intent(
        id=obj["id"],
        status=PaymentStatus(obj["status"]),
        amount_minor=int(obj["amount"]),
        currency=str(obj["currency"]).upper(),
        client_secret=obj.get("client_secret") or "",
        metadata=dict(obj.get("metadata") or {}),
    )


class StripeProvider:
    name = "stripe"

    def __init__(self, *, secret_key: str, webhook_secret: str, api_base: str | None = None,
                 tolerance: int = 300, http_client: stripe_sdk.HTTPClient | None = None) -> None:
        options: dict = {"max_network_retries": 2}
        if api_base:
            options["base_addresses"] = {"api": api_base}
        if http_client is not None:
            options["http_client"] = http_client
        self.client = stripe_sdk.StripeClient(secret_key, **options)
        self.webhook_secret = webhook_secret
        self.tolerance = tolerance

    def _call(self, fn: Callable, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except stripe_sdk.CardError as exc:
            raise PaymentDeclined(exc.user_message or str(exc), exc.code) from exc
        except stripe_sdk.StripeError as exc:
            raise ProviderUnavailable(str(exc)) from exc

    def create_intent(self, *, amount_minor: int, currency: str, checkout_ref: str,
                      attempt: int) -> Intent:
        obj = self._call(
            self.client.v1.payment_intents.create,
            params={
                "amount": amount_minor,
                "currency": currency.lower(),
                "payment_method_types": ["card"],
                "metadata": {"checkout": checkout_ref, "attempt": str(attempt)},
            },
            options={"idempotency_key": f"bazaar-intent-{checkout_ref}-{attempt}"},
        )
        return _intent(obj)

    def confirm_with_card(self, intent_id: str, *, card_token: str) -> Intent:
        """Attach the card of a Stripe.js token and confirm; 3-D Secure may still be required."""
        token = self._call(self.client.v1.tokens.retrieve, card_token)
        card_id = token["card"]["id"]
        self._call(
            self.client.v1.payment_intents.update,
            intent_id,
            params={"payment_method": card_id},
            options={"idempotency_key": f"bazaar-attach-{intent_id}-{card_token}"},
        )
        obj = self._call(
            self.client.v1.payment_intents.confirm,
            intent_id,
            options={"idempotency_key": f"bazaar-confirm-{intent_id}-{card_token}"},
        )
        return _intent(obj)

    def retrieve(self, intent_id: str) -> Intent:
        return _intent(self._call(self.client.v1.payment_intents.retrieve, intent_id))

    def cancel(self, intent_id: str) -> Intent:
        obj = self._call(self.client.v1.payment_intents.cancel, intent_id,
                         options={"idempotency_key": f"bazaar-cancel-{intent_id}"})
        return _intent(obj)

    def refund(self, intent_id: str, *, amount_minor: int, key: str) -> str:
        obj = self._call(
            self.client.v1.refunds.create,
            params={"payment_intent": intent_id, "amount": amount_minor},
            options={"idempotency_key": f"bazaar-refund-{key}"},
        )
        return obj["id"]

    def parse_event(self, payload: bytes, signature: str) -> dict:
        """The event, if Stripe signed it within `tolerance` seconds of now, either way."""
        try:
            stripe_sdk.WebhookSignature.verify_header(
                payload.decode("utf-8"), signature, self.webhook_secret, self.tolerance
            )
        except (stripe_sdk.SignatureVerificationError, ValueError) as exc:
            raise InvalidSignature(str(exc)) from exc
        # The SDK refuses only old timestamps; one far ahead would keep a captured event
        # replayable for as long as the clock is behind it.
        if _signed_at(signature) > time.time() + self.tolerance:
            raise InvalidSignature("signed with a timestamp in the future")
        try:
            event = json.loads(payload)
        except ValueError as exc:
            raise MalformedEvent(str(exc)) from exc
        if not isinstance(event, dict):
            raise MalformedEvent("the event is not a JSON object")
        return event


def _signed_at(signature: str) -> int:
    """The header's first `t=`, read as the SDK reads it (it has already parsed it once)."""
    items = [item.split("=", 2) for item in signature.split(",")]
    return int(next(item[1] for item in items if item[0] == "t"))


def payment_for(session: Session, intent_id: str) -> Payment | None:
    return session.scalar(select(Payment).where(Payment.intent_id == intent_id))


def apply_intent(session: Session, provider: Provider, payment: Payment, intent: Intent, *,
                 source: str) -> str:
    """Bring our records in line with what the provider says about an intent. Idempotent.

    A failed or cancelled intent never ends the checkout: Stripe reports every declined attempt,
    and the shopper may try another card until they cancel or the hold expires (S43).
    """
    if intent.status == SUCCEEDED:
        return _apply_success(session, provider, payment, intent, source=source)
    if payment.checkout.status != CheckoutStatus.PENDING_PAYMENT:
        return "ignored"
    # After a declined attempt Stripe puts the intent back to requires_payment_method.
    to = FAILED if intent.status == REQUIRES_PAYMENT_METHOD else intent.status
    if not move(payment, to) and payment.status != to:
        return "ignored"  # a late failure never undoes a payment (S24); canceled is final
    session.flush()
    return {FAILED: "failed", CANCELED: "canceled"}.get(payment.status, "pending")


def _apply_success(session: Session, provider: Provider, payment: Payment, intent: Intent, *,
                   source: str) -> str:
    """Pay the orders still pending; give back what was collected for any that are not (S36).

    The intent asked for what was due when it was made. An order cancelled since (its hold
    expired, the shopper withdrew), or the whole checkout gone, leaves more collected than is
    payable: that difference is refunded, and only the pending orders are marked paid.
    """
    checkout = payment.checkout
    if (intent.amount_minor, intent.currency) != (payment.amount_minor, payment.currency):
        log.error("intent %s amount %s %s differs from payment %s of checkout %s; not applied",
                  intent.id, intent.amount_minor, intent.currency, payment.id, checkout.public_id)
        return "amount_mismatch"
    if not _claim(session, payment):
        return "already_paid"
    paid = ordering.mark_paid(session, checkout, source=source)
    excess = intent.amount_minor - sum(order.charge_total_minor for order in paid)
    if excess <= 0:
        return "paid"
    provider.refund(intent.id, amount_minor=excess, key=f"excess-{intent.id}")
    if not paid:
        move(payment, REFUNDED)
        session.flush()
        log.warning("checkout %s was paid when nothing was payable; refunded",
                    checkout.public_id)
        return "refunded_late"
    log.warning("checkout %s: %s %s collected beyond the orders still payable; refunded",
                checkout.public_id, excess, intent.currency)
    return "paid_excess_refunded"


def _claim(session: Session, payment: Payment) -> bool:
    """Mark `payment` succeeded unless it is settled: one caller applies each success.

    A conditional UPDATE, so a webhook and a reconciliation at once (or two deliveries) never
    both pay and refund: on PostgreSQL the second waits for the row and then finds it settled.
    """
    result = session.execute(
        update(Payment)
        .where(Payment.id == payment.id,
               Payment.status.in_([s for s in OPEN if SUCCEEDED in TRANSITIONS[s]]))
        .values(status=SUCCEEDED)
        .execution_options(synchronize_session=False)
    )
    session.refresh(payment, ["status"])
    return result.rowcount == 1


# What each event type says about its intent; other types are acknowledged and ignored.
INTENT_EVENTS: dict[str, str] = {
    "payment_intent.succeeded": SUCCEEDED,
    "payment_intent.payment_failed": REQUIRES_PAYMENT_METHOD,
    "payment_intent.canceled": CANCELED,
}

_ID = re.compile(r"[A-Za-z0-9_]{1,255}")
_TYPE = re.compile(r"[a-z0-9_.]{1,80}")
_CURRENCY = re.compile(r"[A-Za-z]{3}")


def _envelope(event: dict) -> tuple[str, str, dict]:
    """The event's id, type and object, or MalformedEvent."""
    event_id, kind, data = event.get("id"), event.get("type"), event.get("data")
    if not (isinstance(event_id, str) and _ID.fullmatch(event_id)):
        raise MalformedEvent("event id")
    if not (isinstance(kind, str) and _TYPE.fullmatch(kind)):
        raise MalformedEvent("event type")
    if not (isinstance(data, dict) and isinstance(data.get("object"), dict)):
        raise MalformedEvent("event data")
    return event_id, kind, data["object"]


def _event_intent(obj: dict, status: str) -> Intent:
    intent_id, amount, currency = obj.get("id"), obj.get("amount"), obj.get("currency")
    metadata = obj.get("metadata") or {}
    if not (isinstance(intent_id, str) and _ID.fullmatch(intent_id)):
        raise MalformedEvent("intent id")
    if type(amount) is not int or amount < 0:  # bool is an int; a Stripe amount is not
        raise MalformedEvent("intent amount")
    if not (isinstance(currency, str) and _CURRENCY.fullmatch(currency)):
        raise MalformedEvent("intent currency")
    if not isinstance(metadata, dict):
        raise MalformedEvent("intent metadata")
    return Intent(id=intent_id, status=status, amount_minor=amount, currency=currency.upper(),
                  metadata=dict(metadata))


def handle_event(session: Session, provider: Provider, event: dict) -> str:
    """Process a verified event once. Flushes; the caller commits (and rolls back on error).

    A malformed event raises MalformedEvent before anything is written.
    """
    event_id, kind, obj = _envelope(event)
    status = INTENT_EVENTS.get(kind)
    intent = _event_intent(obj, status) if status else None
    try:
        with session.begin_nested():
            session.add(ProcessedWebhookEvent(event_id=event_id, provider="stripe", type=kind))
    except IntegrityError:
        return "duplicate"
    if intent is None:
        return "ignored"
    payment = payment_for(session, intent.id)
    if payment is None:
        log.warning("webhook for unknown payment intent %s (%s)", intent.id, kind)
        return "unknown_intent"
    return apply_intent(session, provider, payment, intent, source="webhook")


def init_app(app) -> None:
    """The provider the views use; tests replace `app.extensions["payment_provider"]`."""
    app.extensions["payment_provider"] = StripeProvider(
        secret_key=app.config["STRIPE_SECRET_KEY"],
        webhook_secret=app.config["STRIPE_WEBHOOK_SECRET"],
        api_base=app.config.get("STRIPE_API_BASE") or None,
        tolerance=app.config.get("STRIPE_WEBHOOK_TOLERANCE", 300),
    )
