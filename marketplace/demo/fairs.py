"""Demo fairs and a purchase round, so the fair pages, the booths in the studio and the
cooperative's rounds have something to show after `make run`.

Jolfa's cooperative keeps a permanent handicraft bazaar with booths of its members; the
platform's national week comes after the demo's date. Jolfa's members commit to a wool round
that is still open when the demo is seeded (its deadline counts from the day of seeding, so a
fresh demo always has a round to join).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.cooperatives import fairs, purchase_rounds
from marketplace.models import (
    ArtisanProfile,
    Cooperative,
    FairEventKind,
    FairLevel,
    Material,
    MaterialUnit,
    Membership,
    MembershipStatus,
)
from marketplace.models.base import utcnow

JOLFA = "jolfa-handicraft-bazaar"
BOOTHS = 5
COMMITTED_KG = (40, 25, 60, 15)  # 140 kg: ten short of the minimum, so members see it


def seed_fairs_and_rounds(session: Session, *, now: datetime) -> None:
    jolfa = session.scalar(select(Cooperative).where(Cooperative.slug == JOLFA))
    members = list(session.scalars(
        select(ArtisanProfile).join(Membership, Membership.artisan_id == ArtisanProfile.id)
        .where(Membership.cooperative_id == jolfa.id,
               Membership.status == MembershipStatus.ACTIVE)
        .order_by(ArtisanProfile.id)))
    bazaar = fairs.create_fair(session, organiser=jolfa, data=fairs.FairInput(
        name_fa="بازارچهٔ دائمی صنایع دستی جلفا", name_en="Jolfa Permanent Handicraft Bazaar",
        level=FairLevel.COUNTY, province=jolfa.province, timezone="Asia/Tehran",
        opens_at=now - timedelta(days=400), closes_at=None, permanent=True, booth_count=24,
        features_per_booth=6, theme_fa="صنایع دستی ارس", theme_en="Handicrafts of the Aras",
        story_fa="غرفه‌های اعضای تعاونی در بازارچهٔ مرزی جلفا، هر روز جز روزهای تعطیل.",
        story_en="The members' booths in Jolfa's border bazaar, open every day but holidays.",
        venue_fa="بازارچهٔ مرزی جلفا", venue_en="Jolfa border bazaar"))
    for artisan in members[:BOOTHS]:
        booth = fairs.apply(session, fair=bazaar, artisan=artisan, now=now)
        fairs.decide(session, booth=booth, accept=True)
        listings = [listing.id for listing in fairs.featurable(session, booth)][:4]
        fairs.arrange_booth(session, booth=booth, listing_ids=listings, note_fa="", note_en="",
                            now=now)
    fairs.add_event(session, fair=bazaar, kind=FairEventKind.DEMONSTRATION,
                    title_fa="بافت گلیم روی دار", title_en="Weaving a kilim on the loom",
                    starts_at=now + timedelta(days=3, hours=6),
                    ends_at=now + timedelta(days=3, hours=8))
    week = fairs.create_fair(session, organiser=None, data=fairs.FairInput(
        name_fa="هفتهٔ ملی صنایع دستی", name_en="National Handicrafts Week",
        level=FairLevel.NATIONAL, province=jolfa.province, timezone="Asia/Tehran",
        opens_at=now + timedelta(days=60), closes_at=now + timedelta(days=67), permanent=False,
        booth_count=80))
    fairs.add_event(session, fair=week, kind=FairEventKind.CEREMONY,
                    title_fa="گشایش هفته", title_en="Opening of the week",
                    starts_at=week.opens_at + timedelta(hours=4),
                    ends_at=week.opens_at + timedelta(hours=5))
    opened = max(now, utcnow())
    wool = purchase_rounds.open_round(session, cooperative=jolfa, now=opened,
                                      data=purchase_rounds.RoundInput(
        material=Material.WOOL, title_fa="پشم مرینوس برای گلیم", title_en="Merino wool for kilims",
        supplier="Ardabil Wool Co.", unit=MaterialUnit.KILOGRAM, minimum_quantity=150,
        deadline=opened + timedelta(days=21), delivery_place_fa="انبار تعاونی در جلفا",
        delivery_place_en="The cooperative's store in Jolfa", delivery_cost_minor=20_000_000,
        tiers=[purchase_rounds.Tier(100, 9_000_000), purchase_rounds.Tier(250, 8_200_000),
               purchase_rounds.Tier(500, 7_500_000)]))
    for artisan, kilograms in zip(members[1:], COMMITTED_KG, strict=False):
        purchase_rounds.commit(session, purchase=wool, artisan=artisan, quantity=kilograms,
                               now=opened)
    session.flush()
