"""S37 on PostgreSQL: ten processes, each with its own connection, check out for one account."""
from __future__ import annotations

import multiprocessing
import os
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config import TestingConfig
from marketplace import create_app
from marketplace.commerce import carts, ordering
from marketplace.commerce.hold_limits import HoldLimitReached, HoldLimits
from marketplace.extensions import db
from marketplace.models import Cart, Listing, PaymentMethod, Reservation, ReservationStatus
from tests import factories

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]
LIMITS = HoldLimits(per_listing=3, units=10, manual_checkouts=10)


def _check_out(instance_dir: str, buyer_id: int, cart_id: int, barrier, results) -> None:
    class Config(TestingConfig):
        INSTANCE_DIR = instance_dir
        SEARCH_INDEX_DIR = os.path.join(instance_dir, "index")
        SEARCH_DRAIN_AFTER_COMMIT = False

    app = create_app(Config)
    with app.app_context():
        cart = db.session.get(Cart, cart_id)
        barrier.wait()
        try:
            ordering.start_checkout(
                db.session, buyer_id=buyer_id, cart=cart,
                address=ordering.Address("Leila", "Kargar St", "Tehran", "", "IR"),
                method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={},
                policy=factories.checkout_policy(hold=timedelta(hours=48), limits=LIMITS))
            db.session.commit()
            results.put("held")
        except HoldLimitReached:
            db.session.rollback()
            results.put("refused")
        except Exception as exc:  # noqa: BLE001 (reported by the test's assertion)
            db.session.rollback()
            results.put(repr(exc))
        db.session.remove()
        db.engine.dispose()


def test_ten_processes_checking_out_for_one_account_stop_at_the_cap(app, catalog, tmp_path):
    """S37: ten simultaneous checkouts of one kilim each by one account, cap 3: exactly three
    hold stock, seven are refused (the buyer's row is locked FOR UPDATE)."""
    catalog.kilim.stock = 50
    buyer = factories.user(db.session, "hoarder@example.com")
    cart_ids = []
    for _ in range(10):
        cart = carts.find_or_create(db.session, user_id=None, token=None)
        carts.add(db.session, cart, catalog.kilim.id, 1, buyer_id=buyer.id)
        cart_ids.append(cart.id)
    db.session.commit()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(cart_ids))
    results = context.Queue()
    processes = [
        context.Process(target=_check_out,
                        args=(str(tmp_path / "instance"), buyer.id, cart_id, barrier, results))
        for cart_id in cart_ids
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert sorted(outcomes) == ["held"] * 3 + ["refused"] * 7, outcomes
    db.session.expire_all()
    assert db.session.get(Listing, catalog.kilim.id).stock == 47
    assert db.session.scalar(
        select(func.sum(Reservation.quantity)).where(Reservation.status == ReservationStatus.HELD)
    ) == 3
