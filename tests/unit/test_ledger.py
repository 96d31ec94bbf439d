"""The sale split, the dividend split and the postings, on their own (S29, S30)."""
from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.cooperatives import dividends, ledger, shares
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import AccountKind, Entry
from marketplace.models.ledger import PostedEntryChanged
from marketplace.models.shares import AppendOnlyViolation
from tests import factories

amounts = st.integers(min_value=0, max_value=10**13)
rates = st.integers(min_value=0, max_value=5000)


@given(amounts, rates, rates)
def test_split_sale_always_sums_to_the_price(amount, commission, fee):
    """S29: artisan + cooperative + platform == price, in integers, whatever the rates."""
    split = ledger.split_sale(Money(amount, "IRR"), commission, fee)
    parts = (split.artisan, split.cooperative, split.platform)
    assert sum(p.amount_minor for p in parts) == amount
    assert all(p.amount_minor >= 0 for p in parts)
    assert split.platform.amount_minor == amount * fee // 10_000
    assert split.cooperative.amount_minor == amount * commission // 10_000


def test_split_sale_of_the_demo_kilim():
    split = ledger.split_sale(Money(125_000_000, "IRR"), 1000, 500)
    assert (split.artisan.amount_minor, split.cooperative.amount_minor,
            split.platform.amount_minor) == (106_250_000, 12_500_000, 6_250_000)


def test_split_sale_refuses_rates_over_everything():
    with pytest.raises(ValueError):
        ledger.split_sale(Money(100, "USD"), 6000, 5000)


@given(st.integers(0, 10**12), st.dictionaries(st.integers(1, 500), st.integers(0, 10**6),
                                               min_size=1, max_size=12))
def test_dividend_parts_are_exact_fair_and_order_free(amount, holdings):
    """S30: parts sum to the amount, each is floor or ceil of its exact share, order is moot."""
    if sum(holdings.values()) == 0:
        holdings[max(holdings)] = 1
    parts = ledger.split_by_shares(amount, holdings)
    assert sum(parts.values()) == amount
    total = sum(holdings.values())
    for holder, held in holdings.items():
        exact = Fraction(amount * held, total)
        assert parts[holder] in (exact.numerator // exact.denominator,
                                 -(-exact.numerator // exact.denominator))
    shuffled = list(holdings.items())
    random.Random(amount).shuffle(shuffled)
    assert ledger.split_by_shares(amount, dict(shuffled)) == parts


def _sale(catalog, reference="order:1", amount=125_000_000):
    return ledger.post_sale(
        db.session, reference=reference, artisan_id=catalog.weaver.id,
        lines=[ledger.SaleLine(catalog.kilim.id, Money(amount, "IRR"), 500,
                               catalog.coop.id, 1000)],
    )


def test_a_sale_posts_balanced_entries_once(catalog):
    """S29, S24: one balanced transaction per order, however often it is posted."""
    first = _sale(catalog)
    again = _sale(catalog)
    assert first.id == again.id
    assert sum(e.amount_minor for e in first.entries) == 0
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR").amount_minor \
        == 106_250_000
    assert ledger.retained_earnings(db.session, catalog.coop.id, "IRR").amount_minor \
        == 12_500_000
    assert ledger.verify(db.session) == []


def test_refund_after_a_payout_keeps_payables_non_negative(catalog):
    """S29: a refund after the artisan was paid becomes a receivable, not a negative payable."""
    _sale(catalog)
    ledger.record_payout(db.session, artisan=catalog.weaver, amount=Money(100_000_000, "IRR"),
                         reference="payout:1")
    refund = ledger.post_refund(db.session, sale_reference="order:1")
    assert sum(e.amount_minor for e in refund.entries) == 0
    payable = ledger.account(db.session, AccountKind.ARTISAN_PAYABLE, "IRR",
                             artisan_id=catalog.weaver.id)
    assert ledger.owed(db.session, payable).amount_minor == 0
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR").amount_minor \
        == -100_000_000
    assert ledger.verify(db.session) == []


def test_payout_cannot_exceed_what_is_owed(catalog):
    _sale(catalog)
    with pytest.raises(ledger.ExceedsBalance):
        ledger.record_payout(db.session, artisan=catalog.weaver,
                             amount=Money(106_250_001, "IRR"), reference="payout:1")


def test_posted_entries_and_share_movements_cannot_be_edited(catalog):
    transaction = _sale(catalog)
    transaction.entries[0].amount_minor += 1
    with pytest.raises(PostedEntryChanged):
        db.session.flush()
    db.session.rollback()
    holder = shares.register_shareholder(
        db.session, cooperative=catalog.coop, country_code="IR",
        user=factories.user(db.session, "holder@example.com"))
    movement = shares.issue(db.session, cooperative=catalog.coop, shareholder=holder, quantity=5)
    db.session.delete(movement)
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()


def test_verify_reports_an_unbalanced_transaction(catalog):
    """`flask ledger verify` finds a transaction someone wrote around the service."""
    transaction = _sale(catalog)
    cash = transaction.entries[0].account_id
    db.session.add(Entry(transaction_id=transaction.id, account_id=cash, amount_minor=7,
                         currency="IRR"))
    db.session.flush()
    assert ledger.verify(db.session) == [f"transaction {transaction.id} is off by 7 IRR"]


def test_dividend_cannot_exceed_retained_earnings(catalog):
    _sale(catalog)
    holder = shares.register_shareholder(
        db.session, cooperative=catalog.coop, country_code="DE",
        user=factories.user(db.session, "abroad@example.com"))
    shares.issue(db.session, cooperative=catalog.coop, shareholder=holder, quantity=3)
    with pytest.raises(ledger.ExceedsBalance):
        dividends.declare(db.session, cooperative=catalog.coop, amount=Money(12_500_001, "IRR"))
    dividend = dividends.declare(db.session, cooperative=catalog.coop,
                                 amount=Money(12_500_000, "IRR"))
    assert [a.amount_minor for a in dividend.allocations] == [12_500_000]
    assert ledger.retained_earnings(db.session, catalog.coop.id, "IRR").amount_minor == 0
    assert holder.is_foreign and holder.referral_code
