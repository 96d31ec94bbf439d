"""Payment providers behind one protocol; the app talks to `Provider`, never to an SDK directly.

Card payments go through Stripe (`stripe.py`); bank transfer and cash on delivery are confirmed
by hand (`manual.py`); `reconcile.py` repairs what a lost webhook or a crash left pending.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from marketplace.errors import DomainError


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
