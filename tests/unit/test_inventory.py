"""Stock is only lowered by `inventory.reserve`, atomically; it never goes below zero."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from config import TestingConfig
from marketplace import create_app
from marketplace.commerce import inventory
from marketplace.extensions import db
from marketplace.models import Listing, Reservation, ReservationStatus
from marketplace.models.base import utcnow
from tests import factories


def _later():
    return utcnow() + timedelta(minutes=30)


def test_reserve_release_commit_restock(app, catalog):
    kilim = catalog.kilim
    first = inventory.reserve(db.session, kilim.id, 2, expires_at=_later())
    assert db.session.scalar(select(Listing.stock).where(Listing.id == kilim.id)) == 3
    assert inventory.release(db.session, first) is True
    assert inventory.release(db.session, first) is False  # a second release gives nothing back
    second = inventory.reserve(db.session, kilim.id, 5, expires_at=_later())
    assert inventory.commit(db.session, second) is True
    assert inventory.release(db.session, second) is False  # sold stock is not "released"
    assert inventory.restock(db.session, second) is True
    assert inventory.restock(db.session, second) is False
    assert db.session.scalar(select(Listing.stock).where(Listing.id == kilim.id)) == 5


def test_reserving_more_than_stock_or_a_draft_fails_and_changes_nothing(app, catalog):
    with pytest.raises(inventory.OutOfStock) as caught:
        inventory.reserve(db.session, catalog.kilim.id, 6, expires_at=_later())
    assert caught.value.available == 5
    with pytest.raises(inventory.OutOfStock):
        inventory.reserve(db.session, catalog.draft.id, 1, expires_at=_later())
    with pytest.raises(ValueError):
        inventory.reserve(db.session, catalog.kilim.id, 0, expires_at=_later())
    assert db.session.scalar(select(func.count()).select_from(Reservation)) == 0
    assert db.session.get(Listing, catalog.kilim.id).stock == 5


def test_an_artisans_count_applies_only_to_the_stock_she_saw(app, catalog):
    """S27: a count typed against a stock that has changed since is refused, not applied."""
    kilim = catalog.kilim
    inventory.reserve(db.session, kilim.id, 1, expires_at=_later())
    with pytest.raises(inventory.StockChanged) as caught:
        inventory.set_stock(db.session, kilim, to=7, seen=5)
    assert (caught.value.seen, caught.value.current) == (5, 4)
    inventory.set_stock(db.session, kilim, to=7, seen=4)
    assert db.session.scalar(select(Listing.stock).where(Listing.id == kilim.id)) == 7


def _race(engine, listing_id: int, buyers: int) -> list[bool]:
    barrier = threading.Barrier(buyers)
    results: list[bool] = []

    def buy() -> None:
        with Session(engine) as session:
            barrier.wait()
            try:
                inventory.reserve(session, listing_id, 1, expires_at=_later())
                session.commit()
                results.append(True)
            except inventory.OutOfStock:
                session.rollback()
                results.append(False)

    threads = [threading.Thread(target=buy) for _ in range(buyers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_fifty_threads_race_for_the_last_five_on_a_sqlite_file(tmp_path):
    """S27: 50 concurrent buyers of the last 5 items: exactly 5 succeed, stock ends at 0."""
    url = f"sqlite:///{tmp_path / 'race.sqlite3'}"

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        INSTANCE_DIR = str(tmp_path / "instance")

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        catalog = factories.small_catalog(db.session, str(tmp_path / "uploads"))
        listing_id = catalog.kilim.id
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 60})
    results = _race(engine, listing_id, 50)
    assert results.count(True) == 5
    with Session(engine) as session:
        assert session.scalar(select(Listing.stock).where(Listing.id == listing_id)) == 0
        held = session.scalar(select(func.count()).select_from(Reservation)
                              .where(Reservation.status == ReservationStatus.HELD))
        assert held == 5
