"""`flask backup` and `flask restore`: the whole database, SQLite or PostgreSQL (S32)."""
from __future__ import annotations

from pathlib import Path

import click

from marketplace.core import backup
from marketplace.extensions import db


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(destination: Path) -> None:
    """Write a consistent copy of the database (SQLite file or pg_dump custom format)."""
    backup.backup(db.engine, destination)
    click.echo(f"Backed up to {destination}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database. Continue?")
def restore_command(source: Path) -> None:
    """Replace the database's contents with a backup made by `flask backup`."""
    db.session.remove()
    backup.restore(db.engine, source)
    click.echo(f"Restored from {source}.")
