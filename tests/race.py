"""Ten identical requests at once, as ten browser tabs or ten admins would send them (S35).

On SQLite the requests run in real threads against a database file; on PostgreSQL in real
processes, each with its own app and connections. Every worker waits at a barrier, so they all
reach the server together. A worker reports the status code it got.

Every SELECT in the workers pauses a little, which widens the window between reading a limit and
writing within it: without serialisation the requests then collide every time, not now and then.
"""
from __future__ import annotations

import multiprocessing
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from marketplace.extensions import db
from tests.conftest import POSTGRES, csrf_token, testing_config

TIMEOUT = 120
PAUSE_AFTER_SELECT = 0.02


def _pause(conn, cursor, statement: str, *args) -> None:
    if statement.lstrip().upper().startswith("SELECT"):
        time.sleep(PAUSE_AFTER_SELECT)


@contextmanager
def slow_reads(app: Flask):
    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", _pause)
    try:
        yield
    finally:
        event.remove(engine, "after_cursor_execute", _pause)


def _post(client: FlaskClient, session_cookie: str, path: str, data: dict) -> int:
    client.set_cookie("session", session_cookie)
    return client.post(path, data=data).status_code


def _in_process(database_uri: str, tmp: str, session_cookie: str, path: str, data: dict,
                barrier, results) -> None:
    from marketplace import create_app

    try:
        app = create_app(testing_config(Path(tmp), database_uri))
        client = app.test_client()
        with slow_reads(app):
            barrier.wait(TIMEOUT)
            results.put(_post(client, session_cookie, path, data))
    except BaseException:
        results.put(-1)  # the test then fails on the code, not on a timeout
        raise


def _call_in_process(database_uri: str, tmp: str, target, index: int, barrier, results) -> None:
    from marketplace import create_app

    try:
        app = create_app(testing_config(Path(tmp), database_uri))
        with app.app_context(), slow_reads(app):
            barrier.wait(TIMEOUT)
            results.put(_outcome(target, index))
    except BaseException:
        results.put("crashed")
        raise


def _outcome(target, index: int) -> str:
    try:
        target(index)
        db.session.commit()
        return "ok"
    except Exception as exc:  # the test asserts on which, and how many
        db.session.rollback()
        return type(exc).__name__


def call_at_once(app: Flask, target, n: int = 10) -> list[str]:
    """Run the module-level `target(i)` for i in 0..n-1 at once, each in its own app context
    and transaction (committed when it returns); "ok" or the exception's class name each."""
    if POSTGRES:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.race"])
        barrier, results = context.Barrier(n), context.Queue()
        workers = [context.Process(target=_call_in_process, args=(
            app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path, target, i, barrier,
            results)) for i in range(n)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=TIMEOUT) for _ in workers]
        for worker in workers:
            worker.join(TIMEOUT)
        return outcomes
    barrier, outcomes = threading.Barrier(n), []

    def call(index: int) -> None:
        with app.app_context():
            barrier.wait(TIMEOUT)
            outcomes.append(_outcome(target, index))

    threads = [threading.Thread(target=call, args=(i,)) for i in range(n)]
    with slow_reads(app):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
    return outcomes


def post_at_once(app: Flask, client: FlaskClient, path: str, data: dict, n: int = 10
                 ) -> list[int]:
    """POST `data` to `path` `n` times at once as the user signed in on `client`."""
    data = {**data, "csrf_token": csrf_token(client, "/")}
    cookie = client.get_cookie("session").value
    if POSTGRES:
        # A fork server imports the app once; each worker is then a quick fork of it.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.race"])
        barrier, results = context.Barrier(n), context.Queue()
        workers = [context.Process(target=_in_process, args=(
            app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path, cookie, path, data,
            barrier, results)) for _ in range(n)]
        for worker in workers:
            worker.start()
        codes = [results.get(timeout=TIMEOUT) for _ in workers]
        for worker in workers:
            worker.join(TIMEOUT)
        return codes
    barrier, codes = threading.Barrier(n), []

    def request() -> None:
        own = FlaskClient(app, app.response_class, use_cookies=True)
        barrier.wait(TIMEOUT)
        codes.append(_post(own, cookie, path, data))

    threads = [threading.Thread(target=request) for _ in range(n)]
    with slow_reads(app):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
    return codes
