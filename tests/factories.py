"""Test data built the way the app builds it: accounts through `identity`, listings through
`catalog.listings`, places, categories, cooperatives and the first, already approved artisans as
models (a platform admin's seed data, as the demo's are)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path

from PIL import Image
from sqlalchemy import update
from sqlalchemy.orm import Session

from config import Config
from marketplace.accounts import identity
from marketplace.catalog import listings, moderation
from marketplace.catalog.listings import ListingInput, ListingText
from marketplace.commerce import carts, ordering
from marketplace.commerce.hold_limits import HoldLimits
from marketplace.commerce.ordering import CheckoutPolicy
from marketplace.cooperatives import memberships, purchase_rounds
from marketplace.core import images, signing
from marketplace.core.images import StoredImage
from marketplace.models import (
    ArtisanProfile,
    Category,
    Cooperative,
    CooperativeKind,
    County,
    Listing,
    ListingStatus,
    Material,
    MaterialUnit,
    Membership,
    MembershipStatus,
    Order,
    OrderEvent,
    OrderStatus,
    PaymentMethod,
    Province,
    Role,
    User,
    Village,
)
from marketplace.models.base import utcnow

PASSWORD = "a-long-test-password"


def user(session: Session, email: str, role: Role = Role.SHOPPER, name: str = "Test user") -> User:
    return identity.register(
        session, email=email, password=PASSWORD, display_name=name, role=role, fast_hash=True
    )


def member(session: Session, cooperative: Cooperative, artisan: ArtisanProfile) -> Membership:
    """An active member: invited by the cooperative's admin, and the artisan accepted."""
    invitation = memberships.invite(session, cooperative=cooperative, artisan=artisan)
    return memberships.activate(session, membership=invitation, expected=MembershipStatus.INVITED)


def stored_image(upload_dir: str | Path, colour: str = "#a4362b") -> StoredImage:
    """A photo as an upload leaves it: checked, re-encoded, stored with its thumbnail."""
    photo = BytesIO()
    Image.new("RGB", (40, 30), colour).save(photo, "JPEG")
    photo.seek(0)
    return images.store_image(photo, upload_dir, max_bytes=Config.IMAGE_MAX_BYTES,
                              max_pixels=Config.IMAGE_MAX_PIXELS,
                              max_decoded_bytes=Config.IMAGE_MAX_DECODED_BYTES)


def listing(
    session: Session,
    artisan: ArtisanProfile,
    category: Category,
    *,
    title_fa: str,
    title_en: str | None,
    price_minor: int,
    currency: str | None = None,
    stock: int = 5,
    cooperative: Cooperative | None = None,
    status: ListingStatus = ListingStatus.ACTIVE,
    upload_dir: str | Path | None = None,
) -> Listing:
    """A listing made as its artisan (and, under a cooperative, its admin) would make it.

    `currency` only states what the test expects: the service prices a listing in its
    seller's currency, and a test asking for another one is refused. Each `status` is reached
    through the service a person would use: a draft is saved unpublished, a listing under a
    cooperative is submitted and (for ACTIVE) approved, ARCHIVED is archived by its artisan,
    REMOVED is taken down by a platform admin.
    """
    if currency is not None and currency != artisan.currency:
        raise ValueError(f"{artisan.display_name_en} sells in {artisan.currency}")
    texts = {"fa": ListingText(title_fa, "دست‌باف", "پشم")}
    if title_en:
        texts["en"] = ListingText(title_en, "Handwoven", "Wool")
    data = ListingInput(category=category, price_minor=price_minor, stock=stock, texts=texts,
                        cooperative=cooperative, length_mm=1800, width_mm=1200, weight_g=4200)
    item = listings.create_listing(session, artisan=artisan, data=data,
                                   publish=status != ListingStatus.DRAFT)
    if upload_dir:
        photo = stored_image(upload_dir)
        listings.add_image(session, listing=item, filename=photo.filename,
                           thumbnail=photo.thumbnail, thumbnail_small=photo.thumbnail_small,
                           width=photo.width, height=photo.height)
    if status == ListingStatus.ACTIVE and item.status == ListingStatus.PENDING_REVIEW:
        listings.review_listing(session, listing=item, approve=True)
    elif status == ListingStatus.ARCHIVED:
        listings.archive_listing(session, listing=item)
    elif status == ListingStatus.REMOVED:
        moderation.take_down(session, listing=item, reason="Taken down in a test")
    if item.status != status:
        raise ValueError(f"no service makes this listing {status}")
    return item


@dataclass
class DemoCatalog:
    province: Province
    county: County
    jolfa: Village
    batrang: Village
    coop: Cooperative
    weaver: ArtisanProfile
    potter: ArtisanProfile
    kilim: Listing
    teapot: Listing
    bowl: Listing
    draft: Listing
    kilims: Category
    ceramics: Category


def small_catalog(session: Session, upload_dir: str) -> DemoCatalog:
    iran = Province(slug="east-azerbaijan", country_code="IR", name_fa="آذربایجان شرقی",
                    name_en="East Azerbaijan")
    hanoi = Province(slug="hanoi", country_code="VN", name_fa="هانوی", name_en="Hanoi")
    county = County(slug="jolfa-county", province=iran, name_fa="جلفا", name_en="Jolfa")
    gia_lam = County(slug="gia-lam", province=hanoi, name_fa="زیا لام", name_en="Gia Lam")
    jolfa = Village(slug="jolfa", county=county, name_fa="جلفا", name_en="Jolfa",
                    description_en="A border town on the Aras river.")
    batrang = Village(slug="bat-trang", county=gia_lam, name_fa="بات ترانگ", name_en="Bat Trang")
    carpets = Category(slug="carpets-kilims", name_fa="فرش و گلیم", name_en="Carpets & kilims")
    kilims = Category(slug="kilims", parent=carpets, name_fa="گلیم", name_en="Kilims")
    ceramics = Category(slug="ceramics", name_fa="سفال و سرامیک", name_en="Ceramics & pottery")
    session.add_all([iran, hanoi, county, gia_lam, jolfa, batrang, carpets, kilims, ceramics])

    weaver_user = user(session, "weaver@example.com", Role.ARTISAN, "Maryam Ahmadi")
    potter_user = user(session, "potter@example.com", Role.ARTISAN, "Nguyen Thi Lan")
    weaver = ArtisanProfile(user=weaver_user, slug="maryam-ahmadi", display_name_fa="مریم احمدی",
                            display_name_en="Maryam Ahmadi", craft_fa="گلیم‌باف",
                            craft_en="Kilim weaver", story_fa="از کودکی گلیم می‌بافم.",
                            story_en="I have woven kilims since childhood.", village=jolfa,
                            women_led=True, approved_at=utcnow())
    potter = ArtisanProfile(user=potter_user, slug="nguyen-thi-lan", display_name_fa="نگوین تی لان",
                            display_name_en="Nguyen Thi Lan", craft_fa="سفالگر",
                            craft_en="Potter", village=batrang, approved_at=utcnow())
    coop = Cooperative(slug="jolfa-handicrafts", name_fa="تعاونی صنایع‌دستی جلفا",
                       name_en="Jolfa Handicraft Cooperative", kind=CooperativeKind.PRODUCER,
                       province=iran, village=jolfa, commission_bps=1000, founded_year=2019,
                       description_en="Weavers of the Aras valley.")
    session.add_all([weaver, potter, coop])
    session.flush()
    member(session, coop, weaver)

    kilim = listing(session, weaver, kilims, title_fa="گلیم دست‌باف جلفا",
                    title_en="Handwoven Jolfa kilim", price_minor=125_000_000, cooperative=coop,
                    upload_dir=upload_dir)
    teapot = listing(session, weaver, kilims, title_fa="جاجیم رنگی", title_en=None,
                     price_minor=48_000_000, cooperative=coop, stock=0)
    bowl = listing(session, potter, ceramics, title_fa="کاسه سفالی لعاب‌دار",
                   title_en="Glazed Bat Trang bowl", price_minor=350_000, currency="VND",
                   upload_dir=upload_dir)
    draft = listing(session, potter, ceramics, title_fa="گلدان پیش‌نویس", title_en="Draft vase",
                    price_minor=500_000, currency="VND", status=ListingStatus.DRAFT)
    session.commit()
    return DemoCatalog(iran, county, jolfa, batrang, coop, weaver, potter, kilim, teapot, bowl,
                       draft, kilims, ceramics)


@dataclass
class Shop:
    catalog: DemoCatalog
    shopper: User
    other_shopper: User
    admin: User


def shop(session: Session, catalog: DemoCatalog) -> Shop:
    """Rates for USD/EUR/VND (through `fx`, as an admin sets them) and two shoppers."""
    from marketplace.commerce import fx

    fx.set_rate(session, "USD", "0.0000238")
    fx.set_rate(session, "EUR", "0.0000220")
    fx.set_rate(session, "VND", "0.6")
    result = Shop(
        catalog=catalog,
        shopper=user(session, "leila@example.com", name="Leila"),
        other_shopper=user(session, "sam@example.com", name="Sam"),
        admin=user(session, "admin@example.com", Role.PLATFORM_ADMIN, name="Admin"),
    )
    session.commit()
    return result


def coop_admin(session: Session, cooperative: Cooperative, email: str) -> User:
    """A cooperative admin account for `cooperative` (as a platform admin would set one up)."""
    admin = user(session, email, Role.COOP_ADMIN, f"Admin of {cooperative.name_en}")
    cooperative.admins.append(admin)
    session.flush()
    return admin


def other_cooperative(session: Session, catalog: DemoCatalog) -> Cooperative:
    """A second cooperative, in Vietnam, with the potter as its member."""
    coop = Cooperative(slug="bat-trang-ceramics", name_fa="تعاونی سفال بات ترانگ",
                       name_en="Bat Trang Ceramics Cooperative", kind=CooperativeKind.PRODUCER,
                       province=catalog.batrang.county.province, village=catalog.batrang,
                       commission_bps=800, founded_year=2015)
    session.add(coop)
    session.flush()
    member(session, coop, catalog.potter)
    return coop


def checkout_policy(hold: timedelta = timedelta(minutes=30), limits: HoldLimits | None = None,
                    fee_bps: int = 500) -> CheckoutPolicy:
    """One hold for every payment method (each test picks it); limits nobody reaches unless
    the test is about them."""
    return CheckoutPolicy(card_hold=hold, manual_hold=hold, platform_fee_bps=fee_bps,
                          limits=limits or HoldLimits(per_listing=99, units=999,
                                                      manual_checkouts=99))


def artisan(session: Session, village: Village, slug: str, name: str = "Test artisan"
            ) -> ArtisanProfile:
    """Another approved artisan in `village`, with an account, as the studio makes one."""
    account = user(session, f"{slug}@example.com", Role.ARTISAN, name)
    profile = ArtisanProfile(user=account, slug=slug, display_name_fa=name, display_name_en=name,
                             village=village, approved_at=utcnow())
    session.add(profile)
    session.flush()
    return profile


def wool_round(session: Session, cooperative: Cooperative, *, minimum: int = 100,
               deadline: datetime | None = None, delivery_minor: int = 10_000_000,
               tiers: tuple[tuple[int, int], ...] = ((50, 9_000_000), (200, 8_000_000),
                                                     (400, 7_500_000))):
    """A wool round opened by the cooperative's admin: rials per kg by total quantity."""
    data = purchase_rounds.RoundInput(
        material=Material.WOOL, title_fa="پشم مرینوس", title_en="Merino wool",
        supplier="Ardabil Wool Co.", unit=MaterialUnit.KILOGRAM, minimum_quantity=minimum,
        deadline=deadline or utcnow() + timedelta(days=7), delivery_place_fa="انبار تعاونی",
        delivery_place_en="The cooperative's store", delivery_cost_minor=delivery_minor,
        tiers=[purchase_rounds.Tier(q, p) for q, p in tiers])
    return purchase_rounds.open_round(session, cooperative=cooperative, data=data)


def order(session: Session, buyer: User, listing: Listing, *, quantity: int = 1,
          status: OrderStatus = OrderStatus.DELIVERED, delivered_at: datetime | None = None
          ) -> Order:
    """An order of `listing` placed by `buyer` by bank transfer in toman, taken as far as
    `status` (paid, shipped, delivered) by the services its seller uses; `delivered_at` dates
    the delivery in its history, as if it happened then."""
    cart = carts.find_or_create(session, user_id=buyer.id, token=None)
    carts.empty(session, cart)
    carts.add(session, cart, listing.id, quantity, buyer_id=buyer.id)
    checkout = ordering.start_checkout(
        session, buyer_id=buyer.id, cart=cart,
        address=ordering.Address(name=buyer.display_name, address="Kargar St 12", city="Tehran",
                                 postcode="1411713114", country="IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={}, policy=checkout_policy())
    placed = checkout.orders[0]
    steps = [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED]
    for step in steps[:steps.index(status) + 1] if status in steps else []:
        if step == OrderStatus.PAID:
            ordering.mark_order_paid(session, placed, source="test: transfer confirmed")
        elif step == OrderStatus.SHIPPED:
            ordering.ship(session, placed, carrier="Iran Post", tracking_number="IR1")
        else:
            ordering.deliver(session, placed, signer=signing.generate())
    if delivered_at is not None:
        session.execute(update(OrderEvent)
                        .where(OrderEvent.order_id == placed.id,
                               OrderEvent.to_status == OrderStatus.DELIVERED)
                        .values(created_at=delivered_at))
    session.commit()
    return placed
