"""Raw materials bought together: commitments, the tier reached, members' costs in the ledger,
failed rounds that leave no trace, and payouts that settle what a member owes first."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.cooperatives import ledger, memberships
from marketplace.cooperatives import purchase_rounds as rounds
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import (
    Account,
    AccountKind,
    Entry,
    LedgerTransaction,
    RoundStatus,
    TransactionKind,
)
from marketplace.models.base import utcnow
from tests import factories


@pytest.fixture
def coop_round(catalog):
    """The Jolfa cooperative's wool round (minimum 100 kg; 9,000,000 rials a kg from 50 kg,
    8,000,000 from 200, 7,500,000 from 400; delivery 10,000,000 rials) and three members."""
    members = [catalog.weaver] + [
        factories.member(db.session, catalog.coop,
                         factories.artisan(db.session, catalog.jolfa, slug, name)).artisan
        for slug, name in (("parvin", "Parvin"), ("leila", "Leila"))]
    purchase = factories.wool_round(db.session, catalog.coop)
    db.session.commit()
    return purchase, members


def ledger_rows() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (LedgerTransaction, Entry, Account))


def test_a_round_reaching_its_second_tier_charges_each_member_that_tiers_price(coop_round):
    purchase, (weaver, parvin, leila) = coop_round
    for member, kg in ((weaver, 120), (parvin, 70), (leila, 25)):
        rounds.commit(db.session, purchase=purchase, artisan=member, quantity=kg)
    state = rounds.standing(db.session, purchase)
    assert (state.total, state.reached.min_quantity, state.next.min_quantity) == (215, 200, 400)

    charged = rounds.confirm(db.session, purchase=purchase)

    # 215 kg at the second tier; the 10,000,000 rials of delivery split 120:70:25 with the
    # largest remainder: 5,581,395.3 / 3,255,813.9 / 1,162,790.7 -> ...395, ...814, ...791.
    assert charged == {weaver.id: Money(120 * 8_000_000 + 5_581_400, "IRR"),
                       parvin.id: Money(70 * 8_000_000 + 3_255_810, "IRR"),
                       leila.id: Money(25 * 8_000_000 + 1_162_790, "IRR")}
    assert sum(c.amount_minor for c in charged.values()) == 215 * 8_000_000 + 10_000_000
    assert (purchase.status, purchase.unit_price_minor, purchase.confirmed_quantity) == (
        RoundStatus.CONFIRMED, 8_000_000, 215)
    debts = ledger.member_debts(db.session, cooperative_id=purchase.cooperative_id)
    assert {artisan: debt for (artisan, _coop), debt in debts.items()} == charged
    assert rounds.member_cost(purchase, rounds.quantities(db.session, purchase), leila.id) \
        == charged[leila.id]
    assert ledger.verify(db.session) == []


def test_a_round_below_its_minimum_fails_at_the_deadline_and_leaves_no_ledger_trace(coop_round):
    """S48: a failed round posts nothing, opens no account, and nobody owes anything."""
    purchase, (weaver, parvin, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=40)
    rounds.commit(db.session, purchase=purchase, artisan=parvin, quantity=30)
    before = ledger_rows()

    assert rounds.fail_expired(db.session, now=purchase.deadline - timedelta(minutes=1)) == 0
    assert rounds.fail_expired(db.session, now=purchase.deadline + timedelta(minutes=1)) == 1

    assert purchase.status == RoundStatus.FAILED
    assert ledger_rows() == before
    assert ledger.member_debts(db.session) == {}
    with pytest.raises(rounds.InvalidMove):
        rounds.confirm(db.session, purchase=purchase)
    assert ledger_rows() == before


def test_the_deadline_job_leaves_a_round_that_reached_its_minimum_for_the_cooperative(coop_round):
    purchase, (weaver, _, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=100)
    assert rounds.fail_expired(db.session, now=purchase.deadline + timedelta(hours=1)) == 0
    assert purchase.status == RoundStatus.OPEN
    rounds.confirm(db.session, purchase=purchase, now=purchase.deadline + timedelta(hours=2))
    assert purchase.status == RoundStatus.CONFIRMED


def test_commitments_after_the_deadline_are_refused(coop_round):
    """S48: after the deadline a member can neither commit, change nor withdraw."""
    purchase, (weaver, parvin, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=60)
    late = purchase.deadline + timedelta(seconds=1)
    with pytest.raises(rounds.RoundClosed):
        rounds.commit(db.session, purchase=purchase, artisan=parvin, quantity=10, now=late)
    with pytest.raises(rounds.RoundClosed):
        rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=90, now=late)
    with pytest.raises(rounds.RoundClosed):
        rounds.withdraw(db.session, purchase=purchase, artisan=weaver, now=late)
    assert rounds.quantities(db.session, purchase) == {weaver.id: 60}


def test_members_change_and_withdraw_their_commitment_before_the_deadline(coop_round):
    purchase, (weaver, parvin, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=60)
    rounds.commit(db.session, purchase=purchase, artisan=parvin, quantity=30)
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=80)
    rounds.withdraw(db.session, purchase=purchase, artisan=parvin)
    assert rounds.quantities(db.session, purchase) == {weaver.id: 80}
    assert rounds.total_quantity(db.session, purchase) == 80


def test_only_active_members_of_the_cooperative_join_its_rounds(coop_round, catalog):
    """S48: an artisan of another cooperative, or one whose request is pending, is refused."""
    purchase, _ = coop_round
    pending = factories.artisan(db.session, catalog.jolfa, "asking", "Asking")
    memberships.request_to_join(db.session, cooperative=catalog.coop, artisan=pending)
    for outsider in (catalog.potter, pending):
        with pytest.raises(rounds.NotAMember):
            rounds.commit(db.session, purchase=purchase, artisan=outsider, quantity=5)
    assert rounds.total_quantity(db.session, purchase) == 0


def test_confirming_below_the_minimum_is_refused_and_a_confirmed_round_takes_no_more(coop_round):
    purchase, (weaver, parvin, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=99)
    with pytest.raises(rounds.BelowMinimum):
        rounds.confirm(db.session, purchase=purchase)
    rounds.commit(db.session, purchase=purchase, artisan=parvin, quantity=1)
    rounds.confirm(db.session, purchase=purchase)  # before the deadline: it closes early
    with pytest.raises(rounds.RoundClosed):
        rounds.commit(db.session, purchase=purchase, artisan=parvin, quantity=20)
    with pytest.raises(rounds.InvalidMove):
        rounds.confirm(db.session, purchase=purchase)
    assert db.session.scalar(select(func.count()).select_from(LedgerTransaction).where(
        LedgerTransaction.kind == TransactionKind.PURCHASE_ROUND)) == 1


def test_the_cooperative_marks_each_step_in_order(coop_round):
    purchase, (weaver, _, _) = coop_round
    with pytest.raises(rounds.InvalidMove):
        rounds.advance(db.session, purchase=purchase, to=RoundStatus.ORDERED)
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=150)
    rounds.confirm(db.session, purchase=purchase)
    with pytest.raises(rounds.InvalidMove):
        rounds.advance(db.session, purchase=purchase, to=RoundStatus.RECEIVED)
    for step in (RoundStatus.ORDERED, RoundStatus.RECEIVED, RoundStatus.HANDED_OUT):
        rounds.advance(db.session, purchase=purchase, to=step)
    assert purchase.status == RoundStatus.HANDED_OUT
    assert purchase.ordered_at and purchase.received_at and purchase.handed_out_at
    with pytest.raises(rounds.InvalidMove):
        rounds.advance(db.session, purchase=purchase, to=RoundStatus.CONFIRMED)


@pytest.mark.parametrize("tiers", [
    [rounds.Tier(150, 9_000_000)],  # the first tier must apply from the minimum
    [rounds.Tier(50, 9_000_000), rounds.Tier(200, 9_500_000)],  # more units must cost less
    [rounds.Tier(50, 9_000_000), rounds.Tier(50, 8_000_000)],
    [],
])
def test_tiers_start_at_the_minimum_and_fall_in_price(tiers):
    with pytest.raises(rounds.BadTiers):
        rounds.check_tiers(tiers, 100)


@pytest.mark.parametrize(("committed", "delivery"), [
    ({1: 1, 2: 1, 3: 1}, 10), ({1: 7, 2: 3}, 1), ({5: 120, 9: 70, 2: 25}, 9_999_999),
    ({1: 400}, 0)])
def test_member_costs_add_up_to_the_goods_and_the_delivery_exactly(committed, delivery):
    charged = rounds.costs(committed, 1_000, delivery, currency="EUR")
    assert sum(charged.values()) == sum(committed.values()) * 1_000 + delivery
    total = sum(committed.values())
    for member, kg in committed.items():
        share = charged[member] - kg * 1_000
        assert abs(share - delivery * kg / total) < 1


def test_a_delivery_cost_in_rials_is_shared_in_whole_toman():
    committed = {5: 120, 9: 70, 2: 25}
    charged = rounds.costs(committed, 80_000, 24_000_000, currency="IRR")
    assert sum(charged.values()) == 215 * 80_000 + 24_000_000
    assert all(cost % 10 == 0 for cost in charged.values())


def test_a_payout_settles_what_the_member_owes_the_cooperative_first(coop_round, catalog):
    purchase, (weaver, parvin, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=100)
    rounds.commit(db.session, purchase=purchase, artisan=parvin, quantity=50)
    rounds.confirm(db.session, purchase=purchase)
    owes = Money(100 * 9_000_000 + 6_666_670, "IRR")
    assert ledger.owed_to_cooperatives(db.session, weaver.id, "IRR") == owes
    ledger.post_sale(db.session, reference="order:kilim", artisan_id=weaver.id, lines=[
        ledger.SaleLine(catalog.kilim.id, Money(1_250_000_000, "IRR"), 500)])
    db.session.commit()
    earned = ledger.artisan_available(db.session, weaver.id, "IRR")
    assert ledger.payable_now(db.session, weaver.id, "IRR") == earned - owes

    with pytest.raises(ledger.ExceedsBalance) as refused:
        ledger.record_payout(db.session, artisan=weaver, amount=earned, reference="payout:all")
    assert refused.value.available == earned - owes
    db.session.rollback()

    ledger.record_payout(db.session, artisan=weaver, amount=Money(100_000_000, "IRR"),
                         reference="payout:1")
    assert ledger.settled_with(db.session, "payout:1") == owes
    assert ledger.owed_to_cooperatives(db.session, weaver.id, "IRR") == Money(0, "IRR")
    assert ledger.artisan_available(db.session, weaver.id, "IRR") == earned - owes - Money(
        100_000_000, "IRR")
    funds = ledger.account(db.session, AccountKind.COOP_PURCHASE_FUNDS, "IRR",
                           cooperative_id=catalog.coop.id)
    assert ledger.owed(db.session, funds) == Money(150 * 9_000_000 + 10_000_000, "IRR")
    assert ledger.verify(db.session) == []


def test_earnings_below_the_debt_pay_nothing_out_and_settle_what_they_cover(coop_round):
    purchase, (weaver, _, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=100)
    rounds.confirm(db.session, purchase=purchase)
    owes = Money(100 * 9_000_000 + 10_000_000, "IRR")
    ledger.post_sale(db.session, reference="order:small", artisan_id=weaver.id, lines=[
        ledger.SaleLine(None, Money(200_000_000, "IRR"), 0)])
    assert ledger.payable_now(db.session, weaver.id, "IRR") == Money(0, "IRR")
    with pytest.raises(ledger.ExceedsBalance) as refused:
        ledger.record_payout(db.session, artisan=weaver, amount=Money(10, "IRR"),
                             reference="payout:tiny")
    assert refused.value.available == Money(0, "IRR")
    # What the refused payout settled (the views roll it back) is all her earnings, no more.
    assert ledger.settled_with(db.session, "payout:tiny") == Money(200_000_000, "IRR")
    assert ledger.owed_to_cooperatives(db.session, weaver.id, "IRR") == owes - Money(
        200_000_000, "IRR")
    assert ledger.artisan_available(db.session, weaver.id, "IRR") == Money(0, "IRR")
    assert ledger.verify(db.session) == []


def test_a_member_who_pays_the_cooperative_directly_owes_that_much_less(coop_round, catalog):
    purchase, (weaver, _, _) = coop_round
    rounds.commit(db.session, purchase=purchase, artisan=weaver, quantity=100)
    rounds.confirm(db.session, purchase=purchase)
    owes = ledger.owed_to_cooperatives(db.session, weaver.id, "IRR")
    with pytest.raises(ledger.ExceedsBalance):
        ledger.record_member_payment(db.session, artisan=weaver, cooperative=catalog.coop,
                                     amount=owes + Money(10, "IRR"), reference="paid:1")
    ledger.record_member_payment(db.session, artisan=weaver, cooperative=catalog.coop,
                                 amount=Money(300_000_000, "IRR"), reference="paid:2")
    assert ledger.owed_to_cooperatives(db.session, weaver.id, "IRR") == owes - Money(
        300_000_000, "IRR")
    assert ledger.verify(db.session) == []


def test_a_round_closes_for_commitments_at_its_deadline_exactly(coop_round):
    purchase, _ = coop_round
    deadline = purchase.deadline
    assert purchase.accepting(deadline - timedelta(microseconds=1))
    assert not purchase.accepting(deadline)
    assert not factories.wool_round(db.session, purchase.cooperative).accepting(
        utcnow() + timedelta(days=8))
