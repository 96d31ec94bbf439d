"""The job table on RQ, for Bazaar on several machines (README, "Production").

Redis holds one queue. One `flask jobs scheduler` (RQ's CronScheduler) puts each shared job of
`jobs.schedule` on it at its interval; `flask jobs worker` processes (RQ workers, one or more
per machine, each running a job in a forked process) take them, and the work a request leaves
for after its commit (`jobs.after_commit`: mail). A queued job that fails is retried after each
of JOBS_RETRY_SECONDS; a periodic one that fails simply runs again at its next interval. A
worker killed mid-job leaves the job "started"; another worker's maintenance finds it
abandoned about a minute after the dead worker's last heartbeat and retries it. Jobs may
therefore run more than once or be cut off halfway, and are written to do their work once in
effect (see `jobs`). Jobs that work on one machine's own things (`per_node`: the search index)
are not queued: each node runs `flask search worker`.
"""
from __future__ import annotations

import logging
import os

from flask import Flask, current_app
from redis import Redis
from rq import Queue, Retry, Worker
from rq.cron import CronScheduler
from rq.job import Job as QueuedJob

from marketplace import jobs
from marketplace.extensions import db

log = logging.getLogger(__name__)
_REDIS = "bazaar_redis"
# How long a finished job's outcome stays readable in Redis (`rq info`, the bench).
RESULT_SECONDS = 3600


def redis(app: Flask) -> Redis:
    if _REDIS not in app.extensions:
        if not app.config.get("REDIS_URL"):
            raise RuntimeError("BAZAAR_JOBS_BACKEND=rq needs REDIS_URL (e.g. redis://host:6379/0)")
        app.extensions[_REDIS] = Redis.from_url(app.config["REDIS_URL"])
    return app.extensions[_REDIS]


def queue(app: Flask) -> Queue:
    return Queue(app.config["JOBS_QUEUE"], connection=redis(app))


def perform(name: str) -> str:
    """What a worker runs: job `name` of the table, in the worker's app context. Raises when
    the job fails, so that RQ records it and retries it."""
    job = jobs.by_name(current_app.config, name)
    try:
        outcome = job.run()
    finally:
        db.session.rollback()  # what a job left uncommitted never reaches the next one
        db.session.remove()
    if outcome:
        log.info("job %s: %s", name, outcome)
    return outcome


def enqueue(app: Flask, name: str) -> QueuedJob:
    intervals = list(app.config["JOBS_RETRY_SECONDS"])
    return queue(app).enqueue(
        perform, name, description=f"bazaar {name}",
        retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
        job_timeout=app.config["JOBS_TIMEOUT_SECONDS"], result_ttl=RESULT_SECONDS,
    )


def run_worker(app: Flask, *, burst: bool = False) -> bool:
    """Take jobs off the queue until stopped (SIGTERM finishes the current job first); with
    `burst`, until the queue is empty. Also moves retries whose wait is over back onto the
    queue (RQ's scheduler, one per queue across all workers)."""
    engine = db.engine
    # A job runs in a forked process, which must not share the worker's pooled connections.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    worker = Worker([queue(app)], connection=redis(app),
                    job_monitoring_interval=app.config["JOBS_MONITORING_SECONDS"],
                    maintenance_interval=app.config["JOBS_MAINTENANCE_SECONDS"])
    return worker.work(with_scheduler=True, burst=burst)


def scheduler(app: Flask) -> CronScheduler:
    """RQ's CronScheduler with every shared job of the table at its interval. Run exactly one
    (`flask jobs scheduler`): two would queue every job twice, which is harmless but wasted."""
    cron = CronScheduler(connection=redis(app))
    for job in jobs.schedule(app.config):
        if job.per_node:
            continue
        interval = max(1, round(job.interval))
        # A run still waiting when the next is due is dropped (`ttl`), so a stopped worker
        # does not come back to a pile of identical jobs.
        cron.register(perform, app.config["JOBS_QUEUE"], args=(job.name,), interval=interval,
                      job_timeout=app.config["JOBS_TIMEOUT_SECONDS"], ttl=interval,
                      result_ttl=RESULT_SECONDS, name=f"bazaar {job.name}")
    return cron
