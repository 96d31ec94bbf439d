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


def _outcome(target, index: int) -> str:
    try:
        target(index)
        db.session.commit()
        return "ok"
    except Exception as exc:  # the test asserts on which, and how many
        db.session.rollback()
        return type(exc).__name__


def _post_in_process(app: Flask, index: int, barrier, session_cookie: str, path: str,
                     data: dict) -> int:
    client = FlaskClient(app, app.response_class, use_cookies=True)  # no test-only wrapper
    barrier.wait(TIMEOUT)
    return _post(client, session_cookie, path, data)


def _call_in_process(app: Flask, index: int, barrier, target) -> str:
    with app.app_context():
        barrier.wait(TIMEOUT)
        return _outcome(target, index)


def _process(database_uri: str, tmp: str, index: int, barrier, results, work, *args) -> None:
    from marketplace import create_app

    try:
        app = create_app(testing_config(Path(tmp), database_uri))
        with slow_reads(app):
            results.put(work(app, index, barrier, *args))
    except BaseException:
        results.put("crashed")  # the test then fails on the outcome, not on a timeout
        raise


def _at_once(app: Flask, n: int, work, *args) -> list:
    """`work(app, i, barrier, *args)` for i in 0..n-1: in processes on PostgreSQL (a fork
    server imports the app once, each worker is a quick fork of it), in threads on SQLite."""
    if POSTGRES:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.race"])
        barrier, results = context.Barrier(n), context.Queue()
        workers = [context.Process(target=_process, args=(
            app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path, i, barrier, results,
            work, *args)) for i in range(n)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=TIMEOUT) for _ in workers]
        for worker in workers:
            worker.join(TIMEOUT)
        return outcomes
    barrier, outcomes = threading.Barrier(n), []
    threads = [threading.Thread(target=lambda i=i: outcomes.append(work(app, i, barrier, *args)))
               for i in range(n)]
    with slow_reads(app):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
    return outcomes


def call_at_once(app: Flask, target, n: int = 10) -> list[str]:
    """Run the module-level `target(i)` for i in 0..n-1 at once, each in its own app context
    and transaction (committed when it returns); "ok" or the exception's class name each."""
    return _at_once(app, n, _call_in_process, target)


def post_at_once(app: Flask, client: FlaskClient, path: str, data: dict, n: int = 10
                 ) -> list[int]:
    """POST `data` to `path` `n` times at once as the user signed in on `client`."""
    data = {**data, "csrf_token": csrf_token(client, "/")}
    return _at_once(app, n, _post_in_process, client.get_cookie("session").value, path, data)
