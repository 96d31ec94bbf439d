"""Demo shareholders, past sales and a dividend, so the studio, the cooperative admin pages and
the shareholder portal have something to show after `make run`.

Sales go through the shop's own services (cart, checkout, manual payment confirmation) and
are posted to the ledger as the payment hook does; only their dates are set in the past.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random

from sqlalchemy import select
from sqlalchemy.orm import Session

from config import Config
from marketplace.accounts import identity
from marketplace.commerce import carts, hold_limits, ordering, referrals
from marketplace.cooperatives import dividends, ledger, shares
from marketplace.core.money import Money
from marketplace.models import (
    Cooperative,
    Listing,
    ListingStatus,
    PaymentMethod,
    Role,
    Shareholder,
    User,
)

DEMO_PASSWORD = "bazaar-demo-2026"  # noqa: S105 - the same public demo password as seed.py
QOM = "qom-handicraft-export"
JOLFA = "jolfa-handicraft-bazaar"
ARTISAN_LOGIN = "artisan@bazaar.test"


@dataclass(frozen=True)
class HolderSpec:
    email: str
    name: str
    residence: str  # ISO 3166 country of residence
    foreign_national: bool
    shares: int


# Qom's export cooperative: some shareholders are foreign residents of Qom who, back home, act
# as the cooperative's ambassadors (shared/context 002).
HOLDERS: dict[str, tuple[HolderSpec, ...]] = {
    QOM: (
        HolderSpec("shareholder@bazaar.test", "Hassan Al-Moussawi", "IQ", True, 120),
        HolderSpec("qom.holder1@holders.bazaar.test", "محمدرضا قمی", "IR", False, 300),
        HolderSpec("qom.holder2@holders.bazaar.test", "فاطمه صادقی", "IR", False, 180),
        HolderSpec("qom.holder3@holders.bazaar.test", "Ali Reza Haidari", "IR", True, 90),
        HolderSpec("qom.holder4@holders.bazaar.test", "Zainab Hussaini", "PK", True, 60),
        HolderSpec("qom.holder5@holders.bazaar.test", "Amina Ndiaye", "SN", True, 50),
    ),
    JOLFA: (
        HolderSpec("shareholder@bazaar.test", "Hassan Al-Moussawi", "IQ", True, 20),
        HolderSpec("jolfa.holder1@holders.bazaar.test", "علی نوروزی", "IR", False, 150),
        HolderSpec("jolfa.holder2@holders.bazaar.test", "Anahit Petrosyan", "AM", True, 40),
    ),
}
SALES_PER_COOPERATIVE = 18
REFERRED_EVERY = 4  # one sale in four arrives through an ambassador's link
DIVIDEND_SHARE = 60  # percent of Qom's retained earnings declared


@dataclass(frozen=True)
class DemoMoneyLogin:
    role: str
    email: str
    password: str
    note: str


def _user(session: Session, spec: HolderSpec, fast_hash: bool) -> User:
    found = session.scalar(select(User).where(User.email == spec.email))
    if found is not None:
        return found
    locale = "fa" if not spec.foreign_national and spec.residence == "IR" else "en"
    return identity.register(session, email=spec.email, password=DEMO_PASSWORD,
                             display_name=spec.name, role=Role.SHOPPER, locale=locale,
                             fast_hash=fast_hash)


def _buyer(session: Session, fast_hash: bool) -> User:
    found = session.scalar(select(User).where(User.email == "shopper@bazaar.test"))
    return found or identity.register(
        session, email="buyer.demo@holders.bazaar.test", password=DEMO_PASSWORD,
        display_name="خریدار نمونه", fast_hash=fast_hash)


def _sell(session: Session, *, buyer: User, listing: Listing, at: datetime,
          ambassador: Shareholder | None, platform_fee_bps: int) -> None:
    """One paid order, placed and confirmed the way a domestic bank-transfer order is."""
    cart = carts.find_or_create(session, user_id=buyer.id, token=None)
    carts.empty(session, cart)
    carts.add(session, cart, listing.id, 1, buyer_id=buyer.id)
    checkout = ordering.start_checkout(
        session, buyer_id=buyer.id, cart=cart,
        address=ordering.Address(name=buyer.display_name, address="خیابان امام، پلاک ۱۲",
                                 city="تهران", postcode="1111111111", country="IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={},
        now=at, policy=ordering.CheckoutPolicy(
            card_hold=timedelta(hours=72), manual_hold=timedelta(hours=72),
            platform_fee_bps=platform_fee_bps,
            limits=hold_limits.HoldLimits(per_listing=Config.HOLD_MAX_UNITS_PER_LISTING,
                                          units=Config.HOLD_MAX_UNITS,
                                          manual_checkouts=Config.HOLD_MAX_MANUAL_CHECKOUTS)))
    if ambassador is not None:
        referrals.attribute_checkout(session, checkout=checkout, code=ambassador.referral_code)
    for order in checkout.orders:
        ordering.mark_order_paid(session, order, source="demo: bank transfer confirmed", at=at)


def seed_shareholders_and_dividend(
    session: Session, *, now: datetime, platform_fee_bps: int = Config.PLATFORM_FEE_BPS,
    fast_hash: bool = False, seed: int = 1405,
) -> list[DemoMoneyLogin]:
    """Shareholders (foreign residents among them) in the Qom and Jolfa cooperatives, a year of
    paid sales through their members' listings, and one declared, partly paid Qom dividend.

    Needs `seed_demo` to have run in the same session; flushes, the caller commits.
    """
    rng = Random(seed)
    coops = {c.slug: c for c in session.scalars(
        select(Cooperative).where(Cooperative.slug.in_(list(HOLDERS))))}
    buyer = _buyer(session, fast_hash)
    start = now - timedelta(days=330)
    for slug, specs in HOLDERS.items():
        coop = coops.get(slug)
        if coop is None:
            continue
        holders = []
        for index, spec in enumerate(specs):
            holder = shares.register_shareholder(
                session, cooperative=coop, user=_user(session, spec, fast_hash),
                country_code=spec.residence, foreign_national=spec.foreign_national)
            holder.registered_at = start + timedelta(days=index)
            shares.issue(session, cooperative=coop, shareholder=holder, quantity=spec.shares,
                         at=start + timedelta(days=index))
            holders.append(holder)
        shares.transfer(session, cooperative=coop, giver=holders[1], receiver=holders[-1],
                        quantity=10, at=start + timedelta(days=40))
        ambassadors = [h for h in holders if h.referral_code]
        listings = list(session.scalars(
            select(Listing).where(Listing.cooperative_id == coop.id,
                                  Listing.status == ListingStatus.ACTIVE, Listing.stock >= 3)
            .order_by(Listing.id)))
        # The demo artisan login sells in Jolfa: some sales are hers, so her studio is alive.
        hers = [item for item in session.scalars(
            select(Listing).join(Listing.artisan).join(User)
            .where(User.email == ARTISAN_LOGIN, Listing.cooperative_id == coop.id,
                   Listing.status == ListingStatus.ACTIVE, Listing.stock >= 2)
            .order_by(Listing.id))]
        for number in range(SALES_PER_COOPERATIVE if listings else 0):
            at = start + timedelta(days=30 + number * 290 // SALES_PER_COOPERATIVE,
                                   hours=rng.randrange(8, 20))
            ambassador = (ambassadors[number // REFERRED_EVERY % len(ambassadors)]
                          if ambassadors and number % REFERRED_EVERY == 1 else None)
            listing = hers.pop(0) if hers and number % 2 == 0 else rng.choice(listings)
            _sell(session, buyer=buyer, listing=listing, at=at,
                  ambassador=ambassador, platform_fee_bps=platform_fee_bps)
    qom = coops.get(QOM)
    if qom is not None:
        retained = ledger.retained_earnings(session, qom.id, "IRR")
        amount = retained.amount_minor * DIVIDEND_SHARE // 100 // 10_000 * 10_000
        if amount > 0:
            dividend = dividends.declare(session, cooperative=qom, amount=Money(amount, "IRR"),
                                         record_date=now - timedelta(days=2))
            for allocation in dividend.allocations[::2]:
                dividends.mark_paid(session, allocation=allocation)
    session.flush()
    return [DemoMoneyLogin(Role.SHOPPER.value, "shareholder@bazaar.test", DEMO_PASSWORD,
                           "foreign shareholder of Qom and Jolfa cooperatives (/me/holdings)")]
