"""One account cannot tie up the catalogue in unpaid checkouts (S37), not even ten at once."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config import TestingConfig
from marketplace import create_app
from marketplace.commerce import carts, fx, ordering
from marketplace.commerce.hold_limits import HoldLimitReached, HoldLimits
from marketplace.extensions import db
from marketplace.models import (
    Cart,
    Checkout,
    Listing,
    PaymentMethod,
    Reservation,
    ReservationStatus,
)
from marketplace.models.base import utcnow
from tests import factories

TEHRAN = ordering.Address("Leila", "Kargar St", "Tehran", "", "IR")
BERLIN = ordering.Address("Leila", "Kargar St", "Berlin", "10115", "DE")
SMALL = HoldLimits(per_listing=3, units=4, manual_checkouts=2)


def _cart(buyer_id: int, *items) -> Cart:
    """A cart of its own for each checkout (a guest cart), so one buyer can place many."""
    cart = carts.find_or_create(db.session, user_id=None, token=None)
    for listing, quantity in items:
        carts.add(db.session, cart, listing.id, quantity, buyer_id=buyer_id)
    return cart


def _checkout(buyer, *items, method=PaymentMethod.BANK_TRANSFER, limits=SMALL, now=None,
              hold=timedelta(hours=48)) -> Checkout:
    """Place an order as the checkout view does: committed, or rolled back if refused."""
    card = method == PaymentMethod.CARD
    try:
        checkout = ordering.start_checkout(
            db.session, buyer_id=buyer.id, cart=_cart(buyer.id, *items),
            address=BERLIN if card else TEHRAN, method=method, currency="USD" if card else "IRR",
            rates=fx.current_rates(db.session),
            policy=factories.checkout_policy(hold=hold, limits=limits), now=now)
    except HoldLimitReached:
        db.session.rollback()
        raise
    db.session.commit()
    return checkout


def _held(listing_id: int) -> int:
    return db.session.scalar(
        select(func.coalesce(func.sum(Reservation.quantity), 0))
        .where(Reservation.listing_id == listing_id, Reservation.status == ReservationStatus.HELD)
    )


@pytest.fixture
def rug(shop):
    """A second listing of the weaver's, priced in rials, with plenty in stock."""
    catalog = shop.catalog
    catalog.kilim.stock = 50
    item = factories.listing(db.session, catalog.weaver, catalog.kilims, title_fa="قالیچه",
                             title_en="Rug", price_minor=30_000_000, stock=50)
    db.session.commit()
    return item


def test_caps_on_units_per_listing_units_and_manual_checkouts_hold_nothing_when_hit(shop, rug):
    """S37: past any cap the checkout is refused and nothing is held or written."""
    buyer, kilim = shop.shopper, shop.catalog.kilim
    _checkout(buyer, (kilim, 2))
    with pytest.raises(HoldLimitReached) as caught:
        _checkout(buyer, (kilim, 2))  # 2 + 2 of one listing > 3
    assert (caught.value.code, caught.value.limit, caught.value.listing_id) == (
        "per_listing", 3, kilim.id)
    with pytest.raises(HoldLimitReached) as caught:
        _checkout(buyer, (kilim, 1), (rug, 2))  # 2 + 3 units in all > 4
    assert caught.value.code == "units"
    db.session.rollback()
    _checkout(buyer, (rug, 1))
    with pytest.raises(HoldLimitReached) as caught:
        _checkout(buyer, (rug, 1))  # a third unpaid bank transfer
    assert (caught.value.code, caught.value.limit) == ("manual_checkouts", 2)
    assert db.session.scalar(select(func.count()).select_from(Checkout)) == 2
    assert (_held(kilim.id), _held(rug.id)) == (2, 1)
    assert (db.session.get(Listing, kilim.id).stock, db.session.get(Listing, rug.id).stock) == (
        48, 49)


def test_paid_cancelled_and_expired_holds_free_the_quota(shop, rug):
    """S37: only holds still waiting for payment count; another shopper has her own quota."""
    buyer, kilim = shop.shopper, shop.catalog.kilim
    first = _checkout(buyer, (kilim, 3))
    ordering.mark_paid(db.session, first, source="test")
    db.session.commit()
    second = _checkout(buyer, (kilim, 3))
    ordering.cancel_checkout(db.session, second)
    db.session.commit()
    _checkout(buyer, (kilim, 3), now=utcnow() - timedelta(days=3))  # its hold has run out
    _checkout(buyer, (kilim, 3), method=PaymentMethod.CARD)
    with pytest.raises(HoldLimitReached):
        _checkout(buyer, (kilim, 1), method=PaymentMethod.CARD)  # card holds count too
    _checkout(shop.other_shopper, (kilim, 3))


def _file_app(tmp_path):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'hoard.sqlite3'}"
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"timeout": 60}}
        INSTANCE_DIR = str(tmp_path / "instance")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        SEARCH_DRAIN_AFTER_COMMIT = False

    return create_app(Config)


def test_ten_checkouts_at_once_by_one_account_stop_at_the_cap_on_a_sqlite_file(tmp_path):
    """S37: ten simultaneous checkouts of one kilim each by one account, cap 3: exactly three
    hold stock, seven are refused, and the stock says the same (real threads, one file)."""
    app = _file_app(tmp_path)
    limits = HoldLimits(per_listing=3, units=10, manual_checkouts=10)
    with app.app_context():
        db.create_all()
        catalog = factories.small_catalog(db.session, str(tmp_path / "uploads"))
        catalog.kilim.stock = 50
        buyer = factories.user(db.session, "hoarder@example.com")
        kilim_id, buyer_id = catalog.kilim.id, buyer.id
        cart_ids = [_cart(buyer_id, (catalog.kilim, 1)).id for _ in range(10)]
        db.session.commit()

    barrier = threading.Barrier(len(cart_ids))
    outcomes: list[str] = []

    def check_out(cart_id: int) -> None:
        with app.app_context():
            cart = db.session.get(Cart, cart_id)
            barrier.wait()
            try:
                ordering.start_checkout(
                    db.session, buyer_id=buyer_id, cart=cart, address=TEHRAN,
                    method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={},
                    policy=factories.checkout_policy(hold=timedelta(hours=48), limits=limits))
                db.session.commit()
                outcomes.append("held")
            except HoldLimitReached:
                db.session.rollback()
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
                db.session.rollback()
                outcomes.append(repr(exc))

    threads = [threading.Thread(target=check_out, args=(cart_id,)) for cart_id in cart_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["held"] * 3 + ["refused"] * 7, outcomes
    with app.app_context():
        assert _held(kilim_id) == 3
        assert db.session.get(Listing, kilim_id).stock == 47
