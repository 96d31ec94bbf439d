"""Daily totals from the ledger, written in the transaction of the posting they come from.

`ordering` calls `record_order` with the sale (or refund) transaction it has just posted, and
`ledger.record_payout` calls `record_payout`: the impact and analytics pages then add up a few
rows per day instead of every ledger entry on each view, and can never disagree with the ledger
(tests/unit/test_impact_matches_ledger.py). Amounts are taken from the transaction's entries,
never recomputed; the order only says what the ledger does not know (units, destination).

Each row is one `INSERT … ON CONFLICT (key) DO UPDATE SET x = x + excluded.x`, so two sales on
the same day add up whatever their order, on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.models import (
    AccountKind,
    ArtisanProfile,
    LedgerTransaction,
    Order,
    PayoutDay,
    SalesDay,
    ShippingZone,
    TransactionKind,
)

BPS = 10_000
# Which ledger account holds which part of a sale (debits positive, credits negative).
_PART = {
    AccountKind.PLATFORM_CASH: "gross_minor",
    AccountKind.ARTISAN_PAYABLE: "artisan_minor",
    AccountKind.ARTISAN_RECEIVABLE: "artisan_minor",
    AccountKind.COOP_EARNINGS: "cooperative_minor",
    AccountKind.COOP_RECEIVABLE: "cooperative_minor",
    AccountKind.PLATFORM_FEES: "platform_minor",
}
_ADDED = ("gross_minor", "artisan_minor", "cooperative_minor", "platform_minor", "units",
          "lines", "share_bps_sum")


def utc_day(moment: datetime) -> date:
    """The UTC day of a stored time (SQLite gives it back without a zone; it was UTC)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()


def _upsert(session: Session, model, key: str, values: dict, added: tuple[str, ...]) -> None:
    dialect = postgresql if session.connection().dialect.name == "postgresql" else sqlite
    table = model.__table__
    statement = dialect.insert(table).values(key=key, **values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={name: table.c[name] + statement.excluded[name] for name in added},
    ))


def _parts(transaction: LedgerTransaction) -> dict[int, dict[str, int]]:
    """listing id -> what each party got of it in this transaction (shipping left out)."""
    parts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry in transaction.entries:
        part = _PART.get(entry.account.kind)
        if part is None or entry.listing_id is None:
            continue
        sign = 1 if part == "gross_minor" else -1
        parts[entry.listing_id][part] += sign * entry.amount_minor
    return parts


def record_order(session: Session, order: Order, transaction: LedgerTransaction) -> None:
    """Add a paid order's goods to its day's rows, or take a refunded one's back out."""
    if transaction.kind not in (TransactionKind.SALE, TransactionKind.REFUND):
        raise ValueError(f"not a sale or refund: {transaction.kind}")
    sign = 1 if transaction.kind == TransactionKind.SALE else -1
    day = utc_day(transaction.posted_at)
    artisan = session.get(ArtisanProfile, order.artisan_id)
    domestic = order.zone == ShippingZone.DOMESTIC
    country = order.checkout.ship_country
    parts = _parts(transaction)
    for line in order.lines:
        amounts = parts.get(line.listing_id)
        if amounts is None:
            continue
        sale_gross = sign * amounts["gross_minor"]
        share = (sign * amounts["artisan_minor"]) * BPS // sale_gross if sale_gross else 0
        key = ":".join(str(part) for part in (
            day.isoformat(), artisan.id, artisan.village_id, line.listing_id,
            line.cooperative_id or "-", order.currency, country, int(domestic)))
        _upsert(session, SalesDay, key, {
            "day": day, "artisan_id": artisan.id, "village_id": artisan.village_id,
            "listing_id": line.listing_id, "cooperative_id": line.cooperative_id,
            "currency": order.currency, "domestic": domestic, "buyer_country": country,
            "gross_minor": amounts["gross_minor"], "artisan_minor": amounts["artisan_minor"],
            "cooperative_minor": amounts["cooperative_minor"],
            "platform_minor": amounts["platform_minor"], "units": sign * line.quantity,
            "lines": sign, "share_bps_sum": sign * share,
        }, _ADDED)


def record_payout(session: Session, transaction: LedgerTransaction) -> None:
    """Add a payout transaction to its artisan's day."""
    if transaction.kind != TransactionKind.PAYOUT:
        raise ValueError(f"not a payout: {transaction.kind}")
    day = utc_day(transaction.posted_at)
    for entry in transaction.entries:
        account = entry.account
        if account.kind != AccountKind.ARTISAN_PAYABLE:
            continue
        artisan = session.get(ArtisanProfile, account.artisan_id)
        key = f"{day.isoformat()}:{artisan.id}:{artisan.village_id}:{entry.currency}"
        _upsert(session, PayoutDay, key, {
            "day": day, "artisan_id": artisan.id, "village_id": artisan.village_id,
            "currency": entry.currency, "amount_minor": entry.amount_minor, "payouts": 1,
        }, ("amount_minor", "payouts"))


def rebuild(session: Session) -> int:
    """Recompute every daily row from the ledger (after an upgrade, or to check them).

    Villages are the artisans' villages today. Returns the transactions read.
    """
    session.execute(delete(SalesDay))
    session.execute(delete(PayoutDay))
    transactions = session.scalars(
        select(LedgerTransaction)
        .where(LedgerTransaction.kind.in_(
            (TransactionKind.SALE, TransactionKind.REFUND, TransactionKind.PAYOUT)))
        .order_by(LedgerTransaction.id)
    ).all()
    for transaction in transactions:
        if transaction.kind == TransactionKind.PAYOUT:
            record_payout(session, transaction)
            continue
        kind, _, order_id = transaction.reference.partition(":")
        order = session.get(Order, int(order_id)) if kind == "order" and order_id.isdigit() \
            else None
        if order is not None:
            record_order(session, order, transaction)
    session.flush()
    return len(transactions)
