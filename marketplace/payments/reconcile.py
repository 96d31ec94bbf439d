"""Repairs: ask the provider about pending checkouts, and let unpaid holds expire.

`reconcile` fixes what a lost webhook or a crash between charge and update left behind (S26);
`expire` releases holds that were not paid in time (S28). Both can run any number of times.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace import ordering
from marketplace.models import Checkout, CheckoutStatus, Payment, PaymentMethod
from marketplace.models.base import utcnow
from marketplace.payments import Provider, ProviderUnavailable
from marketplace.payments.stripe import apply_intent

log = logging.getLogger(__name__)


def _pending_card_payments(session: Session, *, expired_before: datetime | None = None):
    query = (
        select(Payment)
        .join(Checkout)
        .where(Checkout.status == CheckoutStatus.PENDING_PAYMENT,
               Checkout.payment_method == PaymentMethod.CARD)
        .order_by(Payment.id)
    )
    if expired_before is not None:
        query = query.where(Checkout.expires_at < expired_before)
    return session.scalars(query).all()


def reconcile(session: Session, provider: Provider) -> dict[str, int]:
    """Mark paid every pending checkout whose intent the provider says succeeded."""
    outcome: dict[str, int] = {}
    for payment in _pending_card_payments(session):
        try:
            intent = provider.retrieve(payment.intent_id)
        except ProviderUnavailable as exc:
            log.warning("could not reach the provider for %s: %s", payment.intent_id, exc)
            outcome["unreachable"] = outcome.get("unreachable", 0) + 1
            continue
        if intent.status != "succeeded":
            continue
        result = apply_intent(session, provider, payment, intent, source="reconcile")
        outcome[result] = outcome.get(result, 0) + 1
    session.flush()
    return outcome


def expire(session: Session, provider: Provider, *, now: datetime | None = None) -> int:
    """Cancel checkouts not paid in time and return their stock; a late success is kept."""
    now = now or utcnow()
    cancelled = ordering.release_expired_holds(session, now=now)
    for payment in _pending_card_payments(session, expired_before=now):
        try:
            intent = provider.retrieve(payment.intent_id)
            if intent.status not in ("succeeded", "canceled", "processing"):
                intent = provider.cancel(payment.intent_id)
        except ProviderUnavailable as exc:
            log.warning("expiry of %s postponed: %s", payment.checkout.public_id, exc)
            continue
        if intent.status == "succeeded":
            apply_intent(session, provider, payment, intent, source="reconcile")
        elif intent.status == "canceled":
            cancelled += ordering.cancel_checkout(session, payment.checkout,
                                                  note="reservation expired")
    session.flush()
    return cancelled
