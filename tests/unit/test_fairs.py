"""Fairs: organisers, booth applications and decisions, featured listings in the search index,
visits counted per booth and day, and sales per booth read from the ledger."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from marketplace.cooperatives import fairs, ledger
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import BoothStatus, BoothVisits, Fair, FairLevel
from marketplace.models.base import utcnow
from marketplace.search.documents import documents_for
from tests import factories


def week(catalog, *, opens: datetime | None = None, days: int = 7, booths: int = 30,
         organiser=None) -> fairs.FairInput:
    opens = opens or utcnow() - timedelta(days=1)
    return fairs.FairInput(
        name_fa="هفته روستاهای صنایع‌دستی", name_en="Craft-village week", level=FairLevel.NATIONAL,
        province=catalog.batrang.county.province if organiser is None else organiser.province,
        timezone="Asia/Ho_Chi_Minh", opens_at=opens, closes_at=opens + timedelta(days=days),
        permanent=False, booth_count=booths, features_per_booth=2)


@pytest.fixture
def fair(catalog):
    made = fairs.create_fair(db.session, organiser=None, data=week(catalog))
    db.session.commit()
    return made


def accepted(fair, artisan=None, cooperative=None):
    booth = fairs.apply(db.session, fair=fair, artisan=artisan, cooperative=cooperative,
                        application="Bat Trang glazes")
    return fairs.decide(db.session, booth=booth, accept=True)


def test_a_cooperative_organises_fairs_in_its_own_province_only(catalog):
    with pytest.raises(fairs.WrongRegion):
        fairs.create_fair(db.session, organiser=catalog.coop, data=week(catalog))
    jolfa = fairs.create_fair(db.session, organiser=catalog.coop,
                              data=week(catalog, organiser=catalog.coop))
    assert (jolfa.cooperative, jolfa.slug) == (catalog.coop, "craft-village-week")
    again = fairs.create_fair(db.session, organiser=None, data=week(catalog))
    assert again.slug == "craft-village-week-2"


def test_a_time_boxed_fair_ends_after_it_opens_in_a_real_time_zone(catalog):
    data = week(catalog)
    with pytest.raises(fairs.BadDates):
        fairs.create_fair(db.session, organiser=None, data=replace(data, closes_at=data.opens_at))
    with pytest.raises(fairs.BadDates):
        fairs.create_fair(db.session, organiser=None, data=replace(data, closes_at=None))
    with pytest.raises(fairs.UnknownZone):
        fairs.create_fair(db.session, organiser=None, data=replace(data, timezone="Mars/Olympus"))
    permanent = fairs.create_fair(db.session, organiser=None,
                                  data=replace(data, closes_at=None, permanent=True))
    assert permanent.is_open(utcnow() + timedelta(days=3650))


def test_the_organiser_accepts_until_the_booths_run_out_and_declines_with_a_reason(catalog):
    small = fairs.create_fair(db.session, organiser=None, data=week(catalog, booths=1))
    first = fairs.apply(db.session, fair=small, artisan=catalog.potter)
    second = fairs.apply(db.session, fair=small, cooperative=catalog.coop)
    with pytest.raises(fairs.AlreadyApplied):
        fairs.apply(db.session, fair=small, artisan=catalog.potter)
    fairs.decide(db.session, booth=first, accept=True)
    with pytest.raises(fairs.FairFull):
        fairs.decide(db.session, booth=second, accept=True)
    with pytest.raises(fairs.ReasonRequired):
        fairs.decide(db.session, booth=second, accept=False, reason="  ")
    fairs.decide(db.session, booth=second, accept=False, reason="Only ceramics this year")
    assert (second.status, second.decision_reason) == (BoothStatus.DECLINED,
                                                       "Only ceramics this year")
    again = fairs.apply(db.session, fair=small, cooperative=catalog.coop, application="Please")
    assert again.id == second.id and again.status == BoothStatus.APPLIED
    assert again.decision_reason == ""


def test_nobody_applies_to_a_fair_that_has_ended(catalog):
    ended = fairs.create_fair(db.session, organiser=None,
                              data=week(catalog, opens=utcnow() - timedelta(days=30)))
    with pytest.raises(fairs.FairEnded):
        fairs.apply(db.session, fair=ended, artisan=catalog.potter)


def test_featured_listings_carry_the_fair_into_the_search_index(fair, catalog):
    booth = accepted(fair, artisan=catalog.potter)
    fairs.arrange_booth(db.session, booth=booth, listing_ids=[catalog.bowl.id],
                        note_fa="لعاب سنتی", note_en="Traditional glazes")
    db.session.commit()
    assert documents_for(db.session, [catalog.bowl.id])[catalog.bowl.id]["fair"] == str(fair.id)
    assert fairs.fair_ids_of(db.session, [catalog.bowl.id, catalog.kilim.id]) == {
        catalog.bowl.id: [fair.id]}
    fairs.arrange_booth(db.session, booth=booth, listing_ids=[], note_fa="", note_en="")
    db.session.commit()
    assert "fair" not in documents_for(db.session, [catalog.bowl.id])[catalog.bowl.id]


def test_a_booth_features_only_its_holders_listings_for_sale_up_to_the_limit(fair, catalog):
    booth = accepted(fair, artisan=catalog.potter)
    for wrong in ([catalog.kilim.id], [catalog.draft.id]):  # another's; a draft
        with pytest.raises(fairs.NotFeaturable):
            fairs.arrange_booth(db.session, booth=booth, listing_ids=wrong, note_fa="",
                                note_en="")
    more = [factories.listing(db.session, catalog.potter, catalog.ceramics, title_fa=f"کاسه {n}",
                              title_en=f"Bowl {n}", price_minor=200_000).id for n in range(2)]
    with pytest.raises(fairs.TooManyFeatures):
        fairs.arrange_booth(db.session, booth=booth, listing_ids=[catalog.bowl.id, *more],
                            note_fa="", note_en="")
    coop_booth = accepted(fair, cooperative=catalog.coop)
    fairs.arrange_booth(db.session, booth=coop_booth, listing_ids=[catalog.kilim.id],
                        note_fa="گلیم جلفا", note_en="")
    assert [f.listing_id for f in coop_booth.current_features] == [catalog.kilim.id]


def test_an_applicant_not_yet_accepted_features_nothing(fair, catalog):
    booth = fairs.apply(db.session, fair=fair, artisan=catalog.potter)
    with pytest.raises(fairs.InvalidMove):
        fairs.arrange_booth(db.session, booth=booth, listing_ids=[catalog.bowl.id],
                            note_fa="", note_en="")


def test_visits_are_counted_per_booth_and_local_day_while_the_fair_is_open(fair, catalog):
    booth = accepted(fair, artisan=catalog.potter)
    db.session.commit()
    # 23:30 and 00:30 in Hanoi (UTC+7) are two days there, one day in UTC.
    late = datetime.combine(utcnow().date(), datetime.min.time(), UTC) + timedelta(hours=16,
                                                                                   minutes=30)
    for moment in (late, late, late + timedelta(hours=1)):
        assert fairs.record_visit(db.session, booth_id=booth.id, now=moment)
    db.session.commit()
    days = fairs.visits(db.session, fair)[booth.id]
    assert sorted(days.values()) == [1, 2] and len(days) == 2
    assert not fairs.record_visit(db.session, booth_id=booth.id,
                                  now=utcnow() + timedelta(days=30))
    applied = fairs.apply(db.session, fair=fair, cooperative=catalog.coop)
    assert not fairs.record_visit(db.session, booth_id=applied.id)
    assert db.session.scalar(select(BoothVisits).where(BoothVisits.booth_id == applied.id)) \
        is None


def test_sales_count_at_a_booth_while_the_listing_was_featured_there(fair, catalog):
    booth = accepted(fair, artisan=catalog.potter)
    sale = ledger.SaleLine(catalog.bowl.id, Money(350_000, "VND"), 500)
    ledger.post_sale(db.session, reference="order:before", artisan_id=catalog.potter.id,
                     lines=[sale], posted_at=utcnow() - timedelta(hours=2))
    fairs.arrange_booth(db.session, booth=booth, listing_ids=[catalog.bowl.id], note_fa="",
                        note_en="", now=utcnow() - timedelta(hours=1))
    for reference in ("order:1", "order:2", "order:refunded"):
        ledger.post_sale(db.session, reference=reference, artisan_id=catalog.potter.id,
                         lines=[sale])
    ledger.post_refund(db.session, sale_reference="order:refunded")
    db.session.commit()
    sales = fairs.booth_sales(db.session, fair)[booth.id]
    assert (sales.orders, sales.amounts) == (2, {"VND": Money(700_000, "VND")})


def test_home_shows_the_fairs_open_now(fair, catalog):
    later = fairs.create_fair(db.session, organiser=None,
                              data=week(catalog, opens=utcnow() + timedelta(days=10)))
    ended = fairs.create_fair(db.session, organiser=None,
                              data=week(catalog, opens=utcnow() - timedelta(days=30)))
    assert fairs.open_now(db.session) == [fair]
    assert fairs.upcoming(db.session) == [later]
    assert fairs.past(db.session) == [ended]
    assert set(fairs.taking_applications(db.session)) == {fair, later}
    assert db.session.scalar(select(Fair).where(Fair.id == ended.id)).has_ended(utcnow())
