"""Fairs and bazaars, online and the physical ones behind them (Jolfa's permanent handicraft
bazaar, Hanoi's craft-village week).

An organiser (the platform, or a cooperative for its own province) creates a fair. Artisans
and cooperatives apply for a booth; the organiser accepts (up to the fair's number of booths)
or declines with a reason; an accepted holder features up to `features_per_booth` of their
active listings and writes a booth note; the organiser may give a booth its hall, number and
hours. Featuring reaches the search index through the outbox (`search.indexer`), which gives
the search page its "at this fair" facet. Booth visits are counted per booth per day
(`record_visit`); sales per booth are read from the ledger (`booth_sales`).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased, selectinload

from marketplace.catalog import showcase
from marketplace.core.decisions import serialise
from marketplace.core.errors import DomainError
from marketplace.core.money import Money
from marketplace.models import (
    Account,
    AccountKind,
    ArtisanProfile,
    Booth,
    BoothFeature,
    BoothStatus,
    BoothVisits,
    Cooperative,
    Entry,
    Fair,
    FairEvent,
    FairEventKind,
    FairLevel,
    LedgerTransaction,
    Listing,
    ListingStatus,
    Province,
    TransactionKind,
    User,
)
from marketplace.models.base import naive_utc, utcnow

MAX_BOOTHS = 2000
RESERVED_SLUGS = frozenset({"archive"})  # /fairs/archive is a page, not a fair
MAX_FEATURES = 24

# The moves a booth makes; `_move` refuses any other. A declined or withdrawn holder may apply
# again.
BOOTH_TRANSITIONS: dict[BoothStatus, frozenset[BoothStatus]] = {
    BoothStatus.APPLIED: frozenset({BoothStatus.ACCEPTED, BoothStatus.DECLINED,
                                    BoothStatus.WITHDRAWN}),
    BoothStatus.ACCEPTED: frozenset({BoothStatus.WITHDRAWN}),
    BoothStatus.DECLINED: frozenset({BoothStatus.APPLIED}),
    BoothStatus.WITHDRAWN: frozenset({BoothStatus.APPLIED}),
}


class FairError(DomainError):
    pass


class BadDates(FairError):
    """A time-boxed fair needs an end after its opening."""


class UnknownZone(FairError):
    pass


class WrongRegion(FairError):
    """A cooperative organises fairs in its own province only."""


class FairEnded(FairError):
    pass


class FairFull(FairError):
    """Every booth is taken."""


class AlreadyApplied(FairError):
    pass


class InvalidMove(FairError):
    pass


class ReasonRequired(FairError):
    """A declined applicant is told why."""


class NotFeaturable(FairError):
    """A listing that is not the holder's, or not for sale."""


class TooManyFeatures(FairError):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True, slots=True)
class FairInput:
    name_fa: str
    name_en: str
    level: FairLevel
    province: Province
    timezone: str
    opens_at: datetime  # aware
    closes_at: datetime | None  # None only for a permanent fair
    permanent: bool
    booth_count: int
    features_per_booth: int = 6
    story_fa: str = ""
    story_en: str = ""
    theme_fa: str = ""
    theme_en: str = ""
    venue_fa: str = ""
    venue_en: str = ""


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UnknownZone(name) from exc


def _check(data: FairInput, organiser: Cooperative | None) -> None:
    zone(data.timezone)
    if not data.permanent and (data.closes_at is None or data.closes_at <= data.opens_at):
        raise BadDates()
    if data.permanent and data.closes_at is not None and data.closes_at <= data.opens_at:
        raise BadDates()
    if organiser is not None and data.province.id != organiser.province_id:
        raise WrongRegion()
    if not (0 < data.booth_count <= MAX_BOOTHS and 0 < data.features_per_booth <= MAX_FEATURES):
        raise ValueError("booths and features per booth out of range")


def _apply(fair: Fair, data: FairInput) -> None:
    for name in ("name_fa", "name_en", "story_fa", "story_en", "theme_fa", "theme_en",
                 "venue_fa", "venue_en"):
        setattr(fair, name, getattr(data, name).strip())
    fair.level = data.level
    fair.province = data.province
    fair.timezone = data.timezone
    fair.opens_at = data.opens_at
    fair.closes_at = data.closes_at
    fair.permanent = data.permanent
    fair.booth_count = data.booth_count
    fair.features_per_booth = data.features_per_booth


def slug_for(session: Session, name: str) -> str:
    """A URL name from the English (or any Latin) name, unique among fairs."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "fair"
    taken = set(session.scalars(select(Fair.slug).where(Fair.slug.like(f"{base}%")))) \
        | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_fair(session: Session, *, organiser: Cooperative | None, data: FairInput,
                by: User | None = None, slug: str | None = None) -> Fair:
    """A fair organised by `organiser` (a cooperative, in its own province) or the platform."""
    _check(data, organiser)
    fair = Fair(slug=slug or slug_for(session, data.name_en or data.name_fa),
                cooperative=organiser, created_by_id=by.id if by else None)
    _apply(fair, data)
    session.add(fair)
    session.flush()
    return fair


def update_fair(session: Session, *, fair: Fair, data: FairInput) -> Fair:
    _check(data, fair.cooperative)
    _apply(fair, data)
    session.flush()
    return fair


# Booths ---------------------------------------------------------------------------------------


def _move(booth: Booth, to: BoothStatus) -> None:
    if to not in BOOTH_TRANSITIONS[booth.status]:
        raise InvalidMove(booth.status, to)
    booth.status = to


def apply(session: Session, *, fair: Fair, application: str = "",
          artisan: ArtisanProfile | None = None, cooperative: Cooperative | None = None,
          now: datetime | None = None) -> Booth:
    """Ask for a booth as an artisan or as a cooperative (exactly one of them)."""
    if (artisan is None) == (cooperative is None):
        raise ValueError("a booth has one holder")
    now = now or utcnow()
    if fair.has_ended(now):
        raise FairEnded()
    holder = (Booth.artisan_id == artisan.id) if artisan else \
        (Booth.cooperative_id == cooperative.id)
    booth = session.scalar(select(Booth).where(Booth.fair_id == fair.id, holder))
    if booth is None:
        booth = Booth(fair=fair, artisan=artisan, cooperative=cooperative)
        session.add(booth)
    elif booth.status in (BoothStatus.APPLIED, BoothStatus.ACCEPTED):
        raise AlreadyApplied()
    else:
        _move(booth, BoothStatus.APPLIED)
        booth.decision_reason = ""
        booth.decided_at = None
    booth.application = application.strip()[:1000]
    session.flush()
    return booth


def accepted_count(session: Session, fair: Fair) -> int:
    return session.scalar(select(func.count()).select_from(Booth).where(
        Booth.fair_id == fair.id, Booth.status == BoothStatus.ACCEPTED)) or 0


def decide(session: Session, *, booth: Booth, accept: bool, reason: str = "",
           now: datetime | None = None) -> Booth:
    """The organiser accepts (while booths are left) or declines with a reason.

    Serialised on the fair: two organisers accepting the last booth at once take it once."""
    reason = reason.strip()[:300]
    if not accept and not reason:
        raise ReasonRequired()
    serialise(session, booth.fair)
    session.refresh(booth)
    if accept and accepted_count(session, booth.fair) >= booth.fair.booth_count:
        raise FairFull()
    _move(booth, BoothStatus.ACCEPTED if accept else BoothStatus.DECLINED)
    booth.decision_reason = reason
    booth.decided_at = now or utcnow()
    session.flush()
    return booth


def withdraw(session: Session, *, booth: Booth, now: datetime | None = None) -> Booth:
    """The holder gives the booth (or the application) up; its listings leave the fair."""
    now = now or utcnow()
    _move(booth, BoothStatus.WITHDRAWN)
    for feature in booth.current_features:
        feature.unfeatured_at = now
    session.flush()
    return booth


def featurable(session: Session, booth: Booth) -> list[Listing]:
    """The holder's listings for sale: an artisan's own, or those under the cooperative."""
    owner = (Listing.artisan_id == booth.artisan_id) if booth.artisan_id else \
        (Listing.cooperative_id == booth.cooperative_id)
    return list(session.scalars(
        select(Listing).where(owner, Listing.status == ListingStatus.ACTIVE)
        .options(selectinload(Listing.translations), selectinload(Listing.images))
        .order_by(Listing.id.desc())
    ))


def arrange_booth(session: Session, *, booth: Booth, listing_ids: Sequence[int], note_fa: str,
                  note_en: str, now: datetime | None = None) -> Booth:
    """Feature exactly these listings (in this order) and set the booth note."""
    now = now or utcnow()
    if booth.status != BoothStatus.ACCEPTED or booth.fair.has_ended(now):
        raise InvalidMove(booth.status, "arrange")
    wanted = list(dict.fromkeys(listing_ids))
    if len(wanted) > booth.fair.features_per_booth:
        raise TooManyFeatures(booth.fair.features_per_booth)
    allowed = {item.id for item in featurable(session, booth)}
    if not set(wanted) <= allowed:
        raise NotFeaturable()
    serialise(session, booth)  # two tabs saving at once never feature a listing twice
    session.refresh(booth)
    current = {f.listing_id: f for f in booth.current_features}
    for listing_id, feature in current.items():
        if listing_id not in wanted:
            feature.unfeatured_at = now
    for position, listing_id in enumerate(wanted):
        if listing_id in current:
            current[listing_id].position = position
        else:
            session.add(BoothFeature(booth=booth, listing_id=listing_id, position=position,
                                     featured_at=now))
    booth.note_fa = note_fa.strip()[:2000]
    booth.note_en = note_en.strip()[:2000]
    session.flush()
    return booth


def place_booth(session: Session, *, booth: Booth, hall: str, number: str, hours: str) -> Booth:
    """Where the booth stands at a physical fair, and when it is staffed (the organiser's)."""
    booth.hall, booth.number, booth.hours = hall.strip()[:60], number.strip()[:20], \
        hours.strip()[:60]
    session.flush()
    return booth


# The schedule ---------------------------------------------------------------------------------


def add_event(session: Session, *, fair: Fair, kind: FairEventKind, title_fa: str,
              title_en: str, starts_at: datetime, ends_at: datetime,
              booth: Booth | None = None) -> FairEvent:
    if ends_at <= starts_at:
        raise BadDates()
    if booth is not None and (booth.fair_id != fair.id or booth.status != BoothStatus.ACCEPTED):
        raise InvalidMove("event", "booth")
    event = FairEvent(fair=fair, kind=kind, title_fa=title_fa.strip()[:200],
                      title_en=title_en.strip()[:200], starts_at=starts_at, ends_at=ends_at,
                      booth=booth)
    session.add(event)
    session.flush()
    return event


def remove_event(session: Session, *, event: FairEvent) -> None:
    session.delete(event)
    session.flush()


# What visitors see ----------------------------------------------------------------------------


def _open_at(now: datetime):
    return (Fair.opens_at <= now) & or_(Fair.closes_at.is_(None), Fair.closes_at > now)


def open_now(session: Session, now: datetime | None = None) -> list[Fair]:
    """Fairs open at `now`, the time-boxed ones first (they end soonest), then permanent ones."""
    now = now or utcnow()
    return list(session.scalars(
        select(Fair).where(_open_at(now)).options(selectinload(Fair.province))
        .order_by(Fair.permanent, Fair.closes_at, Fair.id)
    ))


def upcoming(session: Session, now: datetime | None = None) -> list[Fair]:
    now = now or utcnow()
    return list(session.scalars(
        select(Fair).where(Fair.opens_at > now).options(selectinload(Fair.province))
        .order_by(Fair.opens_at, Fair.id)
    ))


def past(session: Session, now: datetime | None = None) -> list[Fair]:
    """The archive: fairs that have ended, most recent first."""
    now = now or utcnow()
    return list(session.scalars(
        select(Fair).where(Fair.closes_at <= now).options(selectinload(Fair.province))
        .order_by(Fair.closes_at.desc(), Fair.id.desc())
    ))


def taking_applications(session: Session, now: datetime | None = None) -> list[Fair]:
    now = now or utcnow()
    return list(session.scalars(
        select(Fair).where(or_(Fair.closes_at.is_(None), Fair.closes_at > now))
        .options(selectinload(Fair.province)).order_by(Fair.opens_at, Fair.id)
    ))


def organised_by(session: Session, user: User) -> list[Fair]:
    """The fairs `user` organises: the platform's if a platform admin, their cooperatives'."""
    coop_ids = [c.id for c in user.administered_cooperatives]
    mine = Fair.cooperative_id.in_(coop_ids)
    if user.is_platform_admin:
        mine = mine | Fair.cooperative_id.is_(None)
    return list(session.scalars(select(Fair).where(mine).order_by(Fair.opens_at.desc(),
                                                                  Fair.id.desc())))


@dataclass
class BoothCard:
    booth: Booth
    listings: list[Listing]


def booth_cards(session: Session, fair: Fair, only: Booth | None = None) -> list[BoothCard]:
    """The accepted booths (or just `only`) in their order (hall, number, then id) with their
    featured listings for sale, loaded in a few statements."""
    query = select(Booth).where(Booth.fair_id == fair.id, Booth.status == BoothStatus.ACCEPTED)
    if only is not None:
        query = query.where(Booth.id == only.id)
    booths = list(session.scalars(query.options(
        selectinload(Booth.artisan).selectinload(ArtisanProfile.village),
        selectinload(Booth.cooperative))))
    features = _current_features(session, [b.id for b in booths])
    listing_ids = [f.listing_id for fs in features.values() for f in fs]
    cards = {item.id: item for item in session.scalars(
        showcase.listing_cards().where(Listing.id.in_(listing_ids))).unique()} \
        if listing_ids else {}
    out = [BoothCard(b, [cards[f.listing_id] for f in features.get(b.id, [])
                         if f.listing_id in cards]) for b in booths]
    out.sort(key=lambda c: (_natural(c.booth.hall), _natural(c.booth.number), c.booth.id))
    return out


def _natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text or ""))


def _current_features(session: Session, booth_ids: list[int]) -> dict[int, list[BoothFeature]]:
    out: dict[int, list[BoothFeature]] = defaultdict(list)
    if not booth_ids:
        return out
    for feature in session.scalars(
        select(BoothFeature).where(BoothFeature.booth_id.in_(booth_ids),
                                   BoothFeature.unfeatured_at.is_(None))
        .order_by(BoothFeature.booth_id, BoothFeature.position, BoothFeature.id)
    ):
        out[feature.booth_id].append(feature)
    return out


def fair_ids_of(session: Session, listing_ids: Sequence[int]) -> dict[int, list[int]]:
    """listing id -> the fairs it is featured at now (at an accepted booth): what the search
    index's `fair` field holds."""
    out: dict[int, list[int]] = defaultdict(list)
    if not listing_ids:
        return out
    for listing_id, fair_id in session.execute(
        select(BoothFeature.listing_id, Booth.fair_id).join(Booth)
        .where(BoothFeature.listing_id.in_(listing_ids), BoothFeature.unfeatured_at.is_(None),
               Booth.status == BoothStatus.ACCEPTED)
        .distinct().order_by(BoothFeature.listing_id, Booth.fair_id)
    ):
        out[listing_id].append(fair_id)
    return out


# Counting visits and sales --------------------------------------------------------------------


def local_day(fair_zone: str, now: datetime) -> date:
    return now.astimezone(zone(fair_zone)).date()


def record_visit(session: Session, *, booth_id: int, now: datetime | None = None) -> bool:
    """Count one visit of an accepted booth's page while its fair is open; whether it counted.

    One counter row per booth and local day, raised with `UPDATE … SET visits = visits + 1`;
    nothing about the visitor is stored."""
    now = now or utcnow()
    found = session.execute(
        select(Fair.timezone).join(Booth, Booth.fair_id == Fair.id)
        .where(Booth.id == booth_id, Booth.status == BoothStatus.ACCEPTED, _open_at(now))
    ).first()
    if found is None:
        return False
    day = local_day(found.timezone, now)
    raised = session.execute(
        update(BoothVisits).where(BoothVisits.booth_id == booth_id, BoothVisits.day == day)
        .values(visits=BoothVisits.visits + 1)
    )
    if raised.rowcount == 0:  # the day's first visit; another may insert it at the same moment
        dialect = postgresql if session.connection().dialect.name == "postgresql" else sqlite
        insert = dialect.insert(BoothVisits).values(booth_id=booth_id, day=day, visits=1)
        session.execute(insert.on_conflict_do_update(
            index_elements=[BoothVisits.booth_id, BoothVisits.day],
            set_={"visits": BoothVisits.visits + 1}))
    return True


def visits(session: Session, fair: Fair) -> dict[int, dict[date, int]]:
    """booth id -> local day -> visits."""
    out: dict[int, dict[date, int]] = defaultdict(dict)
    for booth_id, day, count in session.execute(
        select(BoothVisits.booth_id, BoothVisits.day, BoothVisits.visits)
        .join(Booth, Booth.id == BoothVisits.booth_id).where(Booth.fair_id == fair.id)
        .order_by(BoothVisits.day)
    ):
        out[booth_id][day] = count
    return out


@dataclass
class BoothSales:
    orders: int = 0
    amounts: dict[str, Money] = field(default_factory=dict)

    def add(self, amount: Money) -> None:
        self.amounts[amount.currency] = self.amounts.get(amount.currency,
                                                         Money.zero(amount.currency)) + amount


def booth_sales(session: Session, fair: Fair) -> dict[int, BoothSales]:
    """booth id -> the paid orders of its listings while they were featured there, during the
    fair, from the ledger's sale postings (an order later refunded does not count)."""
    features = list(session.scalars(
        select(BoothFeature).join(Booth).where(Booth.fair_id == fair.id)))
    if not features:
        return {}
    by_listing: dict[int, list[BoothFeature]] = defaultdict(list)
    for feature in features:
        by_listing[feature.listing_id].append(feature)
    refund = aliased(LedgerTransaction)
    query = (
        select(LedgerTransaction.id, LedgerTransaction.posted_at, Entry.listing_id,
               Entry.amount_minor, Entry.currency)
        .join(Entry, Entry.transaction_id == LedgerTransaction.id)
        .join(Account, Account.id == Entry.account_id)
        .where(LedgerTransaction.kind == TransactionKind.SALE,
               Account.kind == AccountKind.PLATFORM_CASH,
               Entry.listing_id.in_(list(by_listing)),
               LedgerTransaction.posted_at >= fair.opens_at,
               ~exists().where(refund.kind == TransactionKind.REFUND,
                               refund.reference == LedgerTransaction.reference))
    )
    if fair.closes_at is not None:
        query = query.where(LedgerTransaction.posted_at < fair.closes_at)
    out: dict[int, BoothSales] = defaultdict(BoothSales)
    counted: set[tuple[int, int]] = set()
    for transaction_id, posted_at, listing_id, amount, currency in session.execute(query):
        at = naive_utc(posted_at)
        for feature in by_listing[listing_id]:
            if naive_utc(feature.featured_at) <= at and (
                    feature.unfeatured_at is None or at < naive_utc(feature.unfeatured_at)):
                sales = out[feature.booth_id]
                if (feature.booth_id, transaction_id) not in counted:
                    counted.add((feature.booth_id, transaction_id))
                    sales.orders += 1
                sales.add(Money(amount, currency))
    return dict(out)
