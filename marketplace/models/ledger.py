"""The money ledger: accounts, transactions and their double-entry lines.

An entry's amount is signed: debits positive, credits negative. Every transaction's entries sum to
zero per currency; a balance is only ever the sum of an account's entries (nothing stored twice).
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import str_enum, utcnow


class AccountKind(enum.StrEnum):
    PLATFORM_CASH = "platform_cash"  # money the platform holds (shopper payments in, payouts out)
    PLATFORM_FEES = "platform_fees"  # the platform's revenue
    ARTISAN_PAYABLE = "artisan_payable"  # owed to an artisan
    ARTISAN_RECEIVABLE = "artisan_receivable"  # owed by an artisan (a refund after a payout)
    COOP_EARNINGS = "coop_earnings"  # a cooperative's retained commission
    COOP_RECEIVABLE = "coop_receivable"  # owed by a cooperative (a refund after a dividend)
    DIVIDEND_PAYABLE = "dividend_payable"  # owed to a shareholder
    # Purchase rounds: a member owes their cooperative their share of a confirmed round (owner:
    # the artisan and the cooperative), and the cooperative is owed the whole round, collected
    # from the members' payouts or paid to it directly.
    MEMBER_RECEIVABLE = "member_receivable"
    COOP_PURCHASE_FUNDS = "coop_purchase_funds"


class TransactionKind(enum.StrEnum):
    SALE = "sale"
    REFUND = "refund"
    PAYOUT = "payout"
    DIVIDEND = "dividend"
    DIVIDEND_PAYMENT = "dividend_payment"
    PURCHASE_ROUND = "purchase_round"  # a confirmed round: each member's cost, owed to the coop
    MEMBER_SETTLEMENT = "member_settlement"  # taken from a member's payout for what they owe
    MEMBER_PAYMENT = "member_payment"  # a member paid their cooperative directly


class Account(db.Model):
    """One account per (kind, currency, owner); `key` makes that unique without NULL quirks."""

    __tablename__ = "ledger_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[AccountKind] = mapped_column(str_enum(AccountKind))
    currency: Mapped[str] = mapped_column(String(3))
    artisan_id: Mapped[int | None] = mapped_column(ForeignKey("artisan_profile.id"), index=True)
    cooperative_id: Mapped[int | None] = mapped_column(ForeignKey("cooperative.id"), index=True)
    shareholder_id: Mapped[int | None] = mapped_column(ForeignKey("shareholder.id"), index=True)


class LedgerTransaction(db.Model):
    """A business event (a sale, a refund, a payout, a dividend, a purchase round) and its
    balanced entries.

    (kind, reference) is unique, so posting the same order twice gives one transaction (S24).
    """

    __tablename__ = "ledger_transaction"
    __table_args__ = (UniqueConstraint("kind", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TransactionKind] = mapped_column(str_enum(TransactionKind))
    reference: Mapped[str] = mapped_column(String(80))
    memo: Mapped[str] = mapped_column(String(200), default="")
    # A sale that came through a foreign shareholder's referral link.
    ambassador_id: Mapped[int | None] = mapped_column(ForeignKey("shareholder.id"), index=True)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    entries: Mapped[list[Entry]] = relationship(
        back_populates="transaction", cascade="all, delete-orphan", order_by="Entry.id"
    )


class Entry(db.Model):
    __tablename__ = "ledger_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transaction.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_account.id"), index=True)
    # debit > 0, credit < 0; BIGINT: a few carpets in rials pass 2**31
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    # The listing a sale line was for, so the studio can chart sales per listing.
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listing.id"), index=True)

    transaction: Mapped[LedgerTransaction] = relationship(back_populates="entries")
    account: Mapped[Account] = relationship()


class PostedEntryChanged(RuntimeError):
    """Posted money is never edited or deleted; a mistake is corrected by a reversing posting."""


@event.listens_for(Entry, "before_update")
@event.listens_for(Entry, "before_delete")
@event.listens_for(LedgerTransaction, "before_delete")
def _ledger_is_append_only(mapper, connection, target) -> None:
    raise PostedEntryChanged(f"{type(target).__name__} {target.id} is posted")
