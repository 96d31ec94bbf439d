"""`flask search reindex`, `worker`, `check`, `nodes` and `retire`."""
from __future__ import annotations

import logging
import signal
from datetime import UTC, timedelta

import click
from flask.cli import AppGroup

from marketplace.extensions import db
from marketplace.models.base import utcnow
from marketplace.search import consistency, cursor
from marketplace.search.documents import count_active
from marketplace.search.indexer import drain, rebuild, run_worker, search_index

search_commands = AppGroup("search", help="The catalogue search index.")


@search_commands.command("reindex")
def reindex_command() -> None:
    """Rebuild the index from the database (beside the live one, then swapped in)."""
    index = search_index()
    total = count_active(db.session)
    with click.progressbar(length=total, label="Indexing listings") as bar:
        count = rebuild(index, db.session, progress=bar.update)
    applied = drain(index, db.engine)
    click.echo(f"Indexed {count} active listings into {index.path}; "
               f"applied {applied} pending outbox rows.")


@search_commands.command("worker")
@click.option("--poll", default=0.5, show_default=True, help="Seconds between outbox checks.")
def worker_command(poll: float) -> None:
    """Apply outbox rows to this node's index until stopped (one worker per index)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    index = search_index()
    click.echo(f"Search worker: following the outbox into {index.path} as node {index.node}")
    run_worker(index, db.engine, poll_seconds=poll, stop=lambda: bool(stopping))


@search_commands.command("check")
@click.option("--dry-run", is_flag=True, help="Only report the differences.")
def check_command(dry_run: bool) -> None:
    """Compare this node's index with the database and repair what differs.

    Exit status 1 if anything differed (repaired unless --dry-run), so cron reports it."""
    report = consistency.check(search_index(), db.engine, repair=not dry_run)
    click.echo(f"Checked {report.checked} active listings: {len(report.missing)} missing from "
               f"the index, {len(report.extra)} that should not be there, {len(report.stale)} "
               f"out of date.")
    for label, ids in (("missing", report.missing), ("extra", report.extra),
                       ("out of date", report.stale)):
        if ids:
            click.echo(f"  {label}: {', '.join(map(str, ids[:20]))}"
                       + (" ..." if len(ids) > 20 else ""))
    if report.repaired:
        click.echo(f"Repaired {report.repaired} listings.")
    if not report.clean:
        raise SystemExit(1)


@search_commands.command("nodes")
def nodes_command() -> None:
    """The nodes following the outbox: position, rows still to apply, last sign of life."""
    now = utcnow()
    rows = cursor.nodes(db.session)
    if not rows:
        click.echo("No node has registered yet.")
    for position, heartbeat, backlog in rows:
        seen = heartbeat if heartbeat.tzinfo else heartbeat.replace(tzinfo=UTC)
        gaps = f", {len(position.gaps)} gap(s)" if position.gaps else ""
        click.echo(f"{position.node}: position {position.position}{gaps}, {backlog} row(s) "
                   f"to apply, last seen {(now - seen).total_seconds():.0f} s ago")


@search_commands.command("retire")
@click.argument("node")
@click.option("--idle", default=600, show_default=True,
              help="Refuse unless the node has been silent this many seconds.")
@click.option("--force", is_flag=True, help="Retire it even if it was seen recently.")
def retire_command(node: str, idle: int, force: bool) -> None:
    """Forget a dead node, so the outbox rows it never applied can be pruned. A retired node
    that comes back registers again and rebuilds its index."""
    retired = cursor.retire(db.session, node, idle_for=None if force else timedelta(seconds=idle))
    db.session.commit()
    if not retired:
        click.echo(f"{node}: no such node, or seen in the last {idle} s (--force to retire "
                   "it anyway).", err=True)
        raise SystemExit(1)
    click.echo(f"{node} retired.")
