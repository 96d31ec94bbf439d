"""The Whoosh index on disk: opening it, knowing its version, one writer at a time, swapping in
a rebuilt copy, and the snapshot searches read from."""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.writing import SegmentWriter

from marketplace.search.schema import INDEX_VERSION, make_schema

log = logging.getLogger(__name__)
VERSION_FILE = "bazaar-index.json"
_INDEX_NAME = "MAIN"  # Whoosh's default, used by open_dir and create_in


def default_node_name(path: Path) -> str:
    """This machine and index directory: two indexes never share a cursor by accident."""
    name = f"{socket.gethostname()}:{path.resolve()}"
    if len(name) > 200:
        name = f"{socket.gethostname()[:150]}:{hashlib.sha256(name.encode()).hexdigest()[:40]}"
    return name


class IndexBusy(Exception):
    """Another process held the write lock for longer than we were willing to wait."""


class IndexOutdated(Exception):
    """The index on disk is missing or was written by another schema/analyzer version."""


class IndexCorrupt(Exception):
    """The index on disk cannot be read: a garbled or half-written table of contents, a segment
    file missing or damaged. Only a rebuild from the database mends it (S41)."""

    def __init__(self, path: Path, damage: str, cause: BaseException) -> None:
        self.damage = damage  # what is wrong, without paths: fit for /healthz
        super().__init__(f"search index at {path} is corrupt: {damage} "
                         f"({type(cause).__name__}: {cause})")


# Whoosh reports a damaged file with whatever its reading code trips on (EOFError, OSError,
# struct.error, pickle and its own FileFormatError and IndexError, ...), so any error while
# opening files that exist and carry our version means damage.
_DAMAGE = Exception


class SearchIndex:
    """One per process and index directory. Readers share a snapshot that is refreshed when
    another writer (any process) has committed; writers take Whoosh's file lock."""

    def __init__(self, path: str | Path, *, lock_timeout: float = 10.0,
                 node: str | None = None) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        # Its name among the nodes following the outbox (search/cursor.py).
        self.node = node or default_node_name(self.path)
        self._ix: FileIndex | None = None
        self._build: str | None = None
        self._snapshot = None
        self._lock = threading.RLock()
        # Background repairs of this index in this process (indexer.repair_in_background).
        self.repair_slot = threading.Lock()
        self.repair_failed_at = float("-inf")

    # Opening and versions -------------------------------------------------------------------

    def stored_version(self) -> dict | None:
        try:
            return json.loads((self.path / VERSION_FILE).read_text())
        except (OSError, ValueError):
            return None

    def problem(self) -> IndexOutdated | IndexCorrupt | None:
        """What keeps the index on disk from being read now, or None: its version, its table
        of contents, and every segment's files are opened (a few ms, for /healthz)."""
        try:
            self._current_version()
            ix = self._open()
            try:
                ix.reader().close()
            except _DAMAGE as exc:
                raise self._damaged("a segment file is missing or damaged", exc) from None
        except (IndexOutdated, IndexCorrupt) as exc:
            return exc
        return None

    def _current_version(self) -> dict:
        stored = self.stored_version()
        if not stored or stored.get("version") != INDEX_VERSION:
            raise IndexOutdated(
                f"search index at {self.path} has version "
                f"{(stored or {}).get('version')!r}, this code reads {INDEX_VERSION!r}"
            )
        return stored

    def _open(self) -> FileIndex:
        try:
            return whoosh_index.open_dir(str(self.path))
        except _DAMAGE as exc:
            raise self._damaged("its table of contents cannot be read", exc) from None

    def _damaged(self, damage: str, exc: BaseException) -> IndexCorrupt:
        # Raised `from None`: the message names the cause, Whoosh's traceback adds nothing.
        return IndexCorrupt(self.path, damage, exc)

    def ix(self) -> FileIndex:
        stored = self._current_version()
        with self._lock:
            if self._ix is None or stored.get("build") != self._build:
                self._close_snapshot()
                self._ix = self._open()
                self._build = stored.get("build")
            return self._ix

    # Writing --------------------------------------------------------------------------------

    @contextmanager
    def writer(self, **kwargs) -> Iterator[SegmentWriter]:
        """The index's single writer, or IndexBusy after `lock_timeout` seconds of waiting.

        Commits on success (unless the block cancelled it), cancels on any error. Damaged
        files met on the way (merging and updating read older segments) raise IndexCorrupt.
        """
        self._current_version()
        # The table of contents as it is now (not as this process first read it), before the
        # lock is taken: a writer that fails to read it after locking keeps the lock until
        # its traceback is dropped.
        ix = self._open()
        try:
            writer = ix.writer(timeout=self.lock_timeout, delay=0.05, **kwargs)
        except LockError as exc:
            raise IndexBusy(str(self.path)) from exc
        try:
            yield writer
            if not writer.is_closed:
                writer.commit()
        except BaseException as exc:
            _release_quietly(writer)
            if isinstance(exc, Exception) and isinstance(problem := self.problem(), IndexCorrupt):
                raise problem from None
            raise

    @contextmanager
    def write_locked(self) -> Iterator[None]:
        """Hold the live index's write lock (when an index exists there), whatever state its
        files are in: one writer or rebuild at a time, across processes."""
        live_lock = self._live_lock()
        try:
            yield
        finally:
            if live_lock is not None:
                live_lock.release()

    @contextmanager
    def rebuilding(self, *, locked: bool = False) -> Iterator[FileIndex]:
        """A fresh empty index built beside the live one, swapped in when the block ends.

        The live index's write lock is held throughout (taken here unless the caller holds it,
        `locked`), so changes committed meanwhile stay in the outbox and are applied to the new
        index by the next drain.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_name(f"{self.path.name}.new-{uuid.uuid4().hex[:8]}")
        staging.mkdir()
        live_lock = None if locked else self._live_lock()
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
        # Whoosh's own lock file, named as `FileIndex.lock` names it, but without reading the
        # table of contents: a corrupt index is locked too while it is being replaced.
        lock = FileStorage(str(self.path)).lock(f"{_INDEX_NAME}_WRITELOCK")
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
        """The current snapshot (searcher + cached doc sets), refreshed if the index changed.

        IndexOutdated or IndexCorrupt if there is none to be had. A snapshot opened before the
        files were damaged stays usable (its files are open) until a rebuild replaces it.
        """
        from marketplace.search.snapshot import Snapshot

        with self._lock:
            ix = self.ix()
            current = self._snapshot
            if current is not None and current.searcher.up_to_date():
                return current
            searcher = None
            try:
                searcher = ix.searcher()
                fresh = Snapshot(searcher)
            except _DAMAGE as exc:
                if searcher is not None:
                    searcher.close()
                raise self._damaged("a segment file is missing or damaged", exc) from None
            self._close_snapshot()
            self._snapshot = fresh
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


def _release_quietly(writer: SegmentWriter) -> None:
    """Drop a failed writer's work and lock (a half-committed writer cannot be cancelled)."""
    if writer.is_closed:
        return
    try:
        writer.cancel()
    except _DAMAGE:
        if writer.writelock is not None and writer.writelock.fd is not None:
            writer.writelock.release()
