"""Demo sales in every province, payouts to artisans, visits, women-led confirmations and
delivered orders with certificates of origin, so `/impact`, the analytics pages and the
certificate pages show real figures after `make run`.

Everything goes through the shop's services (cart, checkout, payment confirmation, the ledger's
payouts, shipping and delivery); only dates are set in the past, from one seeded Random.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from random import Random

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Config
from marketplace.commerce import carts, fx, hold_limits, ordering
from marketplace.cooperatives import ledger
from marketplace.core import signing
from marketplace.core.money import Money
from marketplace.insights import counters, women_led
from marketplace.models import (
    ArtisanProfile,
    Cooperative,
    Listing,
    ListingStatus,
    Membership,
    MembershipStatus,
    Order,
    OrderStatus,
    PaymentMethod,
    User,
)

SALES = 90  # besides cooperative_money's, spread over every province's artisans
ABROAD_EVERY = 3  # one sale in three goes abroad, paid by card
PAYOUT_PERCENT = 70  # of what each artisan is owed, paid out before the demo's "now"
DELIVERED = 14  # the oldest shipped orders that arrived, each with its certificates
DOMESTIC_BUYER = "shopper@bazaar.test"
FOREIGN_BUYER = "buyer@bazaar.test"
FOREIGN_ADDRESSES = (("Lyon", "FR"), ("Hamburg", "DE"), ("Toronto", "CA"), ("Osaka", "JP"),
                     ("Melbourne", "AU"))
ROUND_TO = {"IRR": 100_000, "VND": 1_000}  # payouts in whole thousands of toman or dong


def _policy(platform_fee_bps: int) -> ordering.CheckoutPolicy:
    return ordering.CheckoutPolicy(
        card_hold=timedelta(hours=72), manual_hold=timedelta(hours=72),
        platform_fee_bps=platform_fee_bps,
        limits=hold_limits.HoldLimits(per_listing=Config.HOLD_MAX_UNITS_PER_LISTING,
                                      units=Config.HOLD_MAX_UNITS,
                                      manual_checkouts=Config.HOLD_MAX_MANUAL_CHECKOUTS))


def _sell(session: Session, *, buyer: User, listing: Listing, at: datetime, abroad: bool,
          rng: Random, rates: dict[str, Decimal], platform_fee_bps: int) -> list[Order]:
    """One paid order: by bank transfer from Tehran, or by card from abroad."""
    cart = carts.find_or_create(session, user_id=buyer.id, token=None)
    carts.empty(session, cart)
    carts.add(session, cart, listing.id, 1, buyer_id=buyer.id)
    if abroad:
        city, country = rng.choice(FOREIGN_ADDRESSES)
        address = ordering.Address(name=buyer.display_name, address="12 Rue des Tisserands",
                                   city=city, postcode="69001", country=country)
        method, currency, source = PaymentMethod.CARD, "USD", "demo: card payment"
    else:
        address = ordering.Address(name=buyer.display_name, address="خیابان امام، پلاک ۱۲",
                                   city="تهران", postcode="1111111111", country="IR")
        method, currency, source = (PaymentMethod.BANK_TRANSFER, "IRR",
                                    "demo: bank transfer confirmed")
    checkout = ordering.start_checkout(
        session, buyer_id=buyer.id, cart=cart, address=address, method=method,
        currency=currency, rates=rates, now=at, policy=_policy(platform_fee_bps))
    for order in checkout.orders:
        ordering.mark_order_paid(session, order, source=source, at=at)
    return list(checkout.orders)


def _sellable(session: Session) -> list[Listing]:
    """One listing per artisan with stock to spare, from every shop in every province."""
    listings = session.scalars(
        select(Listing).where(Listing.status == ListingStatus.ACTIVE, Listing.stock >= 3)
        .order_by(Listing.artisan_id, Listing.id)
    ).all()
    chosen: dict[int, list[Listing]] = {}
    for listing in listings:
        chosen.setdefault(listing.artisan_id, []).append(listing)
    return [items[0] for items in chosen.values()] + [items[1] for items in chosen.values()
                                                      if len(items) > 1]


def _pay_out(session: Session, *, now: datetime) -> None:
    """Each artisan owed anything gets most of it, recorded as the platform's bank transfer."""
    for artisan_id, owed in ledger.artisans_owed(session):
        step = ROUND_TO.get(owed.currency, 100)
        amount = owed.amount_minor * PAYOUT_PERCENT // 100 // step * step
        if amount <= 0:
            continue
        artisan = session.get(ArtisanProfile, artisan_id)
        ledger.record_payout(session, artisan=artisan, amount=Money(amount, owed.currency),
                             reference=f"payout:demo:{artisan_id}:{owed.currency}",
                             memo="demo: monthly bank transfer",
                             posted_at=now - timedelta(days=12 + artisan_id % 20))


def _deliver(session: Session, *, signer: signing.Signer) -> None:
    """The oldest paid orders shipped and arrived, the demo shopper's among them."""
    orders = session.scalars(
        select(Order).where(Order.status == OrderStatus.PAID).order_by(Order.created_at, Order.id)
        .limit(DELIVERED)
    ).all()
    for order in orders:
        ordering.ship(session, order, carrier="Iran Post" if order.zone == "domestic" else "EMS",
                      tracking_number=f"DEMO{order.id:06d}IR")
        ordering.deliver(session, order, signer=signer)


def _visits(session: Session, rng: Random, listings: list[Listing], *, now: datetime) -> None:
    """Views and carts over the last months: counts only, as the beacon and the cart make."""
    for listing in listings:
        for days_back in range(0, 180, 6):
            day = (now - timedelta(days=days_back)).date()
            views = rng.randint(0, 9)
            if views:
                counters.bump(session, "listing", listing.id, "view", day=day, by=views)
            if views > 6:
                counters.bump(session, "listing", listing.id, "cart", day=day, by=1)


def _confirm_women_led(session: Session) -> None:
    """The Shabestar women's cooperative vouches for its members, and Jolfa for one of its."""
    memberships = session.scalars(
        select(Membership).join(Membership.cooperative).join(Membership.artisan)
        .where(Membership.status == MembershipStatus.ACTIVE, ArtisanProfile.women_led.is_(True),
               Cooperative.slug.in_(("shabestar-women-handicrafts", "jolfa-handicraft-bazaar")))
        .order_by(Membership.id)
    ).all()
    for membership in memberships:
        women_led.confirm(session, cooperative=membership.cooperative, membership=membership)


def seed_impact(session: Session, *, now: datetime, signer: signing.Signer | None,
                platform_fee_bps: int = Config.PLATFORM_FEE_BPS, seed: int = 1405) -> None:
    """Sales across provinces (a third abroad), payouts, visits, confirmations and, when a
    `signer` is given, delivered orders with signed certificates. Flushes; the caller commits.
    """
    rng = Random(seed)
    domestic = session.scalar(select(User).where(User.email == DOMESTIC_BUYER))
    foreign = session.scalar(select(User).where(User.email == FOREIGN_BUYER))
    if domestic is None or foreign is None:
        return
    rates = fx.current_rates(session)
    listings = _sellable(session)
    start = now - timedelta(days=350)
    for number in range(SALES):
        listing = listings[number % len(listings)]
        at = start + timedelta(days=number * 340 // SALES, hours=rng.randrange(8, 20))
        abroad = number % ABROAD_EVERY == 0
        if listing.stock < 1:
            continue
        _sell(session, buyer=foreign if abroad else domestic, listing=listing, at=at,
              abroad=abroad, rng=rng, rates=rates, platform_fee_bps=platform_fee_bps)
    _pay_out(session, now=now)
    _visits(session, rng, listings, now=now)
    _confirm_women_led(session)
    if signer is not None:
        _deliver(session, signer=signer)
    session.flush()
