"""Booth visits are counted on the server, also when the anonymous page cache answers the page
itself: one count per page served, whoever served it, and nothing about the visitor stored."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from config import TestingConfig
from marketplace import create_app
from marketplace.cooperatives import fairs
from marketplace.extensions import cache, db, limiter
from marketplace.models import BoothVisits, FairLevel
from marketplace.models.base import utcnow
from tests.conftest import RequestPerContextClient


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    class Config(TestingConfig):
        INSTANCE_DIR = str(tmp_path / "instance")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        CACHE_TYPE = "SimpleCache"
        PAGE_CACHE_SECONDS = 30
        PAGE_CACHE_RECHECK_SECONDS = 0

    app = create_app(Config)
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        limiter.reset()
        cache.clear()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def booth(catalog):
    fair = fairs.create_fair(db.session, organiser=None, data=fairs.FairInput(
        name_fa="هفته روستاهای صنایع‌دستی", name_en="Craft-village week",
        level=FairLevel.NATIONAL, province=catalog.batrang.county.province,
        timezone="Asia/Ho_Chi_Minh", opens_at=utcnow() - timedelta(days=1),
        closes_at=utcnow() + timedelta(days=6), permanent=False, booth_count=133))
    made = fairs.apply(db.session, fair=fair, artisan=catalog.potter)
    fairs.decide(db.session, booth=made, accept=True)
    db.session.commit()
    return made


def counted(booth) -> int:
    db.session.expire_all()
    return sum(row.visits for row in db.session.scalars(
        select(BoothVisits).where(BoothVisits.booth_id == booth.id)))


def test_visits_served_from_the_page_cache_are_counted_too(app, booth):
    path = f"/fairs/{booth.fair.slug}/booths/{booth.id}"
    answers = [app.test_client().get(path) for _ in range(4)]  # four first-time visitors
    assert [a.headers["X-Page-Cache"] for a in answers] == ["miss", "hit", "hit", "hit"]
    assert counted(booth) == 4
    assert "Set-Cookie" not in answers[-1].headers


def test_the_fair_page_is_shared_and_counts_no_booth_visit(app, booth):
    path = f"/fairs/{booth.fair.slug}"
    answers = [app.test_client().get(path) for _ in range(2)]
    assert [a.headers["X-Page-Cache"] for a in answers] == ["miss", "hit"]
    assert counted(booth) == 0


def test_a_failing_counter_never_costs_the_visitor_the_page(app, booth, monkeypatch, caplog):
    path = f"/fairs/{booth.fair.slug}/booths/{booth.id}"
    assert app.test_client().get(path).headers["X-Page-Cache"] == "miss"

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(fairs, "record_visit", broken)
    served = app.test_client().get(path)
    assert served.status_code == 200 and served.headers["X-Page-Cache"] == "hit"
    assert "counting a visit to fairs.booth failed" in caplog.text
