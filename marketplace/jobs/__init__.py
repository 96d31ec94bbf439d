"""Periodic work: holds past their time, payments to reconcile, mail to send, search rows to apply,
purchase rounds past their deadline, followers' weekly digests, certificates past their date
and reminders before it.

`schedule(config)` is the table of jobs: (name, interval in seconds, function). `flask jobs run`
runs it in one process (`make run` starts it beside the app); on several machines RQ runs the
same table (`queue.py`: one `flask jobs scheduler`, any number of `flask jobs worker`). A job is
a function without arguments, called inside an app context, that does its work in its own
transaction and commits it, and may run twice or be cut off halfway without doing its work
twice: expiry moves orders through conditional transitions, mail claims each row before sending
it. A job that raises is rolled back and logged, and the others still run.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import current_app

from marketplace.catalog import certificates, digest
from marketplace.commerce.payments import reconcile
from marketplace.cooperatives import purchase_rounds
from marketplace.extensions import db
from marketplace.mail import outbox
from marketplace.models.base import utcnow
from marketplace.search.index import IndexBusy
from marketplace.search.indexer import drain, search_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    interval: float  # seconds between the end of one run and the start of the next
    run: Callable[[], str]  # returns what it did in one line, "" if there was nothing to do
    # Work on this machine's own things (its search index): run by each node itself (`flask
    # search worker`, or `flask jobs run` on that node), never by a shared queue.
    per_node: bool = False


def _provider():
    return current_app.extensions["payment_provider"]


def expire_holds() -> str:
    """Cancel checkouts not paid in time; card checkouts only once the provider says so (S28)."""
    cancelled = reconcile.expire(db.session, _provider())
    db.session.commit()
    return f"{cancelled} order(s) cancelled, their stock released" if cancelled else ""


def reconcile_payments() -> str:
    outcome = reconcile.reconcile(db.session, _provider())
    db.session.commit()
    return ", ".join(f"{key}: {value}" for key, value in sorted(outcome.items()))


def send_mail() -> str:
    sent = outbox.send_pending(db.session)
    return f"{sent} message(s) sent" if sent else ""


def drain_search() -> str:
    try:
        applied = drain(search_index(), db.engine)
    except IndexBusy:
        return "index busy; rows left for the next run"
    return f"{applied} outbox row(s) applied" if applied else ""


def close_purchase_rounds() -> str:
    """Fail the purchase rounds whose deadline passed below their minimum: nothing is owed.
    The others wait for their cooperative to confirm them."""
    failed = purchase_rounds.fail_expired(db.session)
    db.session.commit()
    return f"{failed} purchase round(s) failed below their minimum" if failed else ""


def weekly_digest() -> str:
    """This week's digest for each follower who has not had it (at most one a week each)."""
    # The digest's links are absolute: built as for a request to the site's public address.
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        written = digest.send_weekly(db.session, now=utcnow())
    db.session.commit()
    return f"{written} digest(s) written to the mail outbox" if written else ""


def expire_certificates() -> str:
    """Certificates past their expiry date lose their badge in search too: the move to EXPIRED
    writes the outbox rows of the listings they badged."""
    expired = certificates.expire_lapsed(db.session, on=certificates.today())
    db.session.commit()
    return f"{expired} certificate(s) expired" if expired else ""


def remind_certificates() -> str:
    reminded = certificates.remind_expiring(db.session, on=certificates.today())
    db.session.commit()
    return f"{reminded} holder(s) reminded of an expiry" if reminded else ""


def schedule(config: Mapping[str, object]) -> list[Job]:
    return [
        Job("expire-holds", float(config["JOB_EXPIRE_HOLDS_SECONDS"]), expire_holds),
        Job("reconcile-payments", float(config["JOB_RECONCILE_SECONDS"]), reconcile_payments),
        Job("send-mail", float(config["JOB_SEND_MAIL_SECONDS"]), send_mail),
        Job("drain-search", float(config["JOB_DRAIN_SEARCH_SECONDS"]), drain_search,
            per_node=True),
        Job("close-purchase-rounds", float(config["JOB_CLOSE_ROUNDS_SECONDS"]),
            close_purchase_rounds),
        Job("weekly-digest", float(config["JOB_WEEKLY_DIGEST_SECONDS"]), weekly_digest),
        Job("expire-certificates", float(config["JOB_CERTIFICATES_SECONDS"]),
            expire_certificates),
        Job("remind-certificates", float(config["JOB_CERTIFICATES_SECONDS"]),
            remind_certificates),
    ]


def by_name(config: Mapping[str, object], name: str) -> Job:
    for job in schedule(config):
        if job.name == name:
            return job
    raise LookupError(f"no job named {name!r}")


def after_commit(name: str) -> None:
    """Job `name` has work now (a request wrote mail): queued when the queue is configured,
    run here otherwise. Never raises: what it did not do waits for its next periodic run."""
    if current_app.config.get("JOBS_BACKEND") == "rq":
        # Imported only here: the demo never needs Redis.
        from marketplace.jobs import queue

        try:
            queue.enqueue(current_app, name)
        except Exception:  # noqa: BLE001 (Redis down: the periodic run picks it up)
            log.exception("queueing job %s failed; its next periodic run will do it", name)
        return
    run_job(by_name(current_app.config, name))


def run_job(job: Job) -> str | None:
    """Run one job; what it did ("" for nothing), or None if it failed (rolled back, logged)."""
    try:
        outcome = job.run()
    except Exception:  # noqa: BLE001 (one failing job must never stop the others)
        log.exception("job %s failed", job.name)
        return None
    finally:
        db.session.rollback()  # what a job left uncommitted never reaches the next one
    if outcome:
        log.info("job %s: %s", job.name, outcome)
    return outcome


def run_forever(jobs: list[Job], *, stop: Callable[[], bool],
                clock: Callable[[], float] = time.monotonic,
                sleep: Callable[[float], None] = time.sleep) -> None:
    """Run every job at once, then each again `interval` seconds after it ended, until `stop()`."""
    due = {job.name: clock() for job in jobs}
    while not stop():
        for job in jobs:
            if clock() >= due[job.name] and not stop():
                run_job(job)
                due[job.name] = clock() + job.interval
        # Wake at least once a second so that a stop request is seen promptly.
        sleep(min(1.0, max(0.0, min(due.values()) - clock())))
