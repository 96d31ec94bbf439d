"""`seed_demo`: the demo catalogue and accounts, written into a session the same way every time.

Everything random comes from one `random.Random(seed)` and every timestamp is counted back from a
fixed date, so two runs give the same titles, prices, file names and "newest first" order.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import identity
from marketplace.commerce import fx
from marketplace.core import signing
from marketplace.core.images import thumbnails
from marketplace.demo import cooperative_money, fairs, images, impact, texts, trust, vetting
from marketplace.demo.crafts import CRAFTS, Craft
from marketplace.demo.data import (
    ARTISANS,
    CATEGORIES,
    CERTIFICATE_TYPES,
    COOPERATIVES,
    DEMO_ACCOUNTS,
    EXCHANGE_RATES,
    PRICE_STEP,
    PROVINCES,
    SHIPPING,
    AccountSpec,
    ArtisanSpec,
    CategorySpec,
    CertificateTypeSpec,
    CooperativeSpec,
    CountySpec,
    Phrase,
)
from marketplace.models import (
    ArtisanProfile,
    Category,
    Certificate,
    CertificateStatus,
    CertificateType,
    Cooperative,
    County,
    HolderKind,
    Listing,
    ListingImage,
    ListingStatus,
    ListingTranslation,
    Membership,
    MembershipStatus,
    Province,
    Role,
    ShippingRate,
    ShippingZone,
    User,
    Village,
)

BASE_TIME = datetime(2026, 11, 1, tzinfo=UTC)
CATALOGUE_DAYS = 300  # listings were created over the 300 days before BASE_TIME
LAUNCH_TIME = BASE_TIME - timedelta(days=CATALOGUE_DAYS + 420)
LISTING_COUNT = 440
DEMO_PASSWORD = "bazaar-demo-2026"  # noqa: S105 - public on purpose: the CLI prints it
ARTISAN_LOGIN = "artisan@bazaar.test"

_DRAFT_SHARE = 0.05
_ARCHIVED_SHARE = 0.03
_SOLD_OUT_SHARE = 0.08
_PERSIAN_ONLY_SHARE = 0.045  # listings without English, so the English fallback shows somewhere
_OCOP_LEVELS = (None, "ocop-3-star", "ocop-3-star", "ocop-4-star", "ocop-4-star", "ocop-5-star")
_ROLE_ORDER = (Role.PLATFORM_ADMIN, Role.COOP_ADMIN, Role.ARTISAN, Role.SHOPPER)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    note: str


@dataclass(frozen=True)
class _Maker:
    """An artisan as the listing builder needs them."""

    spec: ArtisanSpec
    craft: Craft
    profile: ArtisanProfile
    cooperative: Cooperative | None  # set only for an active member: a pending one sells alone
    country: str
    currency: str
    ocop: str | None
    licence: str | None  # her home-business licence number


@dataclass(frozen=True)
class _Plan:
    """What is decided for a listing before its contents: shares are exact, not left to chance."""

    status: ListingStatus
    sold_out: bool
    persian_only: bool
    created_at: datetime


def seed_demo(
    session: Session, *, upload_dir: Path, evidence_dir: Path | None = None,
    fast_hash: bool = False, seed: int = 1405, signer: signing.Signer | None = None,
) -> list[DemoLogin]:
    """Add the demo places, cooperatives, artisans, listings and accounts; flush, don't commit.

    With the platform's `signer`, some orders are delivered with certificates of origin.
    Returns the named demo logins; the other artisans sign in as `<slug>@artisans.bazaar.test`
    with the same password. Certificate scans go to `evidence_dir` (beside the uploads if not
    given), never among the public uploads.
    """
    upload_dir.mkdir(parents=True, exist_ok=True)
    seeder = _Seeder(session, Random(seed), upload_dir, fast_hash)
    seeder.add_places()
    seeder.add_categories()
    seeder.add_certificate_types()
    seeder.add_cooperatives()
    makers = seeder.add_artisans()
    seeder.add_listings(makers)
    seeder.add_trade_terms(makers)
    logins = [*seeder.add_accounts(), _artisan_login(makers[0])]
    logins += [DemoLogin(login.role, login.email, login.password, login.note)
               for login in cooperative_money.seed_shareholders_and_dividend(
                   session, now=BASE_TIME, fast_hash=fast_hash)]
    fairs.seed_fairs_and_rounds(session, now=BASE_TIME)
    impact.seed_impact(session, now=BASE_TIME, signer=signer)
    trust.seed_reviews_and_favourites(session, now=BASE_TIME, upload_dir=upload_dir,
                                      signer=signer)
    logins += [DemoLogin(login.role, login.email, DEMO_PASSWORD, login.note)
               for login in vetting.seed_trust(
                   session, now=BASE_TIME, upload_dir=upload_dir,
                   evidence_dir=evidence_dir or upload_dir.parent / "evidence",
                   password=DEMO_PASSWORD, fast_hash=fast_hash)]
    session.flush()
    return sorted(logins, key=lambda login: _ROLE_ORDER.index(Role(login.role)))


class _Seeder:
    def __init__(self, session: Session, rng: Random, upload_dir: Path, fast_hash: bool) -> None:
        self.session = session
        self.rng = rng
        self.upload_dir = upload_dir
        self.fast_hash = fast_hash
        self.provinces: dict[str, Province] = {}
        self.villages: dict[str, Village] = {}
        self.country_of: dict[str, str] = {}  # village slug -> ISO 3166 country code
        self.neighbours: dict[str, list[str]] = {}  # village slug -> others in its county
        self.categories: dict[str, Category] = {}
        self.certificate_types: dict[str, tuple[CertificateType, CertificateTypeSpec]] = {}
        # Certificate numbers and dates: their own stream, so the catalogue drawn from `rng`
        # stays what the judged search queries (bench/search_judgements.json) were written on.
        self.certificate_rng = Random("certificates")
        self.cooperatives: dict[str, Cooperative] = {}

    def add_places(self) -> None:
        for spec in PROVINCES:
            province = Province(
                slug=spec.slug, country_code=spec.country_code,
                name_fa=spec.name.fa, name_en=spec.name.en,
                description_fa=spec.description.fa, description_en=spec.description.en,
            )
            self.session.add(province)
            self.provinces[spec.slug] = province
            for county_spec in spec.counties:
                self._add_county(county_spec, province)

    def _add_county(self, spec: CountySpec, province: Province) -> None:
        county = County(slug=spec.slug, province=province, name_fa=spec.name.fa,
                        name_en=spec.name.en)
        self.session.add(county)
        for village_spec in spec.villages:
            village = Village(
                slug=village_spec.slug, county=county,
                name_fa=village_spec.name.fa, name_en=village_spec.name.en,
                description_fa=village_spec.description.fa,
                description_en=village_spec.description.en,
            )
            self.session.add(village)
            self.villages[village_spec.slug] = village
            self.country_of[village_spec.slug] = province.country_code
            self.neighbours[village_spec.slug] = [
                other.slug for other in spec.villages if other is not village_spec
            ]

    def add_categories(self) -> None:
        for position, spec in enumerate(CATEGORIES, start=1):
            self._add_category(spec, position, parent=None)

    def _add_category(self, spec: CategorySpec, position: int, parent: Category | None) -> None:
        category = Category(slug=spec.slug, parent=parent, name_fa=spec.name.fa,
                            name_en=spec.name.en, position=position)
        self.session.add(category)
        self.categories[spec.slug] = category
        for child_position, child in enumerate(spec.children, start=1):
            self._add_category(child, child_position, category)

    def add_certificate_types(self) -> None:
        for spec in CERTIFICATE_TYPES:
            kind = CertificateType(
                slug=spec.slug, name_fa=spec.name.fa, name_en=spec.name.en,
                for_artisans=HolderKind.ARTISAN in spec.holders,
                for_cooperatives=HolderKind.COOPERATIVE in spec.holders,
                for_listings=HolderKind.LISTING in spec.holders,
                cooperatives_verify=spec.cooperatives_verify,
            )
            self.session.add(kind)
            self.certificate_types[spec.slug] = (kind, spec)

    def _certificate(self, slug: str, *, country: str, region: str = "",
                     number: str | None = None) -> Certificate:
        """A verified certificate of the platform's early days, issued in the year before
        BASE_TIME. They expire from 2029: test_seed_demo warns a year ahead."""
        kind, spec = self.certificate_types[slug]
        rng = self.certificate_rng
        issued = (BASE_TIME - timedelta(days=rng.randint(20, 300))).date()
        issuer = spec.issuer.en if country == "VN" else spec.issuer.fa
        return Certificate(
            type=kind, issuer=f"{issuer} {region}".strip(), status=CertificateStatus.VERIFIED,
            number=number or f"{spec.number_prefix}-{issued.year}-{rng.randint(100, 9999):04d}",
            issued_on=issued, expires_on=_months_later(issued, spec.valid_months),
            decided_at=datetime.combine(issued, datetime.min.time(), tzinfo=UTC)
            + timedelta(days=rng.randint(3, 15)),
        )

    def add_cooperatives(self) -> None:
        for index, spec in enumerate(COOPERATIVES):
            self.cooperatives[spec.slug] = self._add_cooperative(
                spec, LAUNCH_TIME + timedelta(days=3 * index)
            )

    def _add_cooperative(self, spec: CooperativeSpec, created_at: datetime) -> Cooperative:
        cooperative = Cooperative(
            slug=spec.slug, name_fa=spec.name.fa, name_en=spec.name.en, kind=spec.kind,
            province=self.provinces[spec.province],
            village=self.villages[spec.village] if spec.village else None,
            description_fa=spec.description.fa, description_en=spec.description.en,
            commission_bps=spec.commission_bps, founded_year=spec.founded_year,
            logo=self._store(images.emblem(self.rng)),
            created_at=created_at, updated_at=created_at,
        )
        self.session.add(cooperative)
        return cooperative

    def add_artisans(self) -> list[_Maker]:
        return [self._add_artisan(spec) for spec in ARTISANS]

    def _add_artisan(self, spec: ArtisanSpec) -> _Maker:
        craft = CRAFTS[spec.craft]
        country = self.country_of[spec.village]
        village = self.villages[spec.village]
        cooperative = self.cooperatives[spec.cooperative] if spec.cooperative else None
        joined = BASE_TIME - timedelta(days=CATALOGUE_DAYS + self.rng.randint(20, 400))
        user = self._register(
            email=_artisan_email(spec),
            display_name=spec.name.fa if country == "IR" else spec.name.en,
            role=Role.ARTISAN,
            locale="fa" if country == "IR" else "en",
            at=joined,
        )
        story = texts.artisan_story(
            self.rng, craft, name=spec.name, pronoun=spec.pronoun, village=_phrase(village),
            cooperative=_phrase(cooperative) if cooperative else None,
            membership=spec.membership,
        )
        licence = self._licence() if spec.home_business else None
        profile = ArtisanProfile(
            user=user, slug=spec.slug,
            display_name_fa=spec.name.fa, display_name_en=spec.name.en,
            craft_fa=craft.maker.fa, craft_en=texts.capitalised(craft.maker.en),
            story_fa=story.fa, story_en=story.en, village=village,
            women_led=spec.pronoun == "she",
            photo=self._store(images.portrait(self.rng, headscarf=_wears_headscarf(spec, country))),
            created_at=joined, updated_at=joined, approved_at=joined,
        )
        self.session.add(profile)
        if licence is not None:
            certificate = self._certificate("home-business-licence", country=country,
                                            region=village.county.province.name_fa,
                                            number=licence)
            certificate.artisan = profile
            self.session.add(certificate)
        if cooperative is not None and spec.membership is not None:
            self._join(cooperative, profile, spec.membership, joined)
        active = spec.membership == MembershipStatus.ACTIVE
        ocop = self.rng.choice(_OCOP_LEVELS) if country == "VN" else None
        return _Maker(spec, craft, profile, cooperative if active else None, country,
                      profile.currency, ocop, licence)

    def _register(self, *, email: str, display_name: str, role: Role, locale: str,
                  at: datetime) -> User:
        user = identity.register(
            self.session, email=email, password=DEMO_PASSWORD, display_name=display_name,
            role=role, locale=locale, fast_hash=self.fast_hash,
        )
        user.created_at = user.updated_at = at
        return user

    def _licence(self) -> str:
        return f"HB-{self.rng.randint(1398, 1404)}-{self.rng.randint(100, 99_999):05d}"

    def _join(self, cooperative: Cooperative, artisan: ArtisanProfile, status: MembershipStatus,
              artisan_joined: datetime) -> None:
        if status == MembershipStatus.ACTIVE:
            at = artisan_joined + timedelta(days=self.rng.randint(1, 20))
        else:
            at = BASE_TIME - timedelta(days=self.rng.randint(1, 20))
        self.session.add(
            Membership(cooperative=cooperative, artisan=artisan, status=status, joined_at=at)
        )

    def add_listings(self, makers: list[_Maker]) -> None:
        counts = _shop_sizes(self.rng, len(makers), LISTING_COUNT)
        owners = [maker for maker, count in zip(makers, counts, strict=True)
                  for _ in range(count)]
        used_titles: set[tuple[str, str]] = set()
        for maker, plan in zip(owners, _plans(self.rng, len(owners)), strict=True):
            self._add_listing(maker, plan, used_titles)
        self.session.flush()  # the search hook queues every new listing for the index

    def _add_listing(self, maker: _Maker, plan: _Plan, used_titles: set[tuple[str, str]]
                     ) -> Listing:
        piece = self._new_piece(maker, used_titles)
        village = self._provenance(maker.spec.village)
        text = texts.listing_text(self.rng, maker.craft, piece,
                                  artisan=_phrase(maker.profile, "display_name"),
                                  village=_phrase(village))
        size = piece.size
        listing = Listing(
            artisan=maker.profile,
            cooperative=maker.cooperative if self.rng.random() < 0.9 else None,
            category=self.categories[maker.craft.category],
            village=village,
            price_minor=_price(self.rng, size.price, maker.currency),
            currency=maker.currency,
            stock=0 if plan.sold_out else self.rng.randint(*maker.craft.stock),
            length_mm=size.length_mm, width_mm=size.width_mm, height_mm=size.height_mm,
            weight_g=size.weight_g,
            status=plan.status,
            created_at=plan.created_at,
            updated_at=self._touched(plan.created_at),
        )
        listing.translations = _translations(text, persian_only=plan.persian_only)
        for slug in self._certifications(maker):
            certificate = self._certificate(slug, country=maker.country)
            certificate.listing = listing
            self.session.add(certificate)
        colour = piece.colour.rgb if piece.colour else maker.craft.tint
        listing.images = self._photos(maker.craft.image_style, colour)
        self.session.add(listing)
        return listing

    def add_trade_terms(self, makers: list[_Maker]) -> None:
        """Exchange rates, each seller's shipping rates, and carpets woven to order.

        A separate random stream, so these terms never change the catalogue drawn above.
        """
        rng = Random("trade terms")
        for currency, rate in EXCHANGE_RATES.items():
            fx.set_rate(self.session, currency, rate)
        for maker in makers:
            domestic, international, free_over = SHIPPING[maker.currency]
            self.session.add_all([
                ShippingRate(artisan_id=maker.profile.id, zone=ShippingZone.DOMESTIC,
                             amount_minor=domestic, currency=maker.currency,
                             free_over_minor=free_over),
                ShippingRate(artisan_id=maker.profile.id, zone=ShippingZone.INTERNATIONAL,
                             amount_minor=international, currency=maker.currency),
            ])
        carpets = self.categories["hand-knotted-carpets"]
        for listing in self.session.scalars(select(Listing).where(Listing.category == carpets)):
            if rng.random() < 0.4:
                listing.made_to_order = True
                listing.prep_days = rng.choice((30, 45, 60, 90))
        self.session.flush()

    def _new_piece(self, maker: _Maker, used_titles: set[tuple[str, str]]) -> texts.Piece:
        """A piece whose title this artisan has not used yet, if a few draws can find one."""
        for _ in range(12):
            piece = texts.draw_piece(self.rng, maker.craft)
            key = (maker.spec.slug, texts.title(piece).en)
            if key not in used_titles:
                break
        used_titles.add(key)
        return piece

    def _provenance(self, home: str) -> Village:
        """Usually the artisan's village; now and then a neighbour where the piece was made."""
        neighbours = self.neighbours[home]
        if neighbours and self.rng.random() < 0.06:
            return self.villages[self.rng.choice(neighbours)]
        return self.villages[home]

    def _touched(self, created_at: datetime) -> datetime:
        return min(BASE_TIME, created_at + timedelta(seconds=self.rng.randrange(30 * 86_400)))

    def _certifications(self, maker: _Maker) -> list[str]:
        """The types of the certificates this listing holds (her licence is her own)."""
        slugs = []
        if maker.ocop and self.rng.random() < 0.7:
            slugs.append(maker.ocop)
        if maker.country == "IR" and maker.craft.handmade and self.rng.random() < 0.35:
            slugs.append("handmade-seal")
        if self.rng.random() < (0.3 if maker.country == "VN" else 0.06):
            slugs.append("sustainable-production")
        return slugs

    def _photos(self, style: str, colour: tuple[int, int, int]) -> list[ListingImage]:
        count = 2 if self.rng.random() < 0.45 else 1
        photos = []
        for position in range(count):
            image = images.listing_photo(style, colour, self.rng)
            filename = self._store(image)
            thumbnail = f"{self.rng.getrandbits(128):032x}.webp"
            # Named after the thumbnail, not drawn from the rng: the demo stays the same.
            thumbnail_small = hashlib.blake2b(thumbnail.encode(), digest_size=16).hexdigest() \
                + ".webp"
            for name, data in zip((thumbnail, thumbnail_small), thumbnails(image), strict=True):
                (self.upload_dir / name).write_bytes(data)
            photos.append(ListingImage(
                filename=filename, thumbnail=thumbnail, thumbnail_small=thumbnail_small,
                width=image.width, height=image.height, position=position,
            ))
        return photos

    def _store(self, image: Image.Image) -> str:
        """Save under a server-style name (32 hex digits) drawn from the seeded rng."""
        name = f"{self.rng.getrandbits(128):032x}.jpg"
        images.save_jpeg(image, self.upload_dir / name)
        return name

    def add_accounts(self) -> list[DemoLogin]:
        return [self._add_account(spec) for spec in DEMO_ACCOUNTS]

    def _add_account(self, spec: AccountSpec) -> DemoLogin:
        user = self._register(email=spec.email, display_name=spec.display_name, role=spec.role,
                              locale=spec.locale, at=LAUNCH_TIME)
        if spec.administers:
            self.cooperatives[spec.administers].admins.append(user)
        return DemoLogin(spec.role.value, spec.email, DEMO_PASSWORD, spec.note)


def _artisan_email(spec: ArtisanSpec) -> str:
    return ARTISAN_LOGIN if spec is ARTISANS[0] else f"{spec.slug}@artisans.bazaar.test"


def _artisan_login(maker: _Maker) -> DemoLogin:
    village = maker.profile.village
    note = (f"{maker.spec.name.en}, {maker.craft.maker.en} in {village.name_en} "
            f"({village.county.name_en})")
    return DemoLogin(Role.ARTISAN.value, ARTISAN_LOGIN, DEMO_PASSWORD, note)


def _wears_headscarf(spec: ArtisanSpec, country: str) -> bool:
    return spec.pronoun == "she" and country == "IR"


def _phrase(entity: Village | Cooperative | ArtisanProfile, field: str = "name") -> Phrase:
    return Phrase(getattr(entity, f"{field}_fa"), getattr(entity, f"{field}_en"))


def _translations(text: texts.ListingText, *, persian_only: bool) -> list[ListingTranslation]:
    languages = ("fa",) if persian_only else ("fa", "en")
    return [
        ListingTranslation(lang=lang, title=getattr(text.title, lang),
                           description=getattr(text.description, lang),
                           materials=getattr(text.materials, lang))
        for lang in languages
    ]


def _months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _price(rng: Random, bounds: tuple[int, int], currency: str) -> int:
    step = PRICE_STEP[currency]
    return max(step, round(rng.uniform(*bounds) / step) * step)


def _shop_sizes(rng: Random, shops: int, total: int) -> list[int]:
    """Listings per artisan: uneven, as real shops are, but adding up to exactly `total`."""
    counts = [total // shops + (1 if i < total % shops else 0) for i in range(shops)]
    for _ in range(shops * 3):
        giver, taker = rng.randrange(shops), rng.randrange(shops)
        if counts[giver] > 5 and counts[taker] < 15:
            counts[giver] -= 1
            counts[taker] += 1
    return counts


def _plans(rng: Random, total: int) -> list[_Plan]:
    drafts, archived = round(total * _DRAFT_SHARE), round(total * _ARCHIVED_SHARE)
    statuses = ([ListingStatus.DRAFT] * drafts + [ListingStatus.ARCHIVED] * archived
                + [ListingStatus.ACTIVE] * (total - drafts - archived))
    rng.shuffle(statuses)
    sold_out = _flags(rng, total, _SOLD_OUT_SHARE)
    persian_only = _flags(rng, total, _PERSIAN_ONLY_SHARE)
    # Distinct seconds, so "newest first" never has to break a tie.
    ages = rng.sample(range(CATALOGUE_DAYS * 86_400), total)
    return [
        _Plan(status, out, fa_only, BASE_TIME - timedelta(seconds=age))
        for status, out, fa_only, age in zip(statuses, sold_out, persian_only, ages, strict=True)
    ]


def _flags(rng: Random, total: int, share: float) -> list[bool]:
    hits = round(total * share)
    flags = [True] * hits + [False] * (total - hits)
    rng.shuffle(flags)
    return flags
