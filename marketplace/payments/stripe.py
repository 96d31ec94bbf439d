"""Stripe: PaymentIntents created and confirmed on the server, confirmed to us by signed webhooks.

Every POST carries a deterministic idempotency key built from what it is for (the checkout and
attempt, the intent and card token, the order refunded), so a retry after a timeout or a double
submission can never charge twice (S25). Webhook events are verified with the signing secret,
recorded by id so a replay has no second effect, and dispatched through HANDLERS (S23, S24).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable

import stripe as stripe_sdk
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace import ordering
from marketplace.models import CheckoutStatus, Payment, ProcessedWebhookEvent
from marketplace.payments import (
    Intent,
    InvalidSignature,
    PaymentDeclined,
    Provider,
    ProviderUnavailable,
)

log = logging.getLogger(__name__)


def _intent(obj) -> Intent:
    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    return Intent(
        id=obj["id"],
        status=obj["status"],
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
        try:
            stripe_sdk.Webhook.construct_event(
                payload, signature, self.webhook_secret, tolerance=self.tolerance
            )
        except (stripe_sdk.SignatureVerificationError, ValueError) as exc:
            raise InvalidSignature(str(exc)) from exc
        return json.loads(payload)


def payment_for(session: Session, intent_id: str) -> Payment | None:
    return session.scalar(select(Payment).where(Payment.intent_id == intent_id))


def apply_intent(session: Session, provider: Provider, payment: Payment, intent: Intent, *,
                 source: str) -> str:
    """Bring our records in line with what the provider says about an intent. Idempotent."""
    checkout = payment.checkout
    if intent.status == "succeeded":
        if (intent.amount_minor, intent.currency) != (payment.amount_minor, payment.currency):
            log.error("intent %s amount %s %s differs from checkout %s; not marked paid",
                      intent.id, intent.amount_minor, intent.currency, checkout.public_id)
            return "amount_mismatch"
        payment.status = "succeeded"
        if checkout.status == CheckoutStatus.CANCELLED:
            # Paid after the hold expired and the stock may be gone: give the money back.
            provider.refund(intent.id, amount_minor=intent.amount_minor, key=f"late-{intent.id}")
            payment.status = "refunded"
            log.warning("checkout %s was paid after cancellation; refunded", checkout.public_id)
            return "refunded_late"
        paid = ordering.mark_paid(session, checkout, source=source)
        return "paid" if paid else "already_paid"
    if intent.status in ("requires_payment_method", "canceled"):
        if checkout.status != CheckoutStatus.PENDING_PAYMENT:
            return "ignored"  # a late failure never undoes a payment (S24)
        if payment.status == "succeeded":
            return "ignored"
        payment.status = "failed" if intent.status != "canceled" else "canceled"
        ordering.cancel_checkout(session, checkout, note=f"payment {payment.status} ({source})")
        return "cancelled"
    payment.status = intent.status
    return "pending"


def _on_intent_event(session: Session, provider: Provider, obj: dict, status: str) -> str:
    payment = payment_for(session, obj["id"])
    if payment is None:
        log.warning("webhook for unknown payment intent %s (%s)", obj["id"], status)
        return "unknown_intent"
    intent = _intent({**obj, "status": status})
    return apply_intent(session, provider, payment, intent, source="webhook")


HANDLERS: dict[str, Callable[[Session, Provider, dict], str]] = {
    "payment_intent.succeeded": lambda s, p, o: _on_intent_event(s, p, o, "succeeded"),
    "payment_intent.payment_failed": lambda s, p, o: _on_intent_event(
        s, p, o, "requires_payment_method"
    ),
    "payment_intent.canceled": lambda s, p, o: _on_intent_event(s, p, o, "canceled"),
}


def handle_event(session: Session, provider: Provider, event: dict) -> str:
    """Process a verified event once. Flushes; the caller commits (and rolls back on error)."""
    try:
        with session.begin_nested():
            session.add(ProcessedWebhookEvent(event_id=event["id"], provider="stripe",
                                              type=event["type"][:80]))
    except IntegrityError:
        return "duplicate"
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return "ignored"
    return handler(session, provider, event["data"]["object"])


def init_app(app) -> None:
    """The provider the views use; tests replace `app.extensions["payment_provider"]`."""
    app.extensions["payment_provider"] = StripeProvider(
        secret_key=app.config["STRIPE_SECRET_KEY"],
        webhook_secret=app.config["STRIPE_WEBHOOK_SECRET"],
        api_base=app.config.get("STRIPE_API_BASE") or None,
        tolerance=app.config.get("STRIPE_WEBHOOK_TOLERANCE", 300),
    )
