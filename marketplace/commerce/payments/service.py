"""Card payments as the shopper lives them: start (or retry), pay with a card, call off.

The views call these; they drive the provider and keep `Payment` rows in step with it. Each
PaymentIntent asks for one fixed amount, what was due when it was made. When the amount due
changes (an order was cancelled), that intent is cancelled and the next attempt asks for the new
amount, so a card is only ever confirmed for exactly the orders still payable (S36). A declined
card leaves the intent waiting for another card and the checkout open; only the shopper's cancel
or the hold's expiry ends it (S43). Services flush; the caller commits, also after an error the
shopper is shown, since the provider may have been called by then.
"""
from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.commerce import ordering
from marketplace.commerce.payments import (
    CANCELED,
    FAILED,
    PROCESSING,
    SETTLED,
    SUCCEEDED,
    Intent,
    PaymentDeclined,
    PaymentStatus,
    Provider,
    ProviderUnavailable,
    move,
)
from marketplace.commerce.payments.stripe import apply_intent, handle_event
from marketplace.core.errors import DomainError
from marketplace.core.money import Money
from marketplace.models import Checkout, CheckoutStatus, Order, Payment, PaymentMethod

log = logging.getLogger(__name__)


class NotPayable(DomainError):
    """The checkout is paid or cancelled: there is nothing to pay."""


class AmountChanged(DomainError):
    """The shopper was shown another total than is due now; they should look again."""

    def __init__(self, due: Money) -> None:
        super().__init__(f"{due.amount_minor} {due.currency} is due")
        self.due = due


class PaymentInProgress(DomainError):
    """An earlier attempt is being processed by the bank and cannot be stopped yet."""


def current_payment(checkout: Checkout) -> Payment | None:
    """The attempt a card is confirmed on: the latest one, unless it was cancelled."""
    if checkout.payments and checkout.payments[-1].status != CANCELED:
        return checkout.payments[-1]
    return None


def start_card_payment(session: Session, provider: Provider,
                       checkout: Checkout) -> Payment | None:
    """The attempt to pay with, asking for exactly what is due now (S36).

    Keeps the current intent while its amount is right; otherwise cancels it and makes the next
    attempt. None when there is nothing to pay by card (the checkout may have just turned out
    paid) or the provider cannot be reached: the pay page then offers to try again.
    Raises PaymentInProgress if the current intent cannot be cancelled yet.
    """
    if (checkout.status != CheckoutStatus.PENDING_PAYMENT
            or checkout.payment_method != PaymentMethod.CARD):
        return None
    due = ordering.amount_due(checkout)
    payment = current_payment(checkout)
    if payment is not None and (payment.amount_minor, payment.currency) == (
            due.amount_minor, due.currency):
        return payment
    try:
        if payment is not None:
            outcome = _stop(session, provider, payment)
            if outcome == SUCCEEDED:
                return None
            if outcome == PROCESSING:
                raise PaymentInProgress(payment.intent_id)
        return _new_attempt(session, provider, checkout, due)
    except ProviderUnavailable as exc:
        log.warning("no payment intent for %s: %s", checkout.public_id, exc)
        return None


def _new_attempt(session: Session, provider: Provider, checkout: Checkout,
                 due: Money) -> Payment | None:
    attempt = 1 + max((payment.attempt for payment in checkout.payments), default=0)
    intent = provider.create_intent(amount_minor=due.amount_minor, currency=due.currency,
                                    checkout_ref=checkout.public_id, attempt=attempt)
    try:
        with session.begin_nested():
            payment = Payment(checkout_id=checkout.id, provider=provider.name,
                              intent_id=intent.id, attempt=attempt,
                              amount_minor=due.amount_minor, currency=due.currency,
                              status=intent.status)
            session.add(payment)
    except IntegrityError:
        # Another request made this attempt at the same moment; the idempotency key gave
        # both the same intent, and its row is the one to use.
        session.expire(checkout, ["payments"])
        return current_payment(checkout)
    session.expire(checkout, ["payments"])
    return payment


def pay_with_card(session: Session, provider: Provider, checkout: Checkout, *,
                  card_token: str, shown_minor: int) -> Intent:
    """Confirm the current attempt with the card of a Stripe.js token.

    `shown_minor` is the total the shopper saw on the pay button: it is never what is charged
    (that is computed here), only the check that they agreed to it. Raises AmountChanged (the
    attempt is already remade for what is due, so a second press works), NotPayable,
    PaymentInProgress, PaymentDeclined (the intent then waits for another card) or
    ProviderUnavailable. Not marked paid here: that waits for the webhook or a
    reconciliation (S20).
    """
    payment = start_card_payment(session, provider, checkout)
    if checkout.status != CheckoutStatus.PENDING_PAYMENT:
        raise NotPayable(checkout.public_id)
    due = ordering.amount_due(checkout)
    if shown_minor != due.amount_minor:
        raise AmountChanged(due)
    if payment is None:
        raise ProviderUnavailable(f"no payment intent for {checkout.public_id}")
    try:
        intent = provider.confirm_with_card(payment.intent_id, card_token=card_token)
    except PaymentDeclined:
        _note(session, payment, FAILED)
        raise
    _note(session, payment, intent.status)
    return intent


def end_checkout(session: Session, provider: Provider, checkout: Checkout, *,
                 actor_id: int | None = None, note: str) -> str:
    """Call off an unpaid checkout (the shopper cancels, or its hold expired).

    Every attempt is cancelled at the provider first. Returns "cancelled" (the orders are
    cancelled, their stock released and their lines back in the cart), "paid" when an attempt
    had succeeded after all (recorded; nothing is cancelled) or "processing" when one cannot
    be stopped yet. Raises ProviderUnavailable.
    """
    if checkout.status != CheckoutStatus.PENDING_PAYMENT:
        return checkout.status.value
    outcomes = {_stop(session, provider, payment) for payment in checkout.payments}
    if SUCCEEDED in outcomes:
        return "paid"
    if PROCESSING in outcomes:
        return "processing"
    ordering.cancel_checkout(session, checkout, actor_id=actor_id, note=note)
    return "cancelled"


def _stop(session: Session, provider: Provider, payment: Payment) -> str:
    """Cancel the payment's intent. Returns canceled, succeeded (recorded) or processing."""
    if payment.status in SETTLED:
        return SUCCEEDED
    if payment.status == CANCELED:
        return CANCELED
    try:
        intent = provider.cancel(payment.intent_id)
    except (ProviderUnavailable, PaymentDeclined):
        # Stripe refuses to cancel an intent that succeeded or is processing: ask which.
        intent = provider.retrieve(payment.intent_id)
    if intent.status == SUCCEEDED:
        with session.begin_nested():  # a refund that cannot be sent undoes the whole success
            apply_intent(session, provider, payment, intent, source="reconcile")
        return SUCCEEDED
    if intent.status == CANCELED:
        _note(session, payment, CANCELED)
        return CANCELED
    if intent.status == PROCESSING:
        _note(session, payment, PROCESSING)
        return PROCESSING
    raise ProviderUnavailable(f"{payment.intent_id} could not be cancelled ({intent.status})")


def _note(session: Session, payment: Payment, status: PaymentStatus) -> None:
    """Record what the provider said, short of settling: only `apply_intent` settles."""
    if status not in SETTLED and move(payment, status):
        session.flush()


class NothingToRefund(DomainError):
    """A card order whose payment never succeeded: there is no charge to give back."""


def refund_order(session: Session, provider: Provider, order: Order, *,
                 actor_id: int | None = None, note: str = "") -> bool:
    """Cancel a paid, unshipped order: stock and books back (`ordering.refund_order`) and, for
    a card, the order's share of the charge back to the card. False if another request
    refunded it first. Raises InvalidTransition, NothingToRefund or ProviderUnavailable (the
    caller rolls back: nothing is half done)."""
    if not ordering.refund_order(session, order, actor_id=actor_id, note=note):
        return False
    checkout = order.checkout
    if checkout.payment_method == PaymentMethod.CARD:
        paid = [p for p in checkout.payments if p.status == SUCCEEDED]
        if not paid:
            raise NothingToRefund(order.id)
        provider.refund(paid[-1].intent_id, amount_minor=order.charge_total_minor,
                        key=f"order-{order.id}")
    return True


def receive_webhook(session: Session, provider: Provider, payload: bytes,
                    signature: str) -> tuple[str, dict]:
    """Verify and process one webhook delivery: (outcome, event).

    Raises InvalidSignature or MalformedEvent before anything is written, and
    ProviderUnavailable when a refund it needs cannot be sent (the provider will deliver again).
    """
    event = provider.parse_event(payload, signature)
    return handle_event(session, provider, event), event
