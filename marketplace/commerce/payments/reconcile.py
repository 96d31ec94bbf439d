"""Repairs: ask the provider about pending checkouts, and let unpaid holds expire.

`reconcile` fixes what a lost webhook or a crash between charge and update left behind (S26);
`expire` releases holds that were not paid in time (S28). Both can run any number of times.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.commerce import ordering
from marketplace.commerce.payments import (
    CANCELED,
    SUCCEEDED,
    Provider,
    ProviderUnavailable,
    service,
)
from marketplace.commerce.payments.stripe import apply_intent
from marketplace.models import Checkout, CheckoutStatus, Payment, PaymentMethod
from marketplace.models.base import utcnow

log = logging.getLogger(__name__)

_PENDING_CARD = (Checkout.status == CheckoutStatus.PENDING_PAYMENT,
                 Checkout.payment_method == PaymentMethod.CARD)


def reconcile(session: Session, provider: Provider) -> dict[str, int]:
    """Mark paid every pending checkout whose intent the provider says succeeded."""
    payments = session.scalars(
        select(Payment).join(Checkout).where(*_PENDING_CARD, Payment.status != CANCELED)
        .order_by(Payment.id)
    ).all()
    outcome: dict[str, int] = {}
    for payment in payments:
        try:
            intent = provider.retrieve(payment.intent_id)
            if intent.status != SUCCEEDED:
                continue
            with session.begin_nested():  # a refund that cannot be sent undoes this one only
                result = apply_intent(session, provider, payment, intent, source="reconcile")
        except ProviderUnavailable as exc:
            log.warning("could not reach the provider for %s: %s", payment.intent_id, exc)
            result = "unreachable"
        outcome[result] = outcome.get(result, 0) + 1
    session.flush()
    return outcome


def expire(session: Session, provider: Provider, *, now: datetime | None = None) -> int:
    """Cancel checkouts not paid in time and return their stock; a late success is kept."""
    now = now or utcnow()
    cancelled = ordering.release_expired_holds(session, now=now)
    expired = session.scalars(
        select(Checkout).where(*_PENDING_CARD, Checkout.expires_at < now,
                               Checkout.payments.any())
        .order_by(Checkout.id)
    ).all()
    for checkout in expired:
        orders = len(ordering.payable_orders(checkout))
        try:
            with session.begin_nested():
                outcome = service.end_checkout(session, provider, checkout,
                                               note="reservation expired")
        except ProviderUnavailable as exc:
            log.warning("expiry of %s postponed: %s", checkout.public_id, exc)
            continue
        if outcome == "cancelled":
            cancelled += orders
    session.flush()
    return cancelled
