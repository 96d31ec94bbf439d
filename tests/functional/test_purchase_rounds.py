"""Raw materials bought together, in the browser: the cooperative opens a round, members commit
from the studio, the round reaches its second tier, and the costs come out of the members'
payouts; only members join (S48), nothing after the deadline, a failed round owes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.cooperatives import ledger, memberships
from marketplace.cooperatives import purchase_rounds as rounds
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import (
    Commitment,
    LedgerTransaction,
    PurchaseRound,
    RoundStatus,
)
from marketplace.models.base import utcnow
from tests import factories
from tests.conftest import csrf_token, login, set_language


def post(client, path, data=None):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/")})


def as_user(app, email, lang="en"):
    client = app.test_client()
    set_language(client, lang)
    login(client, email)
    return client


@pytest.fixture
def coop(app, catalog):
    """The Jolfa cooperative with its admin and three active members (the weaver, Parvin,
    Leila); Bat Trang with its admin and the potter; an artisan whose request is pending."""
    factories.coop_admin(db.session, catalog.coop, "jolfa-admin@example.com")
    other = factories.other_cooperative(db.session, catalog)
    factories.coop_admin(db.session, other, "battrang-admin@example.com")
    for slug, name in (("parvin", "Parvin Jafari"), ("leila", "Leila Ghasemi")):
        factories.member(db.session, catalog.coop,
                         factories.artisan(db.session, catalog.jolfa, slug, name))
    pending = factories.artisan(db.session, catalog.jolfa, "asking", "Asking")
    memberships.request_to_join(db.session, cooperative=catalog.coop, artisan=pending)
    db.session.commit()
    return catalog.coop


def test_a_round_reaches_its_second_tier_with_three_members_and_its_costs_come_out_of_payouts(
        app, catalog, coop):
    admin = as_user(app, "jolfa-admin@example.com", "fa")
    opened = post(admin, f"/coop/{coop.slug}/admin/rounds/", {
        "material": "wool", "title_fa": "پشم مرینوس اردبیل", "title_en": "Ardabil merino wool",
        "supplier": "Ardabil Wool Co.", "unit": "kg", "minimum": "۱۰۰",
        "deadline_on": (utcnow() + timedelta(days=10)).date().isoformat(),
        "deadline_time": "18:00", "delivery_place_fa": "انبار تعاونی در جلفا",
        "delivery_place_en": "The cooperative's store in Jolfa", "delivery_cost": "1000000",
        "tier1_from": "50", "tier1_price": "900000", "tier2_from": "200",
        "tier2_price": "800000", "tier3_from": "400", "tier3_price": "750000"})
    assert opened.status_code == 302, opened.get_data(as_text=True)
    purchase = db.session.scalar(select(PurchaseRound))
    assert [(t.min_quantity, t.unit_price_minor) for t in purchase.tiers] == [
        (50, 9_000_000), (200, 8_000_000), (400, 7_500_000)]

    for email, kg in (("weaver@example.com", "120"), ("parvin@example.com", "70"),
                      ("leila@example.com", "25")):
        member = as_user(app, email)
        assert "Ardabil merino wool" in member.get("/studio/rounds/").get_data(as_text=True)
        assert post(member, f"/studio/rounds/{purchase.id}/commit",
                    {"quantity": kg}).status_code == 302
    page = as_user(app, "parvin@example.com").get(f"/studio/rounds/{purchase.id}")
    assert "Committed so far: 215 kg, minimum 100 kg." in page.get_data(as_text=True)

    confirmed = post(admin, f"/coop/{coop.slug}/admin/rounds/{purchase.id}/confirm")
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert (purchase.status, purchase.unit_price_minor) == (RoundStatus.CONFIRMED, 8_000_000)
    weaver_cost = Money(120 * 8_000_000 + 5_581_400, "IRR")
    assert ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR") == weaver_cost

    weaver = as_user(app, "weaver@example.com")
    mine = weaver.get(f"/studio/rounds/{purchase.id}").get_data(as_text=True)
    assert "your cost with your share of the delivery is 96,558,140 toman" in mine
    ledger.post_sale(db.session, reference="order:kilims", artisan_id=catalog.weaver.id,
                     lines=[ledger.SaleLine(catalog.kilim.id, Money(1_500_000_000, "IRR"), 0)])
    db.session.commit()
    paid = post(admin, f"/coop/{coop.slug}/admin/members/payout",
                {"artisan": str(catalog.weaver.id), "amount": "50000000"})
    assert paid.status_code == 302
    assert ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR") == Money(0, "IRR")
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR") == Money(
        1_500_000_000 - weaver_cost.amount_minor - 500_000_000, "IRR")
    for step in ("ordered", "received", "handed_out"):
        assert post(admin, f"/coop/{coop.slug}/admin/rounds/{purchase.id}/step",
                    {"step": step}).status_code == 302
    db.session.expire_all()
    assert purchase.status == RoundStatus.HANDED_OUT
    assert "Handed out to the members" in weaver.get(
        f"/studio/rounds/{purchase.id}").get_data(as_text=True)
    assert ledger.verify(db.session) == []


@pytest.fixture
def wool(coop):
    purchase = factories.wool_round(db.session, coop)
    db.session.commit()
    return purchase


@pytest.mark.parametrize("who", ["potter@example.com", "asking@example.com"])
def test_only_members_of_the_cooperative_see_and_join_its_rounds(app, catalog, wool, who):
    """S48: another cooperative's member and an artisan whose request is pending get 404 and
    commit nothing."""
    client = as_user(app, who)
    assert client.get(f"/studio/rounds/{wool.id}").status_code == 404
    assert post(client, f"/studio/rounds/{wool.id}/commit", {"quantity": "40"}).status_code \
        == 404
    assert post(client, f"/studio/rounds/{wool.id}/withdraw").status_code == 404
    assert "Merino wool" not in client.get("/studio/rounds/").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Commitment)) == 0


@pytest.mark.parametrize("who", ["battrang-admin@example.com", "weaver@example.com"])
def test_only_the_cooperatives_admins_manage_its_rounds(app, catalog, wool, who):
    """S03, S48: another cooperative's admin and a member get 404 on the admin pages."""
    rounds.commit(db.session, purchase=wool, artisan=catalog.weaver, quantity=150)
    db.session.commit()
    client = as_user(app, who)
    base = f"/coop/{catalog.coop.slug}/admin/rounds"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/{wool.id}").status_code == 404
    assert post(client, f"{base}/{wool.id}/confirm").status_code == 404
    assert post(client, f"{base}/{wool.id}/step", {"step": "ordered"}).status_code == 404
    assert post(client, f"{base}/", {"title_fa": "x"}).status_code == 404
    db.session.expire_all()
    assert wool.status == RoundStatus.OPEN
    assert db.session.scalar(select(func.count()).select_from(PurchaseRound)) == 1


def test_an_admin_cannot_reach_another_cooperatives_round_through_their_own_url(
        app, catalog, wool):
    """S03, S48: Bat Trang's admin confirming Jolfa's round under Bat Trang's URL: 404."""
    rounds.commit(db.session, purchase=wool, artisan=catalog.weaver, quantity=150)
    db.session.commit()
    client = as_user(app, "battrang-admin@example.com")
    url = f"/coop/bat-trang-ceramics/admin/rounds/{wool.id}"
    assert client.get(url).status_code == 404
    assert post(client, f"{url}/confirm").status_code == 404
    db.session.expire_all()
    assert wool.status == RoundStatus.OPEN


def test_commitments_after_the_deadline_are_refused_in_the_studio(app, catalog, wool):
    """S48: the deadline passed while the member had the page open: 409, nothing recorded."""
    rounds.commit(db.session, purchase=wool, artisan=catalog.weaver, quantity=30)
    wool.deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = as_user(app, "weaver@example.com")
    late = post(client, f"/studio/rounds/{wool.id}/commit", {"quantity": "90"})
    assert late.status_code == 409
    assert "no longer takes commitments" in late.get_data(as_text=True)
    withdrawn = post(client, f"/studio/rounds/{wool.id}/withdraw")
    assert withdrawn.status_code == 302
    assert rounds.quantities(db.session, wool) == {catalog.weaver.id: 30}


@pytest.mark.parametrize("quantity", ["0", "-5", "2.5", "1e9", "99999999999", "", "NaN"])
def test_a_commitment_is_a_whole_positive_number(app, catalog, wool, quantity):
    """S18: anything else re-renders the form with a message (400), and nothing is recorded."""
    response = post(as_user(app, "weaver@example.com"), f"/studio/rounds/{wool.id}/commit",
                    {"quantity": quantity})
    assert response.status_code == 400
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert rounds.quantities(db.session, wool) == {}


def test_a_member_types_a_quantity_in_persian_digits(app, catalog, wool):
    client = as_user(app, "weaver@example.com", "fa")
    assert post(client, f"/studio/rounds/{wool.id}/commit", {"quantity": "۱۲۰"}
                ).status_code == 302
    assert rounds.quantities(db.session, wool) == {catalog.weaver.id: 120}


def test_a_round_below_its_minimum_fails_at_the_deadline_job_and_leaves_no_ledger_trace(
        app, catalog, wool):
    """S48: `flask jobs run` fails it; members see that nothing is owed; the books are as
    they were."""
    rounds.commit(db.session, purchase=wool, artisan=catalog.weaver, quantity=40)
    wool.deadline = utcnow() - timedelta(seconds=1)
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(LedgerTransaction))
    result = app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert "close-purchase-rounds: 1 purchase round(s) failed below their minimum" \
        in result.output
    db.session.expire_all()
    assert wool.status == RoundStatus.FAILED
    assert db.session.scalar(select(func.count()).select_from(LedgerTransaction)) == before
    page = as_user(app, "weaver@example.com").get(f"/studio/rounds/{wool.id}")
    assert "Nothing is owed" in page.get_data(as_text=True)


def test_an_admin_records_what_a_member_paid_the_cooperative_directly(app, catalog, wool):
    rounds.commit(db.session, purchase=wool, artisan=catalog.weaver, quantity=150)
    rounds.confirm(db.session, purchase=wool)
    db.session.commit()
    owes = ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR")
    admin = as_user(app, "jolfa-admin@example.com")
    too_much = post(admin, f"/coop/{catalog.coop.slug}/admin/rounds/payments", {
        "member": str(catalog.weaver.id),
        "amount": str(owes.amount_minor // 10 + 1)})
    assert too_much.status_code == 302
    assert ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR") == owes
    post(admin, f"/coop/{catalog.coop.slug}/admin/rounds/payments", {
        "member": str(catalog.weaver.id), "amount": "10000000",
        "note": "cash at the store"})
    assert ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR") == owes - Money(
        100_000_000, "IRR")


def test_the_payout_screens_show_what_is_owed_to_the_cooperative_first(app, catalog, wool):
    rounds.commit(db.session, purchase=wool, artisan=catalog.weaver, quantity=150)
    rounds.confirm(db.session, purchase=wool)
    ledger.post_sale(db.session, reference="order:big", artisan_id=catalog.weaver.id,
                     lines=[ledger.SaleLine(None, Money(2_000_000_000, "IRR"), 0)])
    platform = factories.user(db.session, "admin@example.com", factories.Role.PLATFORM_ADMIN)
    db.session.commit()
    owes = ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR")
    admin = as_user(app, platform.email)
    screen = admin.get("/admin/payouts/").get_data(as_text=True)
    assert owes == Money(150 * 9_000_000 + 10_000_000, "IRR")
    assert "136,000,000 toman" in screen  # to the cooperative first
    assert "6,400,000 toman" not in screen and "64,000,000 toman" in screen  # payable now
    refused = post(admin, "/admin/payouts/", {"owed": f"{catalog.weaver.id}:IRR",
                                             "amount": "64000001"})
    assert refused.status_code == 400
    paid = post(admin, "/admin/payouts/", {"owed": f"{catalog.weaver.id}:IRR",
                                          "amount": "64000000"})
    assert paid.status_code == 302
    assert ledger.owed_to_cooperatives(db.session, catalog.weaver.id, "IRR") == Money(0, "IRR")
    assert ledger.artisan_available(db.session, catalog.weaver.id, "IRR") == Money(0, "IRR")
    members = as_user(app, "jolfa-admin@example.com").get(
        f"/coop/{catalog.coop.slug}/admin/members").get_data(as_text=True)
    assert "They owe for raw materials" in members
    assert ledger.verify(db.session) == []
