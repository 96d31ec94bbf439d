"""Insights: daily totals behind the impact and analytics pages, visit counters, and the
certificates of origin with the public keys that verify them.

`SalesDay` and `PayoutDay` are derived from the ledger in the transaction of each posting
(`insights.sales`); the ledger stays the truth and `flask insights rebuild` recomputes them.
A row's `key` spells out its dimensions, so it is unique without NULL quirks (as
`ledger_account.key` is) and an upsert can add to it.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import utcnow

if TYPE_CHECKING:
    from marketplace.models.catalog import Listing


class SalesDay(db.Model):
    """Goods sold on one UTC day, per listing, cooperative, currency and destination.

    Amounts are net of refunds (a refund counts negative on the day it is posted). Shipping is
    not here: it passes through the artisan to the carrier.
    """

    __tablename__ = "sales_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    # The artisan's village when the money was posted: where the income went.
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    domestic: Mapped[bool]
    buyer_country: Mapped[str] = mapped_column(String(2))
    gross_minor: Mapped[int] = mapped_column(BigInteger, default=0)  # what the shopper paid
    artisan_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    cooperative_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    platform_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    units: Mapped[int] = mapped_column(default=0)
    lines: Mapped[int] = mapped_column(default=0)  # order lines (a refund takes one back)
    # Sum over those lines of the artisan's share of the line, in basis points: divided by
    # `lines`, the average share of a sale that reaches the artisan, in any currency.
    share_bps_sum: Mapped[int] = mapped_column(BigInteger, default=0)

    listing: Mapped[Listing] = relationship()


class PayoutDay(db.Model):
    """Money paid out to one artisan on one UTC day (the ledger's payout transactions)."""

    __tablename__ = "payout_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    payouts: Mapped[int] = mapped_column(default=0)


class DailyCounter(db.Model):
    """How often something happened to a thing on one UTC day: a listing viewed, put in a cart.

    Only the count is kept: no address, account, cookie or time of day, so a counter can never
    say who did it.
    """

    __tablename__ = "daily_counter"
    __table_args__ = (UniqueConstraint("subject", "subject_id", "day", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(20))  # "listing"
    subject_id: Mapped[int] = mapped_column(index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    event: Mapped[str] = mapped_column(String(20))  # "view", "cart"
    count: Mapped[int] = mapped_column(default=0)


class SigningKey(db.Model):
    """A public key the platform signed certificates with; published for as long as Bazaar runs.

    Only public halves are stored here: the private key never enters the database.
    """

    __tablename__ = "signing_key"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(20))
    public_key: Mapped[str] = mapped_column(String(64))  # base64url of the raw 32 bytes
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OriginCertificate(db.Model):
    """A certificate of origin for one delivered order line, signed when it was delivered.

    `document` is the signed JSON exactly as it was signed; the page, the download and the
    check all read it, never today's listing.
    """

    __tablename__ = "origin_certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"), unique=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listing.id"), index=True)
    artisan_id: Mapped[int] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    key_id: Mapped[str] = mapped_column(ForeignKey("signing_key.key_id"))
    document: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
