"""From a cart to one Checkout and one Order per seller; totals, shipping and order states.

Amounts are always computed here from the listings, never taken from a form. Every status
change goes through `transition`, which knows the legal moves (TRANSITIONS) and writes the
order's history.
"""
from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import groupby
from typing import TypeVar

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from marketplace.commerce import carts, charges, emails, fx, hold_limits, inventory
from marketplace.cooperatives import ledger
from marketplace.core import decisions, signing
from marketplace.core.errors import DomainError
from marketplace.core.money import Money, total
from marketplace.insights import counters, provenance, sales
from marketplace.models import (
    ArtisanProfile,
    Cart,
    CartLine,
    Checkout,
    CheckoutStatus,
    Listing,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Reservation,
    ReservationStatus,
    ShippingRate,
    ShippingZone,
    User,
)
from marketplace.models.base import utcnow

log = logging.getLogger(__name__)
T = TypeVar("T")

HOME_COUNTRY = "IR"
CARD_CURRENCIES = ("USD", "EUR")
# Card payments shipped here are charged in euros unless the shopper reads prices in dollars.
EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})

S = OrderStatus
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.SHIPPED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}
# Cash on delivery: the parcel leaves unpaid and the courier brings the money back, so such an
# order ships from pending_payment and is paid when it is delivered (`mark_order_paid`).
CASH_ON_DELIVERY_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    **TRANSITIONS,
    S.PENDING_PAYMENT: frozenset({S.SHIPPED, S.CANCELLED}),
}


def transitions_for(order: Order) -> dict[OrderStatus, frozenset[OrderStatus]]:
    if order.checkout.payment_method == PaymentMethod.CASH_ON_DELIVERY:
        return CASH_ON_DELIVERY_TRANSITIONS
    return TRANSITIONS


def awaits_cash(order: Order) -> bool:
    """A cash-on-delivery order whose money has not come back yet: unshipped or on its way."""
    return (order.checkout.payment_method == PaymentMethod.CASH_ON_DELIVERY
            and order.status in (S.PENDING_PAYMENT, S.SHIPPED)
            # one confirmed paid before shipping (as all were before they shipped unpaid) is paid
            and not any(event.to_status == S.PAID for event in order.events))


class InvalidTransition(DomainError):
    def __init__(self, order: Order, to: OrderStatus) -> None:
        super().__init__(f"order {order.id}: {order.status} -> {to} is not allowed")
        self.current = order.status
        self.to = to


class CheckoutError(DomainError):
    """The shopper can fix it: `code` picks the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Address:
    name: str
    address: str
    city: str
    postcode: str
    country: str
    phone: str = ""


@dataclass
class QuoteLine:
    listing: Listing
    quantity: int

    @property
    def unit_price(self) -> Money:
        return self.listing.price

    @property
    def total(self) -> Money:
        return self.listing.price * self.quantity


@dataclass
class SellerQuote:
    """One future order: a seller's lines in the seller's currency, and the rate to convert."""

    artisan: ArtisanProfile
    currency: str
    zone: ShippingZone
    lines: list[QuoteLine]
    shipping: Money
    rate: Decimal

    @property
    def subtotal(self) -> Money:
        return total([line.total for line in self.lines], self.currency)

    @property
    def total(self) -> Money:
        return self.subtotal + self.shipping

    @property
    def charge_total(self) -> Money:
        return fx.apply_rate(self.total, self.rate, self.charge_currency)

    def charged(self) -> list[Money]:
        """Each line's total, then shipping, in the charge currency, adding up to
        `charge_total` (`charges.spread`)."""
        return charges.spread(self.charge_total,
                              [line.total for line in self.lines] + [self.shipping])

    charge_currency: str = ""


@dataclass
class Quote:
    currency: str
    sellers: list[SellerQuote] = field(default_factory=list)

    @property
    def total(self) -> Money:
        """The sum of the sellers' totals, each converted and rounded on its own."""
        return total([seller.charge_total for seller in self.sellers], self.currency)


def zone_for(artisan: ArtisanProfile, country: str | None) -> ShippingZone:
    if country and country.upper() == artisan.country_code:
        return ShippingZone.DOMESTIC
    return ShippingZone.INTERNATIONAL


def shipping_for(session: Session, artisan: ArtisanProfile, zone: ShippingZone, subtotal: Money,
                 rates: dict[str, Decimal]) -> Money:
    """The seller's rate for the zone, free above its threshold; no rate set means free."""
    rate = session.scalar(
        select(ShippingRate).where(ShippingRate.artisan_id == artisan.id,
                                   ShippingRate.zone == zone)
    )
    if rate is None:
        return Money.zero(subtotal.currency)
    if rate.free_over_minor is not None:
        threshold = fx.convert(Money(rate.free_over_minor, rate.currency), subtotal.currency, rates)
        if threshold <= subtotal:
            return Money.zero(subtotal.currency)
    return fx.convert(Money(rate.amount_minor, rate.currency), subtotal.currency, rates)


def quote(session: Session, items: list[tuple[Listing, int]], *, currency: str,
          country: str | None, rates: dict[str, Decimal]) -> Quote:
    """Price `items` for a shopper paying in `currency` and shipping to `country`."""
    result = Quote(currency=currency)

    def seller_key(item: tuple[Listing, int]) -> tuple[int, str]:
        return item[0].artisan_id, item[0].currency

    for (_, seller_currency), group in groupby(sorted(items, key=seller_key), key=seller_key):
        lines = [QuoteLine(listing, quantity) for listing, quantity in group]
        artisan = lines[0].listing.artisan
        zone = zone_for(artisan, country)
        subtotal = total([line.total for line in lines], seller_currency)
        result.sellers.append(
            SellerQuote(
                artisan=artisan,
                currency=seller_currency,
                zone=zone,
                lines=lines,
                shipping=shipping_for(session, artisan, zone, subtotal, rates),
                rate=fx.rate_between(rates, seller_currency, currency),
                charge_currency=currency,
            )
        )
    return result


def cart_items(session: Session, cart: Cart) -> list[tuple[Listing, int]]:
    return [(session.get(Listing, line.listing_id), line.quantity) for line in cart.lines]


def payment_methods_for(country: str | None) -> list[PaymentMethod]:
    """What a shopper shipping to `country` can pay with; the currency they read prices in
    plays no part.

    Within Iran: bank transfer and cash on delivery, in rials (read as toman), and a card
    issued abroad, for someone abroad sending a piece home. Anywhere else: a card.
    """
    methods = []
    if (country or HOME_COUNTRY).upper() == HOME_COUNTRY:
        methods += [PaymentMethod.BANK_TRANSFER, PaymentMethod.CASH_ON_DELIVERY]
    methods.append(PaymentMethod.CARD)
    return methods


def charge_currencies(method: PaymentMethod, country: str | None) -> tuple[str, ...]:
    """The currencies `method` can be charged in for a parcel to `country` (none if the method
    is not offered there): cards in US dollars or euros (Stripe, for cards issued abroad),
    bank transfer and cash on delivery in rials."""
    if method not in payment_methods_for(country):
        return ()
    return CARD_CURRENCIES if method == PaymentMethod.CARD else (fx.BASE,)


def charge_currency_for(method: PaymentMethod, country: str | None,
                        preferred: str | None = None) -> str | None:
    """The currency to charge unless the shopper picks another of `charge_currencies`:
    `preferred` (what they read prices in, or chose) when the method takes it, else euros for
    a parcel to the EU, else the method's first."""
    currencies = charge_currencies(method, country)
    if not currencies:
        return None
    if preferred in currencies:
        return preferred
    if "EUR" in currencies and (country or "").upper() in EU_COUNTRIES:
        return "EUR"
    return currencies[0]


def last_address(session: Session, buyer_id: int) -> Address | None:
    """Where the buyer's newest checkout went: what the next checkout starts from."""
    last = session.scalar(select(Checkout).where(Checkout.buyer_id == buyer_id)
                          .order_by(Checkout.id.desc()).limit(1))
    if last is None:
        return None
    return Address(name=last.ship_name, address=last.ship_address, city=last.ship_city,
                   postcode=last.ship_postcode, country=last.ship_country, phone=last.ship_phone)


def cart_key(cart: Cart) -> str:
    return f"{cart.id}:{cart.revision}"


def find_by_cart_key(session: Session, key: str) -> Checkout | None:
    """The checkout a cart revision made (`cart_key` taken before the attempt: placing an order
    empties the cart, which moves its revision on)."""
    return session.scalar(select(Checkout).where(Checkout.cart_key == key))


@dataclass(frozen=True)
class CheckoutPolicy:
    """How long an unpaid order holds its stock, how much one buyer may hold, and the
    platform's share: the operator's settings, fixed on each order when it is placed."""

    card_hold: timedelta
    manual_hold: timedelta
    limits: hold_limits.HoldLimits
    platform_fee_bps: int

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> CheckoutPolicy:
        return cls(card_hold=timedelta(minutes=int(config["RESERVATION_MINUTES"])),
                   manual_hold=timedelta(hours=int(config["MANUAL_PAYMENT_HOURS"])),
                   limits=hold_limits.HoldLimits.from_config(config),
                   platform_fee_bps=int(config["PLATFORM_FEE_BPS"]))

    def hold_for(self, method: PaymentMethod) -> timedelta:
        """A card is paid on the spot; a bank transfer takes a working day or two (README)."""
        return self.manual_hold if method.is_manual else self.card_hold


def start_checkout(
    session: Session,
    *,
    buyer_id: int,
    cart: Cart,
    address: Address,
    method: PaymentMethod,
    currency: str,
    rates: dict[str, Decimal],
    policy: CheckoutPolicy,
    now: datetime | None = None,
) -> Checkout:
    """Validate the cart, reserve its stock and create the Checkout and its Orders.

    Flushes; the caller commits. Two submissions of the same cart revision collide on
    `Checkout.cart_key` (IntegrityError): the caller then shows the first one (S25). What the
    buyer may hold unpaid is capped by the policy's limits (HoldLimitReached, S37); the count
    and the reservations are made under the buyer's lock, so parallel checkouts cannot pass it
    together.
    """
    now = now or utcnow()
    if not cart.lines:
        raise CheckoutError("empty")
    if method not in payment_methods_for(address.country):
        raise CheckoutError("method")
    if currency not in charge_currencies(method, address.country):
        raise CheckoutError("currency")
    decisions.serialise(session, session.get(User, buyer_id))
    hold_limits.check(session, buyer_id=buyer_id, method=method, limits=policy.limits, now=now,
                      wanted=[(line.listing_id, line.quantity) for line in cart.lines])
    items = _buyable_items(session, cart, buyer_id)
    priced = quote(session, items, currency=currency, country=address.country, rates=rates)
    checkout = _new_checkout(session, cart, buyer_id, method, priced, address,
                             expires_at=now + policy.hold_for(method))
    lines = _place_orders(session, checkout, priced, policy.platform_fee_bps)
    _reserve_lines(session, lines, until=checkout.expires_at)
    carts.empty(session, cart)
    emails.order_placed(session, checkout)
    session.flush()
    return checkout


def _buyable_items(session: Session, cart: Cart, buyer_id: int) -> list[tuple[Listing, int]]:
    """The cart's listings and quantities, each still for sale and in stock (expired holds on
    it released first, S28); CartError otherwise."""
    items = cart_items(session, cart)
    for listing, quantity in items:
        carts.buyable_listing(session, listing.id, buyer_id=buyer_id)
        if quantity > listing.stock and release_expired_holds(session, listing_id=listing.id):
            session.refresh(listing, ["stock"])
        if quantity > listing.stock:
            raise carts.CartError("out_of_stock", listing.id, available=listing.stock)
    return items


def _new_checkout(session: Session, cart: Cart, buyer_id: int, method: PaymentMethod,
                  priced: Quote, address: Address, *, expires_at: datetime) -> Checkout:
    checkout = Checkout(
        public_id=secrets.token_urlsafe(16),
        cart_key=cart_key(cart),
        buyer_id=buyer_id,
        status=CheckoutStatus.PENDING_PAYMENT,
        payment_method=method,
        currency=priced.currency,
        total_minor=priced.total.amount_minor,
        expires_at=expires_at,
        ship_name=address.name,
        ship_address=address.address,
        ship_city=address.city,
        ship_postcode=address.postcode,
        ship_country=address.country.upper(),
        ship_phone=address.phone,
    )
    session.add(checkout)
    session.flush()  # the cart_key gate: a second submission of this cart stops here
    return checkout


def _place_orders(session: Session, checkout: Checkout, priced: Quote,
                  platform_fee_bps: int) -> list[OrderLine]:
    """One order per seller, its lines copying title, price and seller as they are now."""
    lines: list[OrderLine] = []
    for seller in priced.sellers:
        order = Order(
            checkout_id=checkout.id,
            buyer_id=checkout.buyer_id,
            artisan_id=seller.artisan.id,
            status=OrderStatus.PENDING_PAYMENT,
            currency=seller.currency,
            subtotal_minor=seller.subtotal.amount_minor,
            shipping_minor=seller.shipping.amount_minor,
            total_minor=seller.total.amount_minor,
            zone=seller.zone,
            charge_currency=checkout.currency,
            charge_total_minor=seller.charge_total.amount_minor,
            fx_rate_text=str(seller.rate),
            platform_fee_bps=platform_fee_bps,
        )
        for item in seller.lines:
            order.lines.append(_order_line(item))
        lines += order.lines
        order.events.append(OrderEvent(from_status=None, to_status=OrderStatus.PENDING_PAYMENT,
                                       actor_id=checkout.buyer_id, note="placed"))
        session.add(order)
    session.flush()
    session.refresh(checkout, ["orders"])
    return lines


def _order_line(item: QuoteLine) -> OrderLine:
    listing = item.listing
    return OrderLine(
        listing_id=listing.id,
        artisan_id=listing.artisan_id,
        cooperative_id=listing.cooperative_id,
        commission_bps=listing.cooperative.commission_bps if listing.cooperative else 0,
        title=listing.text("fa").title,
        title_en=next((t.title for t in listing.translations if t.lang == "en"), None),
        unit_price_minor=listing.price_minor,
        currency=listing.currency,
        quantity=item.quantity,
    )


def _reserve_lines(session: Session, lines: list[OrderLine], *, until: datetime) -> None:
    # Lock rows in primary-key order so that two checkouts never wait on each other in a cycle.
    for line in sorted(lines, key=lambda line: line.listing_id):
        _reserve(session, line.listing_id, line.quantity, until).order_line_id = line.id


def _reserve(session: Session, listing_id: int, quantity: int, until: datetime) -> Reservation:
    try:
        return inventory.reserve(session, listing_id, quantity, expires_at=until)
    except inventory.OutOfStock:
        # Expired holds must not block other shoppers (S28): free what can be freed, try once more.
        if not release_expired_holds(session, listing_id=listing_id):
            raise
        return inventory.reserve(session, listing_id, quantity, expires_at=until)


def transition(session: Session, order: Order, to: OrderStatus, *, actor_id: int | None = None,
               note: str = "") -> bool:
    """Move `order` to `to` if its table allows it (`transitions_for`). False if another
    process moved it first."""
    if to not in transitions_for(order)[order.status]:
        raise InvalidTransition(order, to)
    current = order.status
    result = session.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == current)
        .values(status=to, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.refresh(order, ["status"])
    if result.rowcount != 1:
        return False
    session.add(OrderEvent(order_id=order.id, from_status=current, to_status=to,
                           actor_id=actor_id, note=note[:300]))
    session.flush()
    return True


def _reservations(session: Session, order: Order) -> list[Reservation]:
    return list(
        session.scalars(
            select(Reservation)
            .join(OrderLine, Reservation.order_line_id == OrderLine.id)
            .where(OrderLine.order_id == order.id)
            .order_by(Reservation.listing_id)
        )
    )


def payable_orders(checkout: Checkout) -> list[Order]:
    """The orders still holding stock until they are paid: what a card pays, what a cancel or
    an expired hold ends."""
    return [order for order in checkout.orders if order.status == S.PENDING_PAYMENT]


def amount_due(checkout: Checkout) -> Money:
    """What the shopper owes now: the orders still awaiting payment (cash on delivery ones on
    their way included), in the checkout's currency.

    `Checkout.total` stays what was placed; once an order is cancelled (its hold expired, the
    shopper or a seller withdrew it) only the rest may be asked for (S36).
    """
    owed = [order for order in checkout.orders
            if order.status == S.PENDING_PAYMENT or awaits_cash(order)]
    return total([order.charge_total for order in owed], checkout.currency)


def _refresh_checkout_status(session: Session, checkout: Checkout) -> None:
    statuses = {order.status for order in checkout.orders}
    if statuses <= {S.CANCELLED}:
        new = CheckoutStatus.CANCELLED
    elif S.PENDING_PAYMENT in statuses or any(awaits_cash(order) for order in checkout.orders):
        new = CheckoutStatus.PENDING_PAYMENT
    else:
        new = CheckoutStatus.PAID
    if checkout.status != new:
        checkout.status = new
        session.flush()
        if new == CheckoutStatus.CANCELLED:
            _return_to_cart(session, checkout)


def _return_to_cart(session: Session, checkout: Checkout) -> None:
    """A checkout that ended unpaid gives its lines back to the shopper's cart (S43).

    The cart was emptied when the checkout began; whether the shopper cancelled or the hold
    expired, they should find what they chose still there.
    """
    items = [(line.listing_id, line.quantity) for order in checkout.orders for line in order.lines]
    carts.put_back(session, user_id=checkout.buyer_id, items=items)


def mark_order_paid(session: Session, order: Order, *, source: str,
                    actor_id: int | None = None, at: datetime | None = None) -> bool:
    """The order's money is confirmed, once: the only place an order becomes paid (S20).

    pending_payment -> paid; for cash on delivery, shipped -> delivered, as the courier hands
    the money over. Callers: a verified webhook, a reconciliation with the provider, or a
    seller's manual confirmation. Returns False if the order was not waiting for its money
    (already paid, cancelled, or a cash-on-delivery parcel not yet shipped).
    """
    if awaits_cash(order):
        expected, to = S.SHIPPED, S.DELIVERED
    else:
        expected, to = S.PENDING_PAYMENT, S.PAID
    if order.status != expected:
        return False
    if not transition(session, order, to, actor_id=actor_id, note=source):
        return False
    for reservation in _reservations(session, order):
        inventory.commit(session, reservation)
    _after_paid(session, order, at=at)
    _refresh_checkout_status(session, order.checkout)
    return True


def _after_paid(session: Session, order: Order, *, at: datetime | None = None) -> None:
    """Everything a sale sets off, run exactly once per order (`mark_order_paid` sees to it)."""
    sales.record_order(session, order, ledger.post_order_paid(session, order, posted_at=at))
    emails.order_paid(session, order)


def mark_paid(session: Session, checkout: Checkout, *, source: str) -> list[Order]:
    """Mark every pending order of a checkout paid (a card payment covers them all)."""
    return [
        order for order in checkout.orders if mark_order_paid(session, order, source=source)
    ]


def cancel_order(session: Session, order: Order, *, actor_id: int | None = None,
                 note: str = "") -> bool:
    """An unpaid order is cancelled and its held stock goes back on sale."""
    if order.status != S.PENDING_PAYMENT:
        return False
    if not transition(session, order, S.CANCELLED, actor_id=actor_id, note=note):
        return False
    for reservation in _reservations(session, order):
        inventory.release(session, reservation)
    _refresh_checkout_status(session, order.checkout)
    return True


def cancel_checkout(session: Session, checkout: Checkout, *, actor_id: int | None = None,
                    note: str = "") -> bool:
    changed = [cancel_order(session, order, actor_id=actor_id, note=note)
               for order in checkout.orders]
    return any(changed)


def refund_order(session: Session, order: Order, *, actor_id: int | None = None,
                 note: str = "", at: datetime | None = None) -> bool:
    """A paid, unshipped order is refunded and its stock returned. Money moves in `payments`."""
    if order.status != S.PAID:
        raise InvalidTransition(order, S.REFUNDED)
    if not transition(session, order, S.REFUNDED, actor_id=actor_id, note=note):
        return False
    for reservation in _reservations(session, order):
        inventory.restock(session, reservation)
    sales.record_order(session, order, ledger.post_order_refunded(session, order, posted_at=at))
    return True


def ship(session: Session, order: Order, *, carrier: str, tracking_number: str,
         actor_id: int | None = None) -> None:
    """paid -> shipped; a cash-on-delivery order ships unpaid, and its held stock is committed
    then: the piece has left the workshop, so no hold running out may put it back on sale."""
    unpaid = order.status == S.PENDING_PAYMENT
    if not transition(session, order, S.SHIPPED, actor_id=actor_id,
                      note=f"{carrier} {tracking_number}"):
        raise InvalidTransition(order, S.SHIPPED)
    if unpaid:
        for reservation in _reservations(session, order):
            inventory.commit(session, reservation)
    order.carrier = carrier
    order.tracking_number = tracking_number
    emails.order_shipped(session, order, cash_due=unpaid)
    session.flush()


def deliver(session: Session, order: Order, *, signer: signing.Signer | None,
            actor_id: int | None = None) -> None:
    """shipped -> delivered, with a signed certificate of origin for each line (S49); demo
    data made without the platform's key (`signer=None`) gets none. A cash-on-delivery parcel
    is delivered against its money, so that is confirming its payment (`mark_order_paid`)."""
    if awaits_cash(order):
        if not mark_order_paid(session, order, source="cash collected on delivery",
                               actor_id=actor_id):
            raise InvalidTransition(order, S.DELIVERED)
    elif not transition(session, order, S.DELIVERED, actor_id=actor_id):
        raise InvalidTransition(order, S.DELIVERED)
    if signer is not None:
        provenance.issue_for_order(session, order, signer=signer)


def release_expired_holds(session: Session, *, listing_id: int | None = None,
                          now: datetime | None = None) -> int:
    """Cancel the orders behind expired holds that no provider could still be charging.

    Card checkouts with a payment attempt are left to `payments.reconcile.expire`, which asks
    the provider first; everything else is cancelled here. Returns the orders cancelled.
    """
    now = now or utcnow()
    query = (
        select(Order)
        .join(Checkout)
        .join(OrderLine, OrderLine.order_id == Order.id)
        .join(Reservation, Reservation.order_line_id == OrderLine.id)
        .where(
            Reservation.status == ReservationStatus.HELD,
            Reservation.expires_at < now,
            Order.status == S.PENDING_PAYMENT,
            ~Checkout.payments.any(),
        )
        .order_by(Order.id)
        .distinct()
    )
    if listing_id is not None:
        query = query.where(Reservation.listing_id == listing_id)
    cancelled = 0
    for order in session.scalars(query).all():
        cancelled += cancel_order(session, order, note="reservation expired")
    return cancelled


def add_to_cart(session: Session, cart: Cart, listing_id: int, quantity: int, *,
                buyer_id: int | None, now: datetime | None = None) -> CartLine:
    """`carts.add`, counting stock held by expired holds as available (S28); counted as one
    "put in a cart" for the listing's analytics (a count, nothing about who)."""
    line = _freeing_expired_holds(
        session, listing_id, now,
        lambda: carts.add(session, cart, listing_id, quantity, buyer_id=buyer_id))
    counters.bump(session, "listing", listing_id, "cart")
    return line


def set_cart_quantity(session: Session, cart: Cart, listing_id: int, quantity: int, *,
                      buyer_id: int | None, now: datetime | None = None) -> None:
    """`carts.set_quantity`, counting stock held by expired holds as available (S28)."""
    _freeing_expired_holds(
        session, listing_id, now,
        lambda: carts.set_quantity(session, cart, listing_id, quantity, buyer_id=buyer_id))


def _freeing_expired_holds(session: Session, listing_id: int, now: datetime | None,
                           change: Callable[[], T]) -> T:
    """Run a cart change; if the stock falls short, free the listing's expired holds and retry.

    A shopper must not read "sold out" while the stock only waits for a job to release it.
    Card checkouts with a payment attempt are not freed here: only the provider can say whether
    they are being charged, and asking it is the job runner's work (`payments.reconcile.expire`).
    """
    try:
        return change()
    except carts.CartError as exc:
        if exc.code != "out_of_stock" or not release_expired_holds(
                session, listing_id=listing_id, now=now):
            raise
    session.expire(session.get(Listing, listing_id), ["stock"])
    return change()


def orders_managed_by(user: User):
    """The orders an artisan sells, and those holding a listing of a cooperative the user runs,
    newest first; None for someone who manages none (the same rule as
    `permissions.can_manage_order`)."""
    conditions = []
    if user.artisan_profile is not None:
        conditions.append(Order.artisan_id == user.artisan_profile.id)
    coop_ids = [coop.id for coop in user.administered_cooperatives]
    if coop_ids:
        conditions.append(
            Order.id.in_(select(OrderLine.order_id).where(OrderLine.cooperative_id.in_(coop_ids)))
        )
    if not conditions:
        return None
    return select(Order).where(or_(*conditions)).order_by(Order.id.desc())
