"""A damaged search index is found, reported, rebuilt from the database, and never a 500 (S41).

These tests use a database file (or PostgreSQL with TEST_DATABASE_URL), because the rebuild
runs in a thread of its own with its own connection, as it does in a web worker.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from whoosh.filedb.filestore import FileStorage

from config import TestingConfig
from marketplace import create_app
from marketplace.extensions import db, limiter
from marketplace.models import SearchOutbox
from marketplace.search import indexer
from marketplace.search.indexer import run_worker, search_index
from tests import factories
from tests.conftest import RequestPerContextClient, set_language

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("/search?q=kilim", "/categories/kilims", "/made-in/east-azerbaijan")


@pytest.fixture
def file_app(tmp_path) -> Iterator[Flask]:
    class Config(TestingConfig):
        INSTANCE_DIR = str(tmp_path / "instance")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "index")
        SQLALCHEMY_DATABASE_URI = (os.environ.get("TEST_DATABASE_URL")
                                   or f"sqlite:///{tmp_path / 'bazaar.sqlite3'}")

    app = create_app(Config)
    app.test_client_class = RequestPerContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        limiter.reset()
        yield app
        _wait_for_repairs()
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def catalog(file_app) -> factories.DemoCatalog:
    """The small catalogue, indexed (its commit drains into a fresh index)."""
    return factories.small_catalog(db.session, file_app.config["UPLOAD_DIR"])


def garble_toc(path: Path) -> None:
    """A half-written table of contents: the first bytes of it, then nothing."""
    for toc in path.glob("_MAIN_*.toc"):
        toc.write_bytes(toc.read_bytes()[:20])


def delete_a_segment(path: Path) -> None:
    next(path.glob("*.seg")).unlink()


def garble_a_segment(path: Path) -> None:
    segment = next(path.glob("*.seg"))
    segment.write_bytes(random.Random(41).randbytes(segment.stat().st_size))


DAMAGE = {"garbled table of contents": garble_toc, "missing segment file": delete_a_segment,
          "garbled segment file": garble_a_segment}


class RebuildHeldUp:
    """Holds the index's write lock, as a long rebuild elsewhere would, so that what visitors
    see while the index is being rebuilt can be looked at."""

    def __init__(self, path: Path) -> None:
        self.lock = FileStorage(str(path)).lock("MAIN_WRITELOCK")

    def __enter__(self):
        assert self.lock.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.lock.release()


def _repair_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "search-index-repair"]


def _wait_for_repairs() -> None:
    for thread in _repair_threads():
        thread.join(timeout=60)


def titles_found(client, query: str) -> int:
    return client.get(f"/api/v1/search?q={query}").get_json()["total"]


def outbox_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_after_a_restart_on_a_damaged_index_search_answers_503_until_rebuilt(
        file_app, catalog, damage):
    """S41: opening fails after a restart; every search page and the API answer 503 with
    Retry-After in the visitor's language, /healthz says why, one rebuild runs meanwhile,
    and afterwards search works again without anyone reindexing by hand."""
    client = file_app.test_client()
    index_dir = search_index(file_app).path
    DAMAGE[damage](index_dir)
    indexer.init_app(file_app)  # a new worker process: no snapshot opened before the damage

    with RebuildHeldUp(index_dir):
        for path in PAGES:
            page = client.get(path)
            assert page.status_code == 503, path
            assert page.headers["Retry-After"] == "30"
            html = page.get_data(as_text=True)
            assert 'dir="rtl"' in html and "جست‌وجو در حال تعمیر است" in html
        set_language(client, "en")
        assert "Search is being repaired" in client.get("/search?q=kilim").get_data(as_text=True)
        api = client.get("/api/v1/search?q=kilim")
        assert api.status_code == 503 and api.headers["Retry-After"] == "30"
        assert api.get_json()["error"]["code"] == 503

        health = client.get("/healthz")
        assert health.status_code == 503
        reason = health.get_json()["checks"]["search_index"]
        assert reason.startswith("error: corrupt, ") and reason.endswith(
            "; rebuilding from the database")
        assert str(index_dir) not in reason
        assert len(_repair_threads()) == 1  # one rebuild, however many requests found it

    _wait_for_repairs()
    assert client.get("/healthz").status_code == 200
    assert client.get("/search?q=kilim").status_code == 200
    assert titles_found(client, "kilim") == 2


def test_a_damaged_index_does_not_stall_the_outbox(file_app, catalog):
    """S41: the process still serving an older snapshot finds the damage at its next index
    write, rebuilds, and the change that could not be applied is searchable afterwards."""
    client = file_app.test_client()
    assert titles_found(client, "kilim") == 2
    index_dir = search_index(file_app).path
    garble_toc(index_dir)

    with RebuildHeldUp(index_dir):
        english = next(t for t in catalog.bowl.translations if t.lang == "en")
        english.title = "Celadon tea bowl"
        db.session.commit()  # commits; the drain finds the damage and starts the rebuild
        assert outbox_rows() == 1
        assert client.get("/healthz").status_code == 503
        assert len(_repair_threads()) == 1

    _wait_for_repairs()
    assert titles_found(client, "celadon") == 1
    assert outbox_rows() == 0
    assert client.get("/healthz").status_code == 200


def test_the_search_worker_rebuilds_a_damaged_index_and_carries_on(file_app, catalog):
    """S41: in production `flask search worker` finds the damage at its next drain and
    rebuilds in the foreground instead of stopping."""
    file_app.config["SEARCH_DRAIN_AFTER_COMMIT"] = False
    index = search_index(file_app)
    delete_a_segment(index.path)
    catalog.kilim.stock = 0
    db.session.commit()
    assert outbox_rows() == 1

    rounds = []
    run_worker(index, db.engine, poll_seconds=0, stop=lambda: len(rounds.append(1) or rounds) > 2)

    assert index.problem() is None
    assert outbox_rows() == 0
    assert titles_found(file_app.test_client(), "kilim") == 2


def test_two_processes_finding_the_damage_rebuild_it_once(file_app, catalog, tmp_path):
    """S41: the index lock lets one process rebuild; the other finds it mended and leaves it."""
    index_dir = search_index(file_app).path
    garble_toc(index_dir)
    env = {**os.environ, "BAZAAR_ENV": "testing", "PYTHONPATH": str(ROOT)}
    script = (
        "from tests.functional.test_search_repair import repair_from_another_process\n"
        f"repair_from_another_process({file_app.config['SQLALCHEMY_DATABASE_URI']!r}, "
        f"{str(index_dir)!r})\n"
    )
    with RebuildHeldUp(index_dir):
        workers = [subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env,  # noqa: S603
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for _ in range(2)]
        for worker in workers:  # both have opened the app and are waiting for the lock
            assert worker.stdout.readline().strip() == "waiting"
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert sorted(out.strip() for out, _ in outputs) == ["3", "None"]
    assert search_index(file_app).problem() is None
    assert titles_found(file_app.test_client(), "kilim") == 2


def repair_from_another_process(database_url: str, index_dir: str) -> None:
    """Run by the test above in a separate Python process."""
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SEARCH_INDEX_DIR = index_dir
        INSTANCE_DIR = str(Path(index_dir).parent / "instance")

    app = create_app(Config)
    with app.app_context():
        print("waiting", flush=True)
        print(indexer.repair(search_index(app), db.engine), flush=True)
