"""Purchase rounds and fair booths under requests at once (S35, S48): commitments and a
confirmation arriving together leave every member charged exactly for what is recorded; ten
identical presses of a button change things once. Threads on a SQLite file, processes on
PostgreSQL (tests/race.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.cooperatives import fairs, ledger
from marketplace.cooperatives import purchase_rounds as rounds
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import (
    ArtisanProfile,
    Booth,
    BoothStatus,
    Commitment,
    FairLevel,
    LedgerTransaction,
    PurchaseRound,
    Role,
    RoundStatus,
    TransactionKind,
)
from marketplace.models.base import utcnow
from tests import factories
from tests.conftest import login, set_language
from tests.race import call_at_once, post_at_once

pytestmark = pytest.mark.shared_database

MEMBERS = 9


@pytest.fixture
def wool(catalog):
    """Jolfa's wool round, already at its minimum (the weaver's 100 kg), and nine more members."""
    factories.coop_admin(db.session, catalog.coop, "jolfa-admin@example.com")
    for n in range(MEMBERS):
        factories.member(db.session, catalog.coop,
                         factories.artisan(db.session, catalog.jolfa, f"member-{n}", f"M{n}"))
    purchase = factories.wool_round(db.session, catalog.coop)
    rounds.commit(db.session, purchase=purchase, artisan=catalog.weaver, quantity=100)
    db.session.commit()
    return purchase


def commit_or_confirm(index: int) -> None:
    """Worker 0 is the cooperative's admin confirming; the others are members committing."""
    purchase = db.session.scalar(select(PurchaseRound))
    if index == 0:
        rounds.confirm(db.session, purchase=purchase)
        return
    member = db.session.scalar(select(ArtisanProfile).where(
        ArtisanProfile.slug == f"member-{index - 1}"))
    rounds.commit(db.session, purchase=purchase, artisan=member, quantity=10 * index)


def test_commitments_and_a_confirmation_at_the_same_moment_leave_the_totals_exact(app, wool):
    """S35, S48: nine members commit while the admin confirms. Each commitment lands before
    the confirmation (and is charged) or is refused after it; what is recorded, what was
    confirmed and what the ledger says each member owes agree to the unit and the rial."""
    outcomes = call_at_once(app, commit_or_confirm)
    assert set(outcomes) <= {"ok", "RoundClosed"}, outcomes
    db.session.expire_all()
    purchase = db.session.scalar(select(PurchaseRound))
    assert purchase.status == RoundStatus.CONFIRMED
    committed = rounds.quantities(db.session, purchase)
    # The weaver's 100 kg and every member whose commitment went through (the confirmation
    # is the one other "ok").
    assert len(committed) == 1 + outcomes.count("ok") - 1
    assert purchase.confirmed_quantity == sum(committed.values())
    expected = rounds.costs(committed, purchase.unit_price_minor, purchase.delivery_cost_minor,
                              currency=purchase.currency)
    debts = ledger.member_debts(db.session, cooperative_id=purchase.cooperative_id)
    assert {artisan: debt.amount_minor for (artisan, _c), debt in debts.items()} == expected
    assert sum(expected.values()) == purchase.confirmed_quantity * purchase.unit_price_minor \
        + purchase.delivery_cost_minor
    assert ledger.verify(db.session) == []


def test_ten_identical_commitments_at_once_record_one(app, client, catalog, wool):
    """S35: ten tabs sending the same commitment: one row with that quantity, never a 500."""
    set_language(client, "en")
    login(client, "member-0@example.com")
    codes = post_at_once(app, client, f"/studio/rounds/{wool.id}/commit", {"quantity": "35"})
    assert codes == [302] * 10
    db.session.expire_all()
    assert rounds.quantities(db.session, wool) == {catalog.weaver.id: 100,
                                                   _member_id(0): 35}
    assert db.session.scalar(select(func.count()).select_from(Commitment)) == 2


def _member_id(n: int) -> int:
    return db.session.scalar(select(ArtisanProfile.id).where(
        ArtisanProfile.slug == f"member-{n}"))


def test_ten_confirmations_at_once_post_the_costs_once(app, client, catalog, wool):
    """S35: the confirm button pressed ten times at once: one posting, one confirmation."""
    set_language(client, "en")
    login(client, "jolfa-admin@example.com")
    codes = post_at_once(app, client,
                         f"/coop/{catalog.coop.slug}/admin/rounds/{wool.id}/confirm", {})
    assert all(code < 500 for code in codes), codes
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(LedgerTransaction).where(
        LedgerTransaction.kind == TransactionKind.PURCHASE_ROUND)) == 1
    assert ledger.verify(db.session) == []


def test_ten_direct_payments_at_once_never_exceed_what_the_member_owes(app, client, catalog,
                                                                          wool):
    """S35: the weaver owes 910,000,000 rials; ten records of 60,000,000 toman at once: one."""
    rounds.confirm(db.session, purchase=wool)
    db.session.commit()
    owes = ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR")
    assert owes == Money(100 * 9_000_000 + 10_000_000, "IRR")
    set_language(client, "en")
    login(client, "jolfa-admin@example.com")
    codes = post_at_once(app, client, f"/coop/{catalog.coop.slug}/admin/rounds/payments", {
        "member": str(catalog.weaver.id), "amount": "60000000"})
    assert all(code < 500 for code in codes), codes
    db.session.expire_all()
    assert ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR") == owes - Money(
        600_000_000, "IRR")
    assert ledger.verify(db.session) == []


def test_ten_payouts_at_once_settle_the_members_debt_once(app, client, catalog, wool):
    """S35: a member owing for a round, paid out ten times at once: the debt is settled once
    and no payout goes past what is left."""
    rounds.confirm(db.session, purchase=wool)
    ledger.post_sale(db.session, reference="order:earned", artisan_id=catalog.weaver.id,
                     lines=[ledger.SaleLine(None, Money(1_500_000_000, "IRR"), 0)])
    db.session.commit()
    set_language(client, "en")
    login(client, "jolfa-admin@example.com")
    codes = post_at_once(app, client, f"/coop/{catalog.coop.slug}/admin/members/payout",
                         {"artisan": str(catalog.weaver.id), "amount": "50000000"})
    assert all(code < 500 for code in codes), codes
    db.session.expire_all()
    kinds = dict(db.session.execute(
        select(LedgerTransaction.kind, func.count()).group_by(LedgerTransaction.kind)).all())
    assert (kinds[TransactionKind.MEMBER_SETTLEMENT], kinds[TransactionKind.PAYOUT]) == (1, 1)
    assert ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR") == Money(0, "IRR")
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR") == Money(
        1_500_000_000 - 910_000_000 - 500_000_000, "IRR")
    assert ledger.verify(db.session) == []


@pytest.fixture
def last_booth(catalog):
    """A fair with one booth left and ten applicants; its platform organiser."""
    factories.user(db.session, "admin@example.com", Role.PLATFORM_ADMIN)
    fair = fairs.create_fair(db.session, organiser=None, data=fairs.FairInput(
        name_fa="هفته", name_en="Week", level=FairLevel.NATIONAL,
        province=catalog.batrang.county.province, timezone="Asia/Ho_Chi_Minh",
        opens_at=utcnow() - timedelta(days=1), closes_at=utcnow() + timedelta(days=6),
        permanent=False, booth_count=1))
    for n in range(10):
        artisan = factories.artisan(db.session, catalog.batrang, f"potter-{n}", f"P{n}")
        fairs.apply(db.session, fair=fair, artisan=artisan)
    db.session.commit()
    return fair


def accept_one(index: int) -> None:
    booth = db.session.scalar(select(Booth).order_by(Booth.id).offset(index))
    fairs.decide(db.session, booth=booth, accept=True)


def test_ten_acceptances_of_the_last_booth_at_once_accept_one(app, last_booth):
    """S48: ten applications accepted at the same moment for one booth left: exactly one."""
    outcomes = call_at_once(app, accept_one)
    assert sorted(outcomes) == ["FairFull"] * 9 + ["ok"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Booth).where(
        Booth.status == BoothStatus.ACCEPTED)) == 1
