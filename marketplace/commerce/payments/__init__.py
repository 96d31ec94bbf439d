"""Payment providers behind one protocol; the app talks to `Provider`, never to an SDK directly.

Card payments go through Stripe (`stripe.py`) and are started, retried and stopped by
`service.py`, which the views call; bank transfer and cash on delivery are confirmed by hand
(`manual.py`); `reconcile.py` repairs what a lost webhook or a crash left pending.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from marketplace.core.errors import DomainError
from marketplace.models import Payment, PaymentStatus

REQUIRES_PAYMENT_METHOD = PaymentStatus.REQUIRES_PAYMENT_METHOD
PROCESSING = PaymentStatus.PROCESSING
SUCCEEDED = PaymentStatus.SUCCEEDED
CANCELED = PaymentStatus.CANCELED
FAILED = PaymentStatus.FAILED
REFUNDED = PaymentStatus.REFUNDED

# An attempt still open moves freely among the open states (a declined card, 3-D Secure, the
# bank processing) and ends cancelled or succeeded. Only `stripe.apply_intent` writes SUCCEEDED
# or REFUNDED; a settled payment never moves again but to be refunded.
OPEN = frozenset(PaymentStatus) - {SUCCEEDED, CANCELED, REFUNDED}
SETTLED = frozenset({SUCCEEDED, REFUNDED})
TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    **{status: OPEN | {SUCCEEDED, CANCELED} for status in OPEN},
    SUCCEEDED: frozenset({REFUNDED}),
    CANCELED: frozenset(),
    REFUNDED: frozenset(),
}


def move(payment: Payment, to: PaymentStatus) -> bool:
    """Record `to` if the table allows the move from where the payment is; False otherwise
    (a late "failed" after a success, a second cancel): nothing changes then."""
    if to == payment.status or to not in TRANSITIONS[payment.status]:
        return False
    payment.status = to
    return True


class PaymentDeclined(DomainError):
    """The shopper's fault (card declined, authentication failed): show them the message."""

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ProviderUnavailable(Exception):
    """Our side or the provider's: the shopper can retry; nothing was charged twice."""


class InvalidSignature(Exception):
    pass


class MalformedEvent(Exception):
    """Signed by the provider, yet not shaped like an event we can act on."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: PaymentStatus
    amount_minor: int
    currency: str
    client_secret: str = ""
    metadata: dict = field(default_factory=dict)


class Provider(Protocol):
    name: str

    def create_intent(self, *, amount_minor: int, currency: str, checkout_ref: str,
                      attempt: int) -> Intent: ...

    def confirm_with_card(self, intent_id: str, *, card_token: str) -> Intent: ...

    def retrieve(self, intent_id: str) -> Intent: ...

    def cancel(self, intent_id: str) -> Intent: ...

    def refund(self, intent_id: str, *, amount_minor: int, key: str) -> str: ...

    def parse_event(self, payload: bytes, signature: str) -> dict: ...
