"""Bazaar on several machines: app nodes share one database and one Redis, each keeps its own
search index (README, "Production"). Node A is this process's app; node B is another app on
the same database and Redis, and where sharing through memory would hide a fault (the rate
limiter's storage is one object per process), another process."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from marketplace import create_app
from marketplace.cli.jobs import jobs_cli
from marketplace.extensions import db
from marketplace.jobs import queue
from marketplace.models import MailOutbox
from marketplace.search.indexer import drain, search_index
from tests import conftest, factories
from tests.conftest import POSTGRES, TestingConfig, login
from tests.functional.test_password_reset import ask_for_reset
from tests.redis_fixture import redis_server, redis_url  # noqa: F401 (fixtures)

OWNER = "leila@example.com"


def node_config(tmp: Path, name: str, database_uri: str, redis: str) -> type[TestingConfig]:
    base = conftest.testing_config(tmp / name, database_uri)

    class Node(base):
        RATELIMIT_STORAGE_URI = redis
        CACHE_TYPE = "RedisCache"
        CACHE_REDIS_URL = redis
        PAGE_CACHE_SECONDS = 30
        PAGE_CACHE_RECHECK_SECONDS = 0  # see each change at once, as one worker would
        SEARCH_DRAIN_AFTER_COMMIT = False  # each node's follower drains (`flask search worker`)
        SEARCH_NODE = name
        JOBS_BACKEND = "rq"
        REDIS_URL = redis

    return Node


@pytest.fixture
def database_uri(tmp_path) -> str:
    return TestingConfig.SQLALCHEMY_DATABASE_URI if POSTGRES \
        else f"sqlite:///{tmp_path / 'cluster.sqlite3'}"


@pytest.fixture
def node_a(tmp_path, database_uri, redis_url):  # noqa: F811 (the imported fixture)
    app = create_app(node_config(tmp_path, "node-a", database_uri, redis_url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def node_b(tmp_path, database_uri, redis_url, node_a):  # noqa: F811
    return create_app(node_config(tmp_path, "node-b", database_uri, redis_url))


def follow(*nodes: Flask) -> None:
    """Each node's `flask search worker` takes one turn."""
    for node in nodes:
        with node.app_context():
            drain(search_index(node), db.engine)


def _wrong_login_on_node_b(tmp: str, database_uri: str, redis: str) -> int:
    app = create_app(node_config(Path(tmp), "node-b", database_uri, redis))
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.5"
    return login(client, OWNER, "wrong-guess").status_code


def test_a_login_limit_tripped_on_one_node_holds_on_the_other(node_a, tmp_path, database_uri,
                                                              redis_url):  # noqa: F811
    """S08 on several machines: the attacker cannot start afresh by reaching another node."""
    factories.user(db.session, OWNER)
    db.session.commit()
    attacker = node_a.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.5"
    codes = [login(attacker, OWNER, "wrong-guess").status_code for _ in range(6)]
    assert codes == [400] * 5 + [429]

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        on_b = pool.apply(_wrong_login_on_node_b, (str(tmp_path), database_uri, redis_url))
    assert on_b == 429


def test_a_page_cached_by_one_node_is_served_by_the_other_and_refreshed_on_both(node_a,
                                                                               node_b):
    catalog = factories.small_catalog(db.session, node_a.config["UPLOAD_DIR"])
    db.session.commit()
    follow(node_a, node_b)
    path, english = f"/listings/{catalog.kilim.id}", {"Accept-Language": "en"}

    first = node_a.test_client().get(path, headers=english)
    assert first.headers["X-Page-Cache"] == "miss"
    shared = node_b.test_client().get(path, headers=english)
    assert shared.headers["X-Page-Cache"] == "hit"
    assert shared.get_data() == first.get_data()

    english_text = next(t for t in catalog.kilim.translations if t.lang == "en")
    english_text.title = "Renamed Jolfa kilim"
    db.session.commit()
    follow(node_a, node_b)
    for node, expected in ((node_b, "miss"), (node_a, "hit")):
        page = node.test_client().get(path, headers=english)
        assert page.headers["X-Page-Cache"] == expected
        assert "Renamed Jolfa kilim" in page.get_data(as_text=True)


def test_a_listing_changed_through_one_node_is_found_through_the_others_search(node_a,
                                                                               node_b):
    catalog = factories.small_catalog(db.session, node_a.config["UPLOAD_DIR"])
    db.session.commit()
    follow(node_a, node_b)
    english_text = next(t for t in catalog.bowl.translations if t.lang == "en")
    english_text.title = "Celadon tea bowl"
    db.session.commit()
    follow(node_b)
    found = node_b.test_client().get("/api/v1/search?q=celadon").get_json()
    assert [item["id"] for item in found["results"]] == [catalog.bowl.id]


def test_mail_a_request_leaves_is_sent_by_a_queue_worker_not_by_the_request(node_a):
    """With the queue configured the request only queues the sending; a worker (a forked RQ
    work horse, as `flask jobs worker` runs it) sends the mail and marks it sent."""
    factories.user(db.session, OWNER)
    db.session.commit()
    assert ask_for_reset(node_a.test_client(), OWNER).status_code == 302
    mail = db.session.scalars(select(MailOutbox)).one()
    assert mail.sent_at is None
    assert queue.queue(node_a).count == 1
    db.session.rollback()

    queue.run_worker(node_a, burst=True)

    db.session.expire_all()
    assert db.session.scalars(select(MailOutbox)).one().sent_at is not None
    assert queue.queue(node_a).count == 0


def test_an_operator_queues_a_shared_job_by_name_and_a_mistyped_name_is_refused(node_a):
    runner = node_a.test_cli_runner()
    queued = runner.invoke(jobs_cli, ["enqueue", "expire-holds"])
    assert queued.exit_code == 0, queued.output
    assert queue.queue(node_a).job_ids == [queued.output.strip()]

    mistyped = runner.invoke(jobs_cli, ["enqueue", "expire-hold"])
    assert mistyped.exit_code == 2
    assert queue.queue(node_a).count == 1
