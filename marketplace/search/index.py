"""The Whoosh index on disk: opening it, knowing its version, one writer at a time, swapping in
a rebuilt copy, and the snapshot searches read from."""
from __future__ import annotations

import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import FileIndex, LockError
from whoosh.writing import SegmentWriter

from marketplace.search.schema import INDEX_VERSION, make_schema

log = logging.getLogger(__name__)
VERSION_FILE = "bazaar-index.json"


class IndexBusy(Exception):
    """Another process held the write lock for longer than we were willing to wait."""


class IndexOutdated(Exception):
    """The index on disk is missing or was written by another schema/analyzer version."""


class SearchIndex:
    """One per process and index directory. Readers share a snapshot that is refreshed when
    another writer (any process) has committed; writers take Whoosh's file lock."""

    def __init__(self, path: str | Path, *, lock_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._ix: FileIndex | None = None
        self._build: str | None = None
        self._snapshot = None
        self._lock = threading.RLock()

    # Opening and versions -------------------------------------------------------------------

    def stored_version(self) -> dict | None:
        try:
            return json.loads((self.path / VERSION_FILE).read_text())
        except (OSError, ValueError):
            return None

    def is_current(self) -> bool:
        stored = self.stored_version()
        return bool(stored) and stored.get("version") == INDEX_VERSION and self._openable()

    def _openable(self) -> bool:
        try:
            whoosh_index.open_dir(str(self.path)).close()
        except Exception:  # an unpicklable analyzer, a half-written TOC, a missing directory
            return False
        return True

    def ix(self) -> FileIndex:
        stored = self.stored_version()
        if not stored or stored.get("version") != INDEX_VERSION:
            raise IndexOutdated(
                f"search index at {self.path} has version "
                f"{(stored or {}).get('version')!r}, this code reads {INDEX_VERSION!r}"
            )
        with self._lock:
            if self._ix is None or stored.get("build") != self._build:
                self._close_snapshot()
                self._ix = whoosh_index.open_dir(str(self.path))
                self._build = stored.get("build")
            return self._ix

    # Writing --------------------------------------------------------------------------------

    @contextmanager
    def writer(self, **kwargs) -> Iterator[SegmentWriter]:
        """The index's single writer, or IndexBusy after `lock_timeout` seconds of waiting.

        Commits on success (unless the block cancelled it), cancels on any error.
        """
        try:
            writer = self.ix().writer(timeout=self.lock_timeout, delay=0.05, **kwargs)
        except LockError as exc:
            raise IndexBusy(str(self.path)) from exc
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        if not writer.is_closed:
            writer.commit()

    @contextmanager
    def rebuilding(self) -> Iterator[FileIndex]:
        """A fresh empty index built beside the live one, swapped in when the block ends.

        The live index's write lock is held throughout (when it exists), so changes committed
        meanwhile stay in the outbox and are applied to the new index by the next drain.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_name(f"{self.path.name}.new-{uuid.uuid4().hex[:8]}")
        staging.mkdir()
        live_lock = self._live_lock()
        try:
            new_ix = whoosh_index.create_in(str(staging), make_schema())
            yield new_ix
            new_ix.close()
            build = uuid.uuid4().hex
            (staging / VERSION_FILE).write_text(
                json.dumps({"version": INDEX_VERSION, "build": build, "built_at": time.time()})
            )
            self._swap_in(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            if live_lock is not None:
                live_lock.release()
        with self._lock:
            self._close_snapshot()
            self._ix = None

    def _live_lock(self):
        if not (self.path / VERSION_FILE).exists():
            return None
        try:
            lock = whoosh_index.open_dir(str(self.path)).lock("WRITELOCK")
        except Exception:
            return None  # unreadable: nobody can be writing to it
        deadline = time.monotonic() + max(self.lock_timeout, 30.0)
        while not lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise IndexBusy(str(self.path))
            time.sleep(0.1)
        return lock

    def _swap_in(self, staging: Path) -> None:
        retired = self.path.with_name(f"{self.path.name}.old-{uuid.uuid4().hex[:8]}")
        if self.path.exists():
            self.path.rename(retired)
        staging.rename(self.path)
        shutil.rmtree(retired, ignore_errors=True)

    # Reading --------------------------------------------------------------------------------

    def snapshot(self):
        """The current snapshot (searcher + cached doc sets), refreshed if the index changed."""
        from marketplace.search.snapshot import Snapshot

        with self._lock:
            ix = self.ix()
            current = self._snapshot
            if current is not None and current.searcher.up_to_date():
                return current
            searcher = ix.searcher()
            self._close_snapshot()
            self._snapshot = Snapshot(searcher)
            return self._snapshot

    def generation(self) -> str:
        """Which state of the index readers see now ("build.generation"): changes on every
        commit and every rebuild, e.g. to version cached pages."""
        with self._lock:
            snapshot = self.snapshot()
            return f"{self._build}.{snapshot.searcher.reader().generation()}"

    def reading(self):
        """Hold while using a snapshot's searcher: Whoosh readers are not shared across threads."""
        return self._lock

    def _close_snapshot(self) -> None:
        if self._snapshot is not None:
            self._snapshot.searcher.close()
        self._snapshot = None

    def close(self) -> None:
        with self._lock:
            self._close_snapshot()
            self._ix = None
