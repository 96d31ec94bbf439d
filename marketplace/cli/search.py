"""`flask search reindex` and `flask search worker`."""
from __future__ import annotations

import logging
import signal

import click
from flask.cli import AppGroup

from marketplace.extensions import db
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
@click.option("--poll", default=1.0, show_default=True, help="Seconds between outbox checks.")
def worker_command(poll: float) -> None:
    """Apply outbox rows to this node's index until stopped (one worker per index)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    click.echo(f"Search worker: following the outbox into {search_index().path}")
    run_worker(search_index(), db.engine, poll_seconds=poll, stop=lambda: bool(stopping))
