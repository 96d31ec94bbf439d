"""S29, S30: random sales, refunds, payouts, share movements and dividends keep the books true.

After every step: each transaction balances per currency, balances are the sums of entries, no
payable is below zero, no holder has negative shares, and every dividend's parts add up to it.
"""
from __future__ import annotations

import tempfile
from collections import defaultdict
from fractions import Fraction

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import func, select

from config import TestingConfig
from marketplace import create_app
from marketplace.cooperatives import dividends, ledger, shares
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import Account, AccountKind, DividendAllocation, Entry
from tests import factories

FEE_BPS = 500


class Books(RuleBasedStateMachine):
    sales = Bundle("sales")

    @initialize()
    def open_books(self) -> None:
        scratch = tempfile.mkdtemp()

        class Config(TestingConfig):
            INSTANCE_DIR = f"{scratch}/instance"
            UPLOAD_DIR = f"{scratch}/uploads"
            SEARCH_INDEX_DIR = f"{scratch}/search-index"
            SEARCH_DRAIN_AFTER_COMMIT = False

        self.app = create_app(Config)
        self.context = self.app.app_context()
        self.context.push()
        db.create_all()
        self.catalog = factories.small_catalog(db.session, Config.UPLOAD_DIR)
        coop = self.catalog.coop
        self.holders = [
            shares.register_shareholder(
                db.session, cooperative=coop, country_code=country,
                user=factories.user(db.session, f"holder{i}@example.com"))
            for i, country in enumerate(["IR", "DE", "IR", "CA"])
        ]
        self.expected_shares: dict[int, int] = defaultdict(int)
        self.sale_count = 0
        self.cash: dict[str, int] = defaultdict(int)

    def teardown(self) -> None:
        if hasattr(self, "context"):
            db.session.remove()
            db.drop_all()
            self.context.pop()

    @rule(target=sales, amount=st.integers(1, 10**10), commission=st.integers(0, 5000),
          under_coop=st.booleans(), vietnamese=st.booleans())
    def sell(self, amount, commission, under_coop, vietnamese):
        self.sale_count += 1
        reference = f"order:{self.sale_count}"
        artisan = self.catalog.potter if vietnamese else self.catalog.weaver
        currency = "VND" if vietnamese else "IRR"
        coop_id = self.catalog.coop.id if under_coop and not vietnamese else None
        ledger.post_sale(db.session, reference=reference, artisan_id=artisan.id, lines=[
            ledger.SaleLine(None, Money(amount, currency), FEE_BPS, coop_id, commission),
            ledger.SaleLine(None, Money(amount // 7, currency), 0),
        ])
        self.cash[currency] += amount + amount // 7
        return reference, currency, amount + amount // 7

    @rule(sale=consumes(sales))
    def refund(self, sale):
        reference, currency, gross = sale
        ledger.post_refund(db.session, sale_reference=reference)
        self.cash[currency] -= gross

    @rule(percent=st.integers(1, 100), vietnamese=st.booleans())
    def pay_out(self, percent, vietnamese):
        artisan = self.catalog.potter if vietnamese else self.catalog.weaver
        currency = "VND" if vietnamese else "IRR"
        available = ledger.artisan_available(db.session, artisan.id, currency).amount_minor
        amount = available * percent // 100
        if amount > 0:
            ledger.record_payout(db.session, artisan=artisan, amount=Money(amount, currency),
                                 reference=f"payout:{self.sale_count}:{amount}:{id(self)}"
                                 f":{len(self.cash)}:{available}")
            self.cash[currency] -= amount

    @rule(holder=st.integers(0, 3), quantity=st.integers(1, 1000))
    def issue(self, holder, quantity):
        shares.issue(db.session, cooperative=self.catalog.coop,
                     shareholder=self.holders[holder], quantity=quantity)
        self.expected_shares[self.holders[holder].id] += quantity

    @rule(giver=st.integers(0, 3), receiver=st.integers(0, 3), quantity=st.integers(1, 1000))
    def transfer(self, giver, receiver, quantity):
        if giver == receiver:
            return
        a, b = self.holders[giver], self.holders[receiver]
        try:
            shares.transfer(db.session, cooperative=self.catalog.coop, giver=a, receiver=b,
                            quantity=quantity)
        except shares.InsufficientShares as exc:
            assert exc.held == self.expected_shares[a.id] < quantity
            return
        self.expected_shares[a.id] -= quantity
        self.expected_shares[b.id] += quantity

    @rule(holder=st.integers(0, 3), quantity=st.integers(1, 1000))
    def redeem(self, holder, quantity):
        h = self.holders[holder]
        try:
            shares.redeem(db.session, cooperative=self.catalog.coop, shareholder=h,
                          quantity=quantity)
        except shares.InsufficientShares:
            assert self.expected_shares[h.id] < quantity
            return
        self.expected_shares[h.id] -= quantity

    @precondition(lambda self: any(self.expected_shares.values()))
    @rule(percent=st.integers(1, 100))
    def declare(self, percent):
        coop = self.catalog.coop
        retained = ledger.retained_earnings(db.session, coop.id, "IRR").amount_minor
        amount = retained * percent // 100
        if amount <= 0:
            return
        dividend = dividends.declare(db.session, cooperative=coop, amount=Money(amount, "IRR"))
        parts = {a.shareholder_id: a.amount_minor for a in dividend.allocations}
        held = {h: n for h, n in self.expected_shares.items() if n}
        assert sum(parts.values()) == amount
        assert set(parts) == set(held)
        total = sum(held.values())
        unit = 10 if amount % 10 == 0 else 1  # a whole number of toman is split in toman
        for holder, n in held.items():
            exact = Fraction(amount * n, total)
            assert parts[holder] % unit == 0
            assert parts[holder] - exact < unit and exact - parts[holder] < unit
        assert ledger.split_by_shares(amount, dict(reversed(list(held.items()))),
                                      unit=unit) == parts

    @rule(pick=st.integers(0, 10**6))
    def mark_paid(self, pick):
        unpaid = list(db.session.scalars(
            select(DividendAllocation).where(DividendAllocation.paid_at.is_(None))
            .order_by(DividendAllocation.id)))
        if unpaid:
            allocation = unpaid[pick % len(unpaid)]
            dividends.mark_paid(db.session, allocation=allocation)
            self.cash["IRR"] -= allocation.amount_minor

    @invariant()
    def books_balance(self):
        if not hasattr(self, "catalog"):
            return
        db.session.flush()
        assert ledger.verify(db.session) == []
        per_currency = dict(db.session.execute(
            select(Entry.currency, func.sum(Entry.amount_minor)).group_by(Entry.currency)).all())
        assert all(total == 0 for total in per_currency.values())

    @invariant()
    def balances_are_sums_of_entries(self):
        if not hasattr(self, "catalog"):
            return
        sums: dict[int, int] = defaultdict(int)
        for entry in db.session.scalars(select(Entry)):
            sums[entry.account_id] += entry.amount_minor
        for account in db.session.scalars(select(Account)):
            assert ledger.balance(db.session, account).amount_minor == sums[account.id]
            if account.kind == AccountKind.PLATFORM_CASH:
                assert sums[account.id] == self.cash[account.currency]

    @invariant()
    def holdings_match_and_never_negative(self):
        if not hasattr(self, "catalog"):
            return
        held = shares.holdings(db.session, self.catalog.coop.id)
        assert all(n > 0 for n in held.values())
        assert held == {h: n for h, n in self.expected_shares.items() if n}


Books.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestBooks = Books.TestCase
