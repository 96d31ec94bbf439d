"""Payment providers behind one protocol; the app talks to `Provider`, never to an SDK directly.

Card payments go through Stripe (`stripe.py`) and are started, retried and stopped by
`service.py`, which the views call; bank transfer and cash on delivery are confirmed by hand
(`manual.py`); `reconcile.py` repairs what a lost webhook or a crash left pending.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from marketplace.core.errors import DomainError

# `Payment.status`: Stripe's PaymentIntent words, plus two of ours. Only `stripe.apply_intent`
# writes SUCCEEDED or REFUNDED; once there, nothing moves a payment again (SETTLED).
REQUIRES_PAYMENT_METHOD = "requires_payment_method"  # waits for a card (also a fresh intent)
PROCESSING = "processing"
SUCCEEDED = "succeeded"
CANCELED = "canceled"
FAILED = "failed"  # ours: the last card was declined; the same intent takes another card
REFUNDED = "refunded"  # ours: collected when nothing was payable any more, and all given back
SETTLED = frozenset({SUCCEEDED, REFUNDED})


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
    status: str  # Stripe's words: succeeded, processing, requires_action, canceled, ...
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
