"""Buying: carts, checkouts, per-seller orders, stock reservations, payments and their records."""
from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models.base import Timestamped, str_enum, utcnow

if TYPE_CHECKING:
    from marketplace.models.accounts import ArtisanProfile, User
    from marketplace.models.catalog import Listing


class OrderStatus(enum.StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class CheckoutStatus(enum.StrEnum):
    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    CANCELLED = "cancelled"


class PaymentMethod(enum.StrEnum):
    CARD = "card"
    BANK_TRANSFER = "bank_transfer"
    CASH_ON_DELIVERY = "cash_on_delivery"

    @property
    def is_manual(self) -> bool:
        return self is not PaymentMethod.CARD


class PaymentStatus(enum.StrEnum):
    """Stripe's PaymentIntent statuses, plus two of ours (FAILED, REFUNDED); the moves allowed
    between them are `commerce.payments.TRANSITIONS`."""

    REQUIRES_PAYMENT_METHOD = "requires_payment_method"  # waits for a card (a fresh intent too)
    REQUIRES_CONFIRMATION = "requires_confirmation"
    REQUIRES_ACTION = "requires_action"  # 3-D Secure
    PROCESSING = "processing"
    REQUIRES_CAPTURE = "requires_capture"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"
    FAILED = "failed"  # ours: the last card was declined; the same intent takes another card
    REFUNDED = "refunded"  # ours: collected when nothing was payable any more, all given back


class ShippingZone(enum.StrEnum):
    DOMESTIC = "domestic"
    INTERNATIONAL = "international"


class ReservationStatus(enum.StrEnum):
    HELD = "held"
    COMMITTED = "committed"
    RELEASED = "released"
    RESTOCKED = "restocked"


class ExchangeRate(db.Model):
    """How many units of `currency` one rial buys, as set by a platform admin. Newest row wins.

    Stored as decimal text: SQLite has no exact decimal type and a float would drift.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), index=True)
    rate_text: Mapped[str] = mapped_column(String(40))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def rate(self) -> Decimal:
        return Decimal(self.rate_text)


# Amounts are BIGINT: a few carpets in rials pass 2**31 (5 × 589,710,000 IRR).


class ShippingRate(db.Model):
    """What a seller charges to ship one order to a zone; free from a threshold, if set."""

    __table_args__ = (
        UniqueConstraint("artisan_id", "zone"),
        CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    zone: Mapped[ShippingZone] = mapped_column(str_enum(ShippingZone))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    free_over_minor: Mapped[int | None] = mapped_column(BigInteger)


class Cart(db.Model):
    """A guest's cart is found by the token in its cookie; a shopper's by `user_id`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)
    # Bumped on every change: a checkout is keyed by (cart, revision), so the same cart
    # submitted twice at once makes one checkout (S25).
    revision: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id"
    )


class CartLine(db.Model):
    __table_args__ = (
        UniqueConstraint("cart_id", "listing_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    quantity: Mapped[int]

    cart: Mapped[Cart] = relationship(back_populates="lines")
    listing: Mapped[Listing] = relationship()


class Checkout(Timestamped, db.Model):
    """The shopper's one payment for the orders of several sellers."""

    __table_args__ = (CheckConstraint("total_minor > 0", name="total_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    cart_key: Mapped[str] = mapped_column(String(80), unique=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    status: Mapped[CheckoutStatus] = mapped_column(
        str_enum(CheckoutStatus), default=CheckoutStatus.PENDING_PAYMENT, index=True
    )
    payment_method: Mapped[PaymentMethod] = mapped_column(str_enum(PaymentMethod))
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    payment_attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ship_name: Mapped[str] = mapped_column(String(120))
    ship_address: Mapped[str] = mapped_column(Text)
    ship_city: Mapped[str] = mapped_column(String(120))
    ship_postcode: Mapped[str] = mapped_column(String(20), default="")
    ship_country: Mapped[str] = mapped_column(String(2))
    ship_phone: Mapped[str] = mapped_column(String(40), default="")

    buyer: Mapped[User] = relationship()
    orders: Mapped[list[Order]] = relationship(back_populates="checkout", order_by="Order.id")
    payments: Mapped[list[Payment]] = relationship(
        back_populates="checkout", order_by="Payment.id"
    )

    @property
    def total(self) -> Money:
        return Money(self.total_minor, self.currency)


class Payment(db.Model):
    """One attempt to collect a checkout's total through a provider (a Stripe PaymentIntent)."""

    __table_args__ = (UniqueConstraint("checkout_id", "attempt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkout.id"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    intent_id: Mapped[str] = mapped_column(String(255), unique=True)
    attempt: Mapped[int]
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[PaymentStatus] = mapped_column(str_enum(PaymentStatus, length=40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    checkout: Mapped[Checkout] = relationship(back_populates="payments")


class Order(Timestamped, db.Model):
    """What one seller owes the shopper, in the seller's currency; rate locked at placement."""

    __table_args__ = (CheckConstraint("total_minor > 0", name="total_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkout_id: Mapped[int] = mapped_column(ForeignKey("checkout.id"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(
        str_enum(OrderStatus), default=OrderStatus.PENDING_PAYMENT, index=True
    )
    currency: Mapped[str] = mapped_column(String(3))
    subtotal_minor: Mapped[int] = mapped_column(BigInteger)
    shipping_minor: Mapped[int] = mapped_column(BigInteger)
    total_minor: Mapped[int] = mapped_column(BigInteger)
    zone: Mapped[ShippingZone] = mapped_column(str_enum(ShippingZone))
    # The checkout's currency, this order's total in it, and the rate (checkout currency per
    # unit of the order's currency) used: frozen at placement so totals never change.
    charge_currency: Mapped[str] = mapped_column(String(3))
    charge_total_minor: Mapped[int] = mapped_column(BigInteger)
    fx_rate_text: Mapped[str] = mapped_column(String(40))
    # The platform's share when the order was placed; the ledger posts with this, not today's.
    platform_fee_bps: Mapped[int]
    carrier: Mapped[str | None] = mapped_column(String(80))
    tracking_number: Mapped[str | None] = mapped_column(String(80))

    checkout: Mapped[Checkout] = relationship(back_populates="orders")
    buyer: Mapped[User] = relationship()
    artisan: Mapped[ArtisanProfile] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )

    @property
    def subtotal(self) -> Money:
        return Money(self.subtotal_minor, self.currency)

    @property
    def shipping(self) -> Money:
        return Money(self.shipping_minor, self.currency)

    @property
    def total(self) -> Money:
        return Money(self.total_minor, self.currency)

    @property
    def charge_total(self) -> Money:
        return Money(self.charge_total_minor, self.charge_currency)


class OrderLine(db.Model):
    """What was bought, copied at purchase: later edits to the listing change nothing."""

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"))
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"))
    commission_bps: Mapped[int]  # the cooperative's rate at purchase (0 without a cooperative)
    title: Mapped[str] = mapped_column(String(200))  # Persian, which every listing has
    title_en: Mapped[str | None] = mapped_column(String(200))
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    quantity: Mapped[int]

    order: Mapped[Order] = relationship(back_populates="lines")
    reservation: Mapped[Reservation | None] = relationship(back_populates="order_line")

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    @property
    def unit_price(self) -> Money:
        return Money(self.unit_price_minor, self.currency)

    @property
    def line_total(self) -> Money:
        return Money(self.unit_price_minor * self.quantity, self.currency)


class OrderEvent(db.Model):
    """The history of an order: every status change, who made it and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("order.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")


class Reservation(db.Model):
    """Stock taken from a listing for one order line until it is paid, released or expires."""

    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_line.id"), unique=True)
    quantity: Mapped[int]
    status: Mapped[ReservationStatus] = mapped_column(
        str_enum(ReservationStatus), default=ReservationStatus.HELD, index=True
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    order_line: Mapped[OrderLine | None] = relationship(back_populates="reservation")


class ProcessedWebhookEvent(db.Model):
    """A provider event already handled: a replay of its id changes nothing (S23)."""

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MailOutbox(db.Model):
    """An email written in the change's own transaction; sent after commit (S31)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # A sender's claim on the row while it talks to the mail server; another sender may take the
    # row only after this (the first one died), so two senders never send it at once.
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
