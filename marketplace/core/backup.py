"""Whole-database backup and restore: SQLite's online backup API, or pg_dump/pg_restore."""
from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def backup(engine: Engine, destination: Path) -> Path:
    """Write a consistent copy of the live database to `destination`."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            with sqlite3.connect(destination) as target:
                raw.driver_connection.backup(target)
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={destination}",
              _libpq_url(engine)])
    else:
        raise BackupError(f"no backup method for {engine.dialect.name}")
    return destination


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's contents with the backup at `source`."""
    if not source.is_file():
        raise BackupError(f"no backup at {source}")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            with sqlite3.connect(source) as backup_db:
                backup_db.backup(raw.driver_connection)
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={_libpq_url(engine)}", str(source)])
    else:
        raise BackupError(f"no restore method for {engine.dialect.name}")
