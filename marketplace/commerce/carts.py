"""The shopper's cart: lines of listing and quantity, checked against the catalogue on every change.

A guest's cart is found by a random token (kept in a cookie); a logged-in shopper's by user id.
At login the guest cart is merged into the account's. Prices are never stored here: they are
read from the listings when the cart is shown or checked out.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.core.errors import DomainError
from marketplace.core.formatting import ascii_digits
from marketplace.models import ArtisanProfile, Cart, CartLine, Listing, ListingStatus

MAX_QUANTITY = 99
_QUANTITY = re.compile(r"\A[0-9]{1,6}\Z")


class CartError(DomainError):
    """Something the shopper can fix; `code` picks the message the view shows."""

    def __init__(self, code: str, listing_id: int | None = None, available: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.listing_id = listing_id
        self.available = available


def parse_quantity(raw: object) -> int:
    """A whole number 1..MAX_QUANTITY from form text; anything else is CartError("quantity")."""
    text = ascii_digits(str(raw)).strip() if raw is not None else ""
    if not _QUANTITY.match(text):
        raise CartError("quantity")
    quantity = int(text)
    if not 1 <= quantity <= MAX_QUANTITY:
        raise CartError("quantity")
    return quantity


def find(session: Session, *, user_id: int | None, token: str | None) -> Cart | None:
    if user_id is not None:
        return session.scalar(select(Cart).where(Cart.user_id == user_id))
    if token:
        return session.scalar(select(Cart).where(Cart.token == token, Cart.user_id.is_(None)))
    return None


def find_or_create(session: Session, *, user_id: int | None, token: str | None) -> Cart:
    cart = find(session, user_id=user_id, token=token)
    if cart is None:
        cart = Cart(token=secrets.token_urlsafe(32), user_id=user_id, revision=0)
        session.add(cart)
        session.flush()
    return cart


def buyable_listing(session: Session, listing_id: int, *, buyer_id: int | None) -> Listing:
    """The listing if this buyer may buy it: for sale, not her own, and, if it was made for one
    shopper (a conversation's offer), made for her; a guest never buys a reserved piece."""
    listing = session.get(Listing, listing_id)
    if listing is None:
        raise CartError("unknown", listing_id)
    if listing.reserved_for_id is not None and listing.reserved_for_id != buyer_id:
        raise CartError("unknown", listing_id)  # as if it did not exist, like its page
    if listing.status != ListingStatus.ACTIVE:
        raise CartError("unavailable", listing_id)
    if buyer_id is not None and session.scalar(
        select(ArtisanProfile.user_id).where(ArtisanProfile.id == listing.artisan_id)
    ) == buyer_id:
        raise CartError("own_listing", listing_id)
    return listing


def _check_stock(listing: Listing, quantity: int) -> None:
    if quantity > listing.stock:
        raise CartError("out_of_stock", listing.id, available=listing.stock)
    if quantity > MAX_QUANTITY:
        raise CartError("quantity", listing.id)


def _line(cart: Cart, listing_id: int) -> CartLine | None:
    return next((line for line in cart.lines if line.listing_id == listing_id), None)


def add(session: Session, cart: Cart, listing_id: int, quantity: int, *,
        buyer_id: int | None) -> CartLine:
    listing = buyable_listing(session, listing_id, buyer_id=buyer_id)
    line = _line(cart, listing_id)
    wanted = quantity + (line.quantity if line else 0)
    _check_stock(listing, wanted)
    if line is None:
        line = CartLine(listing_id=listing_id, quantity=wanted)
        cart.lines.append(line)
    else:
        line.quantity = wanted
    cart.revision += 1
    session.flush()
    return line


def set_quantity(session: Session, cart: Cart, listing_id: int, quantity: int, *,
                 buyer_id: int | None) -> None:
    line = _line(cart, listing_id)
    if line is None:
        raise CartError("unknown", listing_id)
    listing = buyable_listing(session, listing_id, buyer_id=buyer_id)
    _check_stock(listing, quantity)
    line.quantity = quantity
    cart.revision += 1
    session.flush()


def remove(session: Session, cart: Cart, listing_id: int) -> None:
    line = _line(cart, listing_id)
    if line is not None:
        cart.lines.remove(line)
        cart.revision += 1
        session.flush()


def empty(session: Session, cart: Cart) -> None:
    cart.lines.clear()
    cart.revision += 1
    session.flush()


def count(cart: Cart | None) -> int:
    return sum(line.quantity for line in cart.lines) if cart else 0


@dataclass(frozen=True)
class MergedLine:
    """One guest-cart line moved into the account's cart at login."""

    listing_id: int
    had: int  # already in the account's cart
    added: int  # from the guest cart
    now: int  # in the cart afterwards: capped by stock, 0 if no longer for sale


@dataclass(frozen=True)
class Merge:
    """What a login did to the account's cart, so the shopper can be told."""

    lines: list[MergedLine]
    others: int  # lines the account's cart held that the guest cart did not touch

    @property
    def changed_what_the_shopper_saw(self) -> bool:
        """True unless the guest cart simply became the account's: something was added to,
        capped or dropped, or the account's cart held more."""
        return bool(self.others) or any(
            line.had or line.now != line.added for line in self.lines)


def merge_guest_cart(session: Session, *, token: str | None, user_id: int) -> Merge:
    """Move a guest cart's lines into the account's cart at login, capped by stock."""
    guest = find(session, user_id=None, token=token)
    if guest is None:
        return Merge([], 0)
    if not guest.lines:
        session.delete(guest)
        session.flush()
        return Merge([], 0)
    cart = find_or_create(session, user_id=user_id, token=None)
    before = {line.listing_id: line.quantity for line in cart.lines}
    merged = [
        MergedLine(guest_line.listing_id, before.get(guest_line.listing_id, 0),
                   guest_line.quantity,
                   _merge_line(session, cart, guest_line.listing_id, guest_line.quantity,
                               user_id=user_id))
        for guest_line in guest.lines
    ]
    cart.revision += 1
    session.delete(guest)
    session.flush()
    touched = {line.listing_id for line in merged}
    return Merge(merged, sum(1 for listing_id in before if listing_id not in touched))


def put_back(session: Session, *, user_id: int, items: list[tuple[int, int]]) -> Cart:
    """Add (listing id, quantity) pairs to a shopper's cart, as far as they can still be bought."""
    cart = find_or_create(session, user_id=user_id, token=None)
    for listing_id, quantity in items:
        _merge_line(session, cart, listing_id, quantity, user_id=user_id)
    cart.revision += 1
    session.flush()
    return cart


def _merge_line(session: Session, cart: Cart, listing_id: int, quantity: int, *,
                user_id: int) -> int:
    """Add to the line, capped by stock and MAX_QUANTITY; skip a listing no longer for sale.
    Returns the line's quantity afterwards (0 for none)."""
    line = _line(cart, listing_id)
    try:
        buyable_listing(session, listing_id, buyer_id=user_id)
    except CartError:
        return line.quantity if line else 0
    # Read afresh: stock changes by conditional UPDATEs that bypass the loaded object.
    stock = session.scalar(select(Listing.stock).where(Listing.id == listing_id))
    wanted = min(quantity + (line.quantity if line else 0), stock, MAX_QUANTITY)
    if wanted <= 0:
        return line.quantity if line else 0
    if line is None:
        cart.lines.append(CartLine(listing_id=listing_id, quantity=wanted))
    else:
        line.quantity = wanted
    return wanted
