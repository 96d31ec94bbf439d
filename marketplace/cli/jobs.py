"""`flask jobs run`: the periodic jobs of `jobs.schedule`, in one process."""
from __future__ import annotations

import logging
import signal

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace import jobs

jobs_cli = AppGroup("jobs", help="Periodic jobs: hold expiry, reconciliation, mail, search.")


@jobs_cli.command("run")
@click.option("--once", is_flag=True, help="Run every job once and exit (tests, cron).")
def run_command(once: bool) -> None:
    """Run each job on its interval until stopped (SIGINT or SIGTERM)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    table = jobs.schedule(current_app.config)
    if once:
        outcomes = [jobs.run_job(job) for job in table]
        for job, outcome in zip(table, outcomes, strict=True):
            summary = "failed (see the log)" if outcome is None else outcome or "nothing to do"
            click.echo(f"{job.name}: {summary}")
        if None in outcomes:
            raise SystemExit(1)  # cron reports it; every other job has still run
        return
    stopping: list[bool] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    click.echo("Jobs: " + ", ".join(f"{job.name} every {job.interval:g} s" for job in table))
    jobs.run_forever(table, stop=lambda: bool(stopping))


# Several machines: the same table on RQ (marketplace/jobs/queue.py) ------------------------------


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run queued jobs (RQ worker on REDIS_URL) until stopped; as many as you like, anywhere."""
    from marketplace.jobs import queue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    queue.run_worker(current_app, burst=burst)


@jobs_cli.command("scheduler")
def scheduler_command() -> None:
    """Queue each shared periodic job at its interval (RQ's CronScheduler); run exactly one."""
    from marketplace.jobs import queue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    cron = queue.scheduler(current_app)
    click.echo("Scheduling: " + ", ".join(f"{job.name} every {job.interval:g} s"
                                          for job in jobs.schedule(current_app.config)
                                          if not job.per_node))
    cron.start()


@jobs_cli.command("enqueue")
@click.argument("name")
def enqueue_command(name: str) -> None:
    """Queue job NAME now (e.g. send-mail), for a worker to run with retries."""
    from marketplace.jobs import queue

    try:
        jobs.by_name(current_app.config, name)
    except LookupError as exc:
        raise click.BadParameter(str(exc)) from None
    click.echo(queue.enqueue(current_app, name).id)
