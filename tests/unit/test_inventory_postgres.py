"""S27 on PostgreSQL: 50 processes, each with its own connection, race for the last 5 items."""
from __future__ import annotations

import multiprocessing
import os
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from marketplace.commerce import inventory
from marketplace.extensions import db
from marketplace.models import Listing, Reservation
from marketplace.models.base import utcnow

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"),
                       reason="needs TEST_DATABASE_URL pointing at PostgreSQL"),
]


def _buy(url: str, listing_id: int, barrier, results) -> None:
    engine = create_engine(url, poolclass=NullPool)
    with Session(engine) as session:
        barrier.wait()
        try:
            inventory.reserve(session, listing_id, 1, expires_at=utcnow() + timedelta(minutes=30))
            session.commit()
            results.put(True)
        except inventory.OutOfStock:
            session.rollback()
            results.put(False)
    engine.dispose()


def test_fifty_processes_race_for_the_last_five(app, catalog):
    """S27: exactly 5 of 50 processes get an item; stock ends at 0, never negative."""
    listing_id = catalog.kilim.id
    db.session.commit()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(50)
    results = context.Queue()
    processes = [context.Process(target=_buy, args=(DATABASE_URL, listing_id, barrier, results))
                 for _ in range(50)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert outcomes.count(True) == 5
    db.session.expire_all()
    assert db.session.get(Listing, listing_id).stock == 0
    assert db.session.scalar(select(func.count()).select_from(Reservation)) == 5
