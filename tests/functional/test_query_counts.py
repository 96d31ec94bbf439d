"""SQL statements per page on the demo catalogue: no N+1 (a page's count does not grow with it)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from config import TestingConfig
from marketplace import create_app
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.models import Listing, ListingStatus


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """The whole demo seed (7 cooperatives, 48 artisans, 440 listings), seeded once."""
    tmp = tmp_path_factory.mktemp("query-counts")

    class Config(TestingConfig):
        INSTANCE_DIR = str(tmp / "instance")
        UPLOAD_DIR = str(tmp / "uploads")
        SEARCH_INDEX_DIR = str(tmp / "index")
        SEARCH_DRAIN_AFTER_COMMIT = False  # the index is built once from the database
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(db.session, upload_dir=tmp / "uploads", fast_hash=True)
        db.session.commit()
        yield app
        db.session.remove()
        db.drop_all()


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_for(app, path: str, lang: str) -> list[str]:
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = lang
    assert client.get(path).status_code == 200  # warm: the index opens, caches fill
    with counted() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


def busiest_listing(app) -> int:
    return db.session.scalar(
        select(Listing.id).where(Listing.status == ListingStatus.ACTIVE).order_by(Listing.id)
    )


def most_reviewed_listing(app) -> int:
    return db.session.scalar(
        select(Listing.id).where(Listing.status == ListingStatus.ACTIVE)
        .order_by(Listing.rating_count.desc(), Listing.id)
    )


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize(
    ("page", "limit"),
    [("/", 10), ("/search?q=kilim", 6), ("/search?q=%DA%AF%D9%84%DB%8C%D9%85", 6),
     ("/search", 6), ("/search?sort=rating&rating=4", 6), ("listing", 5),
     ("reviewed listing", 5)],
)
def test_statements_per_page(demo_app, page, limit, lang):
    """Home ≤ 10, search ≤ 6 (the cards and one per named facet), listing ≤ 5 SQL statements
    on the full demo catalogue: stars on cards come from the listing rows, a listing's reviews
    (with photos and answers) in one."""
    path = {"listing": lambda: f"/listings/{busiest_listing(demo_app)}",
            "reviewed listing": lambda: f"/listings/{most_reviewed_listing(demo_app)}",
            }.get(page, lambda: page)()
    statements = statements_for(demo_app, path, lang)
    assert len(statements) <= limit, "\n\n".join(statements)
