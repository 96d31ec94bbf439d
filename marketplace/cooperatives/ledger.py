"""Double-entry postings, balances and the sale split: where every minor unit of a sale goes.

Signs: a debit is positive, a credit negative. Each transaction sums to zero per currency.
Balances are sums of entries, computed on demand; nothing is stored twice. Services flush; the
caller commits once.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.core.decisions import serialise
from marketplace.core.errors import DomainError
from marketplace.core.money import CurrencyMismatch, Money, largest_remainder
from marketplace.insights import sales
from marketplace.models import (
    Account,
    AccountKind,
    ArtisanProfile,
    Cooperative,
    Entry,
    LedgerTransaction,
    TransactionKind,
)
from marketplace.models.base import utcnow

BPS = 10_000

# Accounts whose normal balance is a credit: "owed" is minus their sum.
_CREDIT_NORMAL = {
    AccountKind.ARTISAN_PAYABLE,
    AccountKind.COOP_EARNINGS,
    AccountKind.DIVIDEND_PAYABLE,
    AccountKind.PLATFORM_FEES,
    AccountKind.COOP_PURCHASE_FUNDS,
}
# A refund takes back from these up to what is still owed; the rest becomes a receivable.
_RECEIVABLE_FOR = {
    AccountKind.ARTISAN_PAYABLE: AccountKind.ARTISAN_RECEIVABLE,
    AccountKind.COOP_EARNINGS: AccountKind.COOP_RECEIVABLE,
}


class LedgerError(DomainError):
    pass


class ExceedsBalance(LedgerError):
    """A payout or dividend larger than what is available."""

    def __init__(self, available: Money) -> None:
        super().__init__(available)
        self.available = available


class UnknownSale(LedgerError):
    pass


@dataclass(frozen=True, slots=True)
class SaleSplit:
    gross: Money
    artisan: Money
    cooperative: Money
    platform: Money


def split_sale(amount: Money, commission_bps: int, platform_fee_bps: int) -> SaleSplit:
    """The one rule for dividing a price: fee and commission round down, the artisan gets the rest.

    Integer arithmetic only, so artisan + cooperative + platform == amount, always.
    """
    if amount.amount_minor < 0:
        raise ValueError("a sale amount is never negative")
    if min(commission_bps, platform_fee_bps) < 0 or commission_bps + platform_fee_bps > BPS:
        raise ValueError("commission and fee must be between 0 and 100 % together")
    platform = amount.amount_minor * platform_fee_bps // BPS
    cooperative = amount.amount_minor * commission_bps // BPS
    artisan = amount.amount_minor - platform - cooperative
    currency = amount.currency
    return SaleSplit(
        amount, Money(artisan, currency), Money(cooperative, currency), Money(platform, currency)
    )


def split_by_shares(amount_minor: int, shares: Mapping[int, int], *, unit: int = 1
                    ) -> dict[int, int]:
    """Largest-remainder split of `amount_minor` pro rata to `shares` (holder id -> shares).

    Each part is the floor or the ceiling of its exact share (in steps of `unit` minor units
    when the amount is a whole number of them: whole toman for a dividend in rials); the parts
    sum to the amount; ties for the leftover units go to the smaller holder id, so the input
    order never matters.
    """
    holders = sorted(shares)
    if amount_minor < 0 or sum(shares.values()) <= 0 or any(n < 0 for n in shares.values()):
        raise ValueError("need a non-negative amount and positive total shares")
    parts = largest_remainder(amount_minor, [shares[h] for h in holders], unit=unit)
    return dict(zip(holders, parts, strict=True))


def account(
    session: Session,
    kind: AccountKind,
    currency: str,
    *,
    artisan_id: int | None = None,
    cooperative_id: int | None = None,
    shareholder_id: int | None = None,
) -> Account:
    key = _key(kind, currency, artisan_id, cooperative_id, shareholder_id)
    found = session.scalar(select(Account).where(Account.key == key))
    if found is None:
        # Two first sales (or payouts) in a new currency may create the same account at once:
        # the loser's insert does nothing and it reads the winner's row (S35).
        dialect = postgresql if session.connection().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(Account).values(
                key=key, kind=kind, currency=currency, artisan_id=artisan_id,
                cooperative_id=cooperative_id, shareholder_id=shareholder_id,
            ).on_conflict_do_nothing(index_elements=[Account.key])
        )
        found = session.scalar(select(Account).where(Account.key == key))
    return found


def _key(kind: AccountKind, currency: str, artisan_id: int | None, cooperative_id: int | None,
         shareholder_id: int | None) -> str:
    owner = (
        f"a{artisan_id}:c{cooperative_id}" if artisan_id and cooperative_id  # a member's debt
        else f"a{artisan_id}" if artisan_id else f"c{cooperative_id}" if cooperative_id
        else f"s{shareholder_id}" if shareholder_id else "platform"
    )
    return f"{kind.value}:{currency}:{owner}"


def standing(session: Session, kind: AccountKind, currency: str, *,
             artisan_id: int | None = None, cooperative_id: int | None = None) -> Money:
    """An account's balance as `owed` reads it; zero for an account not opened yet. Reading
    never opens one: a page that did would write, and hold SQLite's one write lock while it
    renders (ten payouts at once then timed out waiting for it)."""
    found = session.scalar(select(Account).where(
        Account.key == _key(kind, currency, artisan_id, cooperative_id, None)))
    return owed(session, found) if found is not None else Money.zero(currency)


def balance(session: Session, acct: Account) -> Money:
    """The sum of the account's entries (debit positive)."""
    total = session.scalar(
        select(func.coalesce(func.sum(Entry.amount_minor), 0)).where(Entry.account_id == acct.id)
    )
    return Money(int(total), acct.currency)


def owed(session: Session, acct: Account) -> Money:
    """A credit-normal account's balance as a positive amount owed."""
    value = balance(session, acct)
    return Money(-value.amount_minor, value.currency) if acct.kind in _CREDIT_NORMAL else value


@dataclass(frozen=True, slots=True)
class SaleLine:
    """One priced line of a paid order, with the rates that apply to it."""

    listing_id: int | None
    amount: Money
    platform_fee_bps: int
    cooperative_id: int | None = None
    commission_bps: int = 0


def _existing(session: Session, kind: TransactionKind, reference: str) -> LedgerTransaction | None:
    return session.scalar(
        select(LedgerTransaction).where(
            LedgerTransaction.kind == kind, LedgerTransaction.reference == reference
        )
    )


def post(
    session: Session,
    kind: TransactionKind,
    reference: str,
    lines: Iterable[tuple[Account, int, int | None]],
    *,
    memo: str = "",
    ambassador_id: int | None = None,
    posted_at: datetime | None = None,
    keep_zero: bool = False,
) -> LedgerTransaction:
    """Record one transaction; refuses any that does not sum to zero in every currency (S29)."""
    transaction = LedgerTransaction(
        kind=kind, reference=reference, memo=memo[:200], ambassador_id=ambassador_id,
        posted_at=posted_at or utcnow(),
    )
    sums: dict[str, int] = defaultdict(int)
    for acct, amount_minor, listing_id in lines:
        if amount_minor == 0 and not keep_zero:
            continue
        sums[acct.currency] += amount_minor
        transaction.entries.append(
            Entry(account=acct, amount_minor=amount_minor, currency=acct.currency,
                  listing_id=listing_id)
        )
    if any(sums.values()) or not transaction.entries:
        raise LedgerError(f"unbalanced or empty posting {kind}:{reference}: {dict(sums)}")
    session.add(transaction)
    session.flush()
    return transaction


def post_sale(
    session: Session,
    *,
    reference: str,
    artisan_id: int,
    lines: Sequence[SaleLine],
    ambassador_id: int | None = None,
    posted_at: datetime | None = None,
) -> LedgerTransaction:
    """Post a paid order: shopper payment = artisan payable + cooperative commission + fee.

    Idempotent on `reference` (e.g. "order:42"): posting it again returns the first transaction.
    Each line is split on its own by `split_sale`, exactly as the listing page shows it.
    """
    done = _existing(session, TransactionKind.SALE, reference)
    if done is not None:
        return done
    currencies = {line.amount.currency for line in lines}
    if len(currencies) != 1:
        raise CurrencyMismatch(f"one currency per sale, got {sorted(currencies)}")
    (currency,) = currencies
    cash = account(session, AccountKind.PLATFORM_CASH, currency)
    payable = account(session, AccountKind.ARTISAN_PAYABLE, currency, artisan_id=artisan_id)
    fees = account(session, AccountKind.PLATFORM_FEES, currency)
    postings: list[tuple[Account, int, int | None]] = []
    for line in lines:
        commission_bps = line.commission_bps if line.cooperative_id else 0
        split = split_sale(line.amount, commission_bps, line.platform_fee_bps)
        postings.append((cash, split.gross.amount_minor, line.listing_id))
        postings.append((payable, -split.artisan.amount_minor, line.listing_id))
        postings.append((fees, -split.platform.amount_minor, line.listing_id))
        if line.cooperative_id:
            earnings = account(session, AccountKind.COOP_EARNINGS, currency,
                               cooperative_id=line.cooperative_id)
            postings.append((earnings, -split.cooperative.amount_minor, line.listing_id))
    # Zero lines stay: a 0 % commission still ties the sale to its cooperative's reports.
    return post(session, TransactionKind.SALE, reference, postings,
                 ambassador_id=ambassador_id, posted_at=posted_at, keep_zero=True)


def post_refund(
    session: Session, *, sale_reference: str, posted_at: datetime | None = None
) -> LedgerTransaction:
    """Reverse a sale in full. Idempotent on the sale's reference.

    What was already paid out (to the artisan, or as a dividend) cannot be taken back from a
    payable without making it negative, so that part becomes a receivable from them instead.
    """
    done = _existing(session, TransactionKind.REFUND, sale_reference)
    if done is not None:
        return done
    sale = _existing(session, TransactionKind.SALE, sale_reference)
    if sale is None:
        raise UnknownSale(sale_reference)
    # What is still owed decides how much comes back from a payable: read it alone (S35).
    owners = [session.get(ArtisanProfile, e.account.artisan_id)
              for e in sale.entries if e.account.artisan_id]
    owners += [session.get(Cooperative, e.account.cooperative_id)
               for e in sale.entries if e.account.cooperative_id]
    serialise(session, *set(owners))
    postings: list[tuple[Account, int, int | None]] = []
    taken: dict[int, int] = defaultdict(int)
    for entry in sale.entries:
        acct = entry.account
        reverse = -entry.amount_minor
        receivable_kind = _RECEIVABLE_FOR.get(acct.kind)
        if receivable_kind is None:
            postings.append((acct, reverse, entry.listing_id))
            continue
        still_owed = owed(session, acct).amount_minor - taken[acct.id]
        from_payable = max(0, min(reverse, still_owed))
        taken[acct.id] += from_payable
        postings.append((acct, from_payable, entry.listing_id))
        receivable = account(
            session, receivable_kind, acct.currency,
            artisan_id=acct.artisan_id, cooperative_id=acct.cooperative_id,
        )
        postings.append((receivable, reverse - from_payable, entry.listing_id))
    return post(session, TransactionKind.REFUND, sale_reference, postings,
                 ambassador_id=sale.ambassador_id, posted_at=posted_at)


def artisan_available(session: Session, artisan_id: int, currency: str) -> Money:
    """What the platform owes an artisan now: payable minus anything they owe back."""
    return (standing(session, AccountKind.ARTISAN_PAYABLE, currency, artisan_id=artisan_id)
            - standing(session, AccountKind.ARTISAN_RECEIVABLE, currency, artisan_id=artisan_id))


def retained_earnings(session: Session, cooperative_id: int, currency: str) -> Money:
    """A cooperative's commission not yet declared as dividends, less what it owes back."""
    return (standing(session, AccountKind.COOP_EARNINGS, currency, cooperative_id=cooperative_id)
            - standing(session, AccountKind.COOP_RECEIVABLE, currency,
                       cooperative_id=cooperative_id))


def record_payout(
    session: Session, *, artisan: ArtisanProfile, amount: Money, reference: str, memo: str = "",
    posted_at: datetime | None = None,
) -> LedgerTransaction:
    """Money paid to an artisan outside the platform (bank transfer); at most what is available,
    however many admins record it at once (S35).

    What the artisan owes their cooperatives for purchase rounds comes out first
    (`settle_member_debts`, posted as `settle:<reference>`), so the payout may be at most what
    is left: `payable_now` before the call.
    """
    if amount.amount_minor <= 0:
        raise ValueError("a payout is positive")
    serialise(session, artisan)
    settle_member_debts(session, artisan_id=artisan.id, currency=amount.currency,
                        reference=f"settle:{reference}")
    available = artisan_available(session, artisan.id, amount.currency)
    if amount.amount_minor > available.amount_minor:
        raise ExceedsBalance(available)
    payable = account(session, AccountKind.ARTISAN_PAYABLE, amount.currency, artisan_id=artisan.id)
    cash = account(session, AccountKind.PLATFORM_CASH, amount.currency)
    transaction = post(session, TransactionKind.PAYOUT, reference,
                       [(payable, amount.amount_minor, None), (cash, -amount.amount_minor, None)],
                       memo=memo, posted_at=posted_at)
    sales.record_payout(session, transaction)
    return transaction


# Purchase rounds: what members owe their cooperatives -----------------------------------------


def member_debts(session: Session, *, artisan_id: int | None = None,
                 cooperative_id: int | None = None) -> dict[tuple[int, int], Money]:
    """(artisan id, cooperative id) -> what the member still owes the cooperative for purchase
    rounds, for one artisan, one cooperative, or everyone; only debts above zero."""
    total = func.sum(Entry.amount_minor)
    query = (
        select(Account.artisan_id, Account.cooperative_id, Account.currency, total)
        .join(Entry, Entry.account_id == Account.id)
        .where(Account.kind == AccountKind.MEMBER_RECEIVABLE)
        .group_by(Account.artisan_id, Account.cooperative_id, Account.currency)
        .having(total > 0)
        .order_by(Account.artisan_id, Account.cooperative_id)
    )
    if artisan_id is not None:
        query = query.where(Account.artisan_id == artisan_id)
    if cooperative_id is not None:
        query = query.where(Account.cooperative_id == cooperative_id)
    return {(artisan, coop): Money(int(amount), currency)
            for artisan, coop, currency, amount in session.execute(query)}


def owed_to_cooperatives(session: Session, artisan_id: int, currency: str) -> Money:
    return Money(sum(debt.amount_minor for debt in member_debts(session, artisan_id=artisan_id)
                     .values() if debt.currency == currency), currency)


def payable_now(session: Session, artisan_id: int, currency: str) -> Money:
    """What a payout to the artisan may be: what the platform owes them, less what they owe
    their cooperatives (which a payout settles first), never below zero."""
    left = (artisan_available(session, artisan_id, currency)
            - owed_to_cooperatives(session, artisan_id, currency))
    return left if left.amount_minor > 0 else Money.zero(currency)


def post_member_costs(session: Session, *, cooperative_id: int, reference: str,
                      costs: Mapping[int, int], currency: str, memo: str = ""
                      ) -> LedgerTransaction:
    """A confirmed purchase round: each member (artisan id -> cost in minor units) owes the
    cooperative their cost; the cooperative is owed the sum. Idempotent on `reference`."""
    done = _existing(session, TransactionKind.PURCHASE_ROUND, reference)
    if done is not None:
        return done
    if not costs or any(cost <= 0 for cost in costs.values()):
        raise ValueError("every member's cost is positive")
    funds = account(session, AccountKind.COOP_PURCHASE_FUNDS, currency,
                    cooperative_id=cooperative_id)
    postings: list[tuple[Account, int, int | None]] = [(funds, -sum(costs.values()), None)]
    for artisan_id in sorted(costs):
        debt = account(session, AccountKind.MEMBER_RECEIVABLE, currency, artisan_id=artisan_id,
                       cooperative_id=cooperative_id)
        postings.append((debt, costs[artisan_id], None))
    return post(session, TransactionKind.PURCHASE_ROUND, reference, postings, memo=memo)


def settle_member_debts(session: Session, *, artisan_id: int, currency: str, reference: str
                        ) -> Money:
    """Take what the artisan owes their cooperatives out of what the platform owes them, as far
    as it goes (the smaller cooperative id first); the amount settled. The caller holds
    `serialise` on the artisan: the platform's debt to them is a limit."""
    available = artisan_available(session, artisan_id, currency).amount_minor
    payable = account(session, AccountKind.ARTISAN_PAYABLE, currency, artisan_id=artisan_id)
    postings: list[tuple[Account, int, int | None]] = []
    settled = 0
    for (_artisan, coop_id), debt in member_debts(session, artisan_id=artisan_id).items():
        part = min(debt.amount_minor, available - settled) if debt.currency == currency else 0
        if part <= 0:
            continue
        receivable = account(session, AccountKind.MEMBER_RECEIVABLE, currency,
                             artisan_id=artisan_id, cooperative_id=coop_id)
        postings.append((receivable, -part, None))
        settled += part
    if settled:
        postings.append((payable, settled, None))
        post(session, TransactionKind.MEMBER_SETTLEMENT, reference, postings,
             memo="purchase rounds settled from a payout")
    return Money(settled, currency)


def settled_with(session: Session, payout_reference: str) -> Money | None:
    """What the payout `payout_reference` first settled of the member's debts, if anything."""
    settlement = _existing(session, TransactionKind.MEMBER_SETTLEMENT,
                           f"settle:{payout_reference}")
    if settlement is None:
        return None
    moved = [e for e in settlement.entries if e.account.kind == AccountKind.ARTISAN_PAYABLE]
    return Money(sum(e.amount_minor for e in moved), moved[0].currency)


def record_member_payment(session: Session, *, artisan: ArtisanProfile, cooperative: Cooperative,
                          amount: Money, reference: str, memo: str = "") -> LedgerTransaction:
    """A member paid their cooperative directly (cash, a transfer): at most what they owe,
    however many admins record it at once (S35)."""
    if amount.amount_minor <= 0:
        raise ValueError("a payment is positive")
    serialise(session, artisan, cooperative)
    debt = account(session, AccountKind.MEMBER_RECEIVABLE, amount.currency, artisan_id=artisan.id,
                   cooperative_id=cooperative.id)
    owing = balance(session, debt)
    if amount.amount_minor > owing.amount_minor:
        raise ExceedsBalance(owing)
    # The cooperative now holds this money itself: the platform collects that much less for it.
    funds = account(session, AccountKind.COOP_PURCHASE_FUNDS, amount.currency,
                    cooperative_id=cooperative.id)
    return post(session, TransactionKind.MEMBER_PAYMENT, reference,
                 [(debt, -amount.amount_minor, None), (funds, amount.amount_minor, None)],
                 memo=memo)


def artisans_owed(session: Session) -> list[tuple[int, Money]]:
    """(artisan id, what the platform owes them now) for every artisan and currency owed anything.

    The same figure as `artisan_available` (payable less receivable), for all artisans at once.
    """
    total = func.sum(Entry.amount_minor)  # credits are negative: below zero means owed
    rows = session.execute(
        select(Account.artisan_id, Account.currency, total)
        .join(Entry, Entry.account_id == Account.id)
        .where(Account.kind.in_((AccountKind.ARTISAN_PAYABLE, AccountKind.ARTISAN_RECEIVABLE)))
        .group_by(Account.artisan_id, Account.currency)
        .having(total < 0)
        .order_by(Account.currency, total)
    )
    return [(artisan_id, Money(-int(amount), currency)) for artisan_id, currency, amount in rows]


@dataclass(frozen=True, slots=True)
class Payout:
    transaction: LedgerTransaction
    artisan_id: int
    amount: Money


def recent_payouts(session: Session, limit: int = 30, **owner: int) -> list[Payout]:
    """The newest payouts, of everyone or of one owner (artisan_id=...)."""
    query = (
        select(LedgerTransaction, Account.artisan_id, Entry.amount_minor, Entry.currency)
        .join(Entry, Entry.transaction_id == LedgerTransaction.id)
        .join(Account, Account.id == Entry.account_id)
        .where(LedgerTransaction.kind == TransactionKind.PAYOUT,
               Account.kind == AccountKind.ARTISAN_PAYABLE)
        .order_by(LedgerTransaction.posted_at.desc(), LedgerTransaction.id.desc())
        .limit(limit)
    )
    if owner:
        (column, value), = owner.items()
        query = query.where(getattr(Account, column) == value)
    return [Payout(transaction, artisan_id, Money(amount, currency))
            for transaction, artisan_id, amount, currency in session.execute(query)]


def owner_transactions(session: Session, **owner: int):
    """Ids of the transactions that touched any account of this owner (artisan_id=..., ...)."""
    (column, value), = owner.items()
    return (
        select(Entry.transaction_id)
        .join(Account, Account.id == Entry.account_id)
        .where(getattr(Account, column) == value)
        .distinct()
    )


@dataclass(frozen=True, slots=True)
class SalesRow:
    transaction_id: int
    posted_at: datetime
    listing_id: int | None
    gross: Money
    ambassador_id: int | None


def sales_rows(session: Session, **owner: int) -> list[SalesRow]:
    """Gross sales (refunds negative) of an artisan or cooperative, one row per sale line."""
    rows = session.execute(
        select(LedgerTransaction.id, LedgerTransaction.posted_at, Entry.listing_id,
               Entry.amount_minor, Entry.currency, LedgerTransaction.ambassador_id)
        .join(Entry, Entry.transaction_id == LedgerTransaction.id)
        .join(Account, Account.id == Entry.account_id)
        .where(
            LedgerTransaction.kind.in_([TransactionKind.SALE, TransactionKind.REFUND]),
            Account.kind == AccountKind.PLATFORM_CASH,
            LedgerTransaction.id.in_(owner_transactions(session, **owner)),
        )
        .order_by(LedgerTransaction.posted_at, Entry.id)
    )
    return [SalesRow(tid, at, listing_id, Money(amount, currency), amb)
            for tid, at, listing_id, amount, currency, amb in rows]


def balances_of(session: Session, **owner: int) -> dict[tuple[AccountKind, str], Money]:
    """Every account of one owner: (kind, currency) -> amount owed/held (positive = normal)."""
    (column, value), = owner.items()
    rows = session.execute(
        select(Account.kind, Account.currency, func.coalesce(func.sum(Entry.amount_minor), 0))
        .outerjoin(Entry, Entry.account_id == Account.id)
        .where(getattr(Account, column) == value)
        .group_by(Account.id, Account.kind, Account.currency)
    )
    result: dict[tuple[AccountKind, str], Money] = {}
    for kind, currency, total in rows:
        sign = -1 if kind in _CREDIT_NORMAL else 1
        result[(kind, currency)] = Money(sign * int(total), currency)
    return result


def verify(session: Session) -> list[str]:
    """Problems with the ledger, as sentences; empty means every check passed (S29)."""
    problems: list[str] = []
    unbalanced = session.execute(
        select(Entry.transaction_id, Entry.currency, func.sum(Entry.amount_minor))
        .group_by(Entry.transaction_id, Entry.currency)
        .having(func.sum(Entry.amount_minor) != 0)
    )
    for transaction_id, currency, total in unbalanced:
        problems.append(f"transaction {transaction_id} is off by {total} {currency}")
    mismatched = session.scalars(
        select(Entry.id).join(Account, Account.id == Entry.account_id)
        .where(Entry.currency != Account.currency)
    )
    for entry_id in mismatched:
        problems.append(f"entry {entry_id} is in another currency than its account")
    empty = session.scalars(
        select(LedgerTransaction.id).where(~LedgerTransaction.entries.any())
    )
    for transaction_id in empty:
        problems.append(f"transaction {transaction_id} has no entries")
    never_negative = [
        AccountKind.ARTISAN_PAYABLE, AccountKind.COOP_EARNINGS, AccountKind.DIVIDEND_PAYABLE,
        AccountKind.COOP_PURCHASE_FUNDS,
    ]
    overdrawn = session.execute(
        select(Account.key, func.sum(Entry.amount_minor))
        .join(Entry, Entry.account_id == Account.id)
        .where(Account.kind.in_(never_negative))
        .group_by(Account.id, Account.key)
        .having(func.sum(Entry.amount_minor) > 0)
    )
    for key, total in overdrawn:
        problems.append(f"account {key} is below zero by {total}")
    overpaid = session.execute(
        select(Account.key, func.sum(Entry.amount_minor))
        .join(Entry, Entry.account_id == Account.id)
        .where(Account.kind == AccountKind.MEMBER_RECEIVABLE)
        .group_by(Account.id, Account.key)
        .having(func.sum(Entry.amount_minor) < 0)
    )
    for key, total in overpaid:
        problems.append(f"account {key} is below zero by {-total}")
    return problems


def post_order_paid(session: Session, order, *, posted_at: datetime | None = None
                    ) -> LedgerTransaction:
    """The sale posting of one paid `Order` (called once, from `ordering`'s paid hook).

    Goods lines pay the commission and platform fee locked on the order when it was placed;
    shipping goes whole to the artisan, who pays the carrier. A referral tags the ambassador.
    """
    from marketplace.commerce.referrals import ambassador_for

    lines = [
        SaleLine(listing_id=line.listing_id, amount=line.line_total,
                 platform_fee_bps=order.platform_fee_bps, cooperative_id=line.cooperative_id,
                 commission_bps=line.commission_bps)
        for line in order.lines
    ]
    if order.shipping_minor:
        lines.append(SaleLine(listing_id=None, amount=order.shipping, platform_fee_bps=0))
    ambassador = ambassador_for(session, order.checkout_id)
    return post_sale(session, reference=f"order:{order.id}", artisan_id=order.artisan_id,
                     lines=lines, ambassador_id=ambassador.id if ambassador else None,
                     posted_at=posted_at)


def post_order_refunded(session: Session, order, *, posted_at: datetime | None = None
                        ) -> LedgerTransaction:
    return post_refund(session, sale_reference=f"order:{order.id}", posted_at=posted_at)


def order_split(session: Session, order) -> SaleSplit:
    """Where the money of one order goes: the totals its sale posting has (or will have)."""
    currency = order.currency
    artisan = cooperative = platform = 0
    for line in order.lines:
        split = split_sale(line.line_total, line.commission_bps, order.platform_fee_bps)
        artisan += split.artisan.amount_minor
        cooperative += split.cooperative.amount_minor
        platform += split.platform.amount_minor
    artisan += order.shipping_minor
    posted = _existing(session, TransactionKind.SALE, f"order:{order.id}")
    if posted is not None:  # the ledger is the truth once the order is posted
        totals: dict[AccountKind, int] = defaultdict(int)
        for entry in posted.entries:
            totals[entry.account.kind] -= entry.amount_minor
        artisan = totals[AccountKind.ARTISAN_PAYABLE]
        cooperative = totals[AccountKind.COOP_EARNINGS]
        platform = totals[AccountKind.PLATFORM_FEES]
    return SaleSplit(Money(artisan + cooperative + platform, currency), Money(artisan, currency),
                     Money(cooperative, currency), Money(platform, currency))
