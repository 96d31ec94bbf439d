"""The index follows the database through the outbox (docs/architecture.md, "Search index").

- `record_listing_changes` (an ORM flush hook) writes an outbox row in the transaction of any
  change to what a listing shows in search.
- `drain` applies outbox rows in id order, many rows per index commit (one Whoosh commit costs
  ~70 ms), and deletes them only after the index has committed: a crash in between re-applies
  them next time, which is harmless because a row means "re-read this listing", not a diff.
- `reindex` rebuilds everything beside the live index and swaps it in.
- `repair` does the same for an index that cannot be read (S41); the process that finds the
  damage starts it in the background (`repair_in_background`), the search worker in the
  foreground, and the index's write lock keeps it to one rebuild at a time.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from marketplace.catalog import certificates
from marketplace.models import (
    ArtisanProfile,
    Booth,
    BoothFeature,
    Category,
    Certificate,
    CertificateType,
    Cooperative,
    County,
    Listing,
    ListingImage,
    ListingTranslation,
    Province,
    SearchOutbox,
    Village,
)
from marketplace.search import cursor, outbox
from marketplace.search.building import build
from marketplace.search.documents import all_documents, analyse, count_active, documents_for
from marketplace.search.index import IndexBusy, IndexCorrupt, IndexOutdated, SearchIndex

log = logging.getLogger(__name__)
EXTENSION = "bazaar_search"
# Above this many listings a rebuild uses both cores (`building.build`'s writer processes).
_PARALLEL_REBUILD_FROM = 20_000
# After a failed repair, the next one waits this long (a full disk must not mean endless rebuilds).
REPAIR_RETRY_SECONDS = 30.0
# What a search answers while the index is rebuilt: the demo takes seconds, 100k listings on
# one core about half a minute (bench/README.md).
REBUILD_RETRY_AFTER_SECONDS = 30
# An idle `flask search worker` says it is alive this often (`flask search nodes` shows it).
HEARTBEAT_SECONDS = 30.0


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = SearchIndex(
        app.config["SEARCH_INDEX_DIR"], lock_timeout=app.config["SEARCH_LOCK_TIMEOUT"],
        node=app.config.get("SEARCH_NODE") or None,
    )
    install_hooks()


def search_index(app: Flask | None = None) -> SearchIndex:
    return (app or current_app).extensions[EXTENSION]


# Writing outbox rows ---------------------------------------------------------------------------


def install_hooks() -> None:
    for name, hook in (("after_flush", record_listing_changes), ("after_commit", _after_commit),
                       ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def record_listing_changes(session: Session, flush_context) -> None:
    """Write an outbox row for every listing whose searchable content this flush changed.

    An `after_flush` hook rather than `before_flush`: new rows have their ids by now, and the
    session's new/dirty/deleted lists and attribute history still describe this flush.
    """
    changed = [*session.new, *session.deleted,
               *(obj for obj in session.dirty if session.is_modified(obj))]
    if not changed:
        return
    connection = session.connection()
    listing_ids: set[int] = set()
    for obj in changed:
        listing_ids.update(_affected_listings(connection, obj))
    outbox.write(session, listing_ids)


def _affected_listings(connection: Connection, obj) -> set[int]:
    if isinstance(obj, Listing):
        return {obj.id}
    if isinstance(obj, ListingTranslation | ListingImage):
        return {obj.listing_id or (obj.listing.id if obj.listing else None)}
    if isinstance(obj, BoothFeature):  # featured at a fair, or no longer
        return {obj.listing_id or (obj.listing.id if obj.listing else None)}
    if isinstance(obj, Booth):  # accepted or withdrawn: its listings enter or leave the fair
        return set(connection.scalars(select(BoothFeature.listing_id).where(
            BoothFeature.booth_id == obj.id, BoothFeature.unfeatured_at.is_(None))))
    by_column = {
        ArtisanProfile: Listing.artisan_id,
        Cooperative: Listing.cooperative_id,
        Village: Listing.village_id,
    }
    for model, column in by_column.items():
        if isinstance(obj, model):
            return set(connection.scalars(select(Listing.id).where(column == obj.id)))
    if isinstance(obj, County):
        villages = select(Village.id).where(Village.county_id == obj.id)
        return set(connection.scalars(select(Listing.id).where(Listing.village_id.in_(villages))))
    if isinstance(obj, Province):
        villages = select(Village.id).join(County).where(County.province_id == obj.id)
        return set(connection.scalars(select(Listing.id).where(Listing.village_id.in_(villages))))
    if isinstance(obj, Category):
        subtree = _category_subtree(connection, obj.id)
        return set(connection.scalars(select(Listing.id).where(Listing.category_id.in_(subtree))))
    if isinstance(obj, Certificate):
        return certificates.listings_badged_by(connection, obj)
    if isinstance(obj, CertificateType):
        return certificates.listings_badged_by_type(connection, obj.id)
    return set()


def _category_subtree(connection: Connection, root_id: int) -> set[int]:
    parents = dict(connection.execute(select(Category.id, Category.parent_id)).all())
    subtree = {root_id}
    grew = True
    while grew:
        more = {c for c, p in parents.items() if p in subtree and c not in subtree}
        subtree |= more
        grew = bool(more)
    return subtree


def _after_rollback(session: Session) -> None:
    session.info.pop(outbox.PENDING, None)


def _after_commit(session: Session) -> None:
    """In the demo, apply this transaction's outbox rows right away (in production the worker
    does). Never raises: the change is committed and the rows wait for the next drain."""
    if session.in_nested_transaction():
        # A savepoint was released (`begin_nested`): nothing is committed yet, and a drain on
        # another connection would wait for this transaction's lock (on SQLite, the whole
        # database) until it timed out. The outer commit drains.
        return
    if not session.info.pop(outbox.PENDING, False):
        return
    if not has_app_context() or not current_app.config.get("SEARCH_DRAIN_AFTER_COMMIT"):
        return
    index = current_app.extensions.get(EXTENSION)
    if index is None:
        return
    try:
        drain(index, session.get_bind())
    except IndexBusy:
        log.info("search index busy; outbox rows left for the next drain")
    except IndexCorrupt as exc:
        log.warning("%s; outbox rows left for the rebuilt index", exc)
        repair_in_background(index, session.get_bind())
    except Exception:
        log.exception("search index update failed; outbox rows left for the next drain")


# Applying outbox rows -------------------------------------------------------------------------


def drain(index: SearchIndex, bind: Engine | Connection, *, batch_size: int = 1000) -> int:
    """Apply the outbox rows this node has not applied yet; return how many were applied.

    Follows the node's cursor (search/cursor.py): rows past its position in id order, many
    per index commit, and the rows of its gaps; then moves the cursor and prunes the rows every
    node has passed. A node that is not registered yet registers and rebuilds its index first.
    Uses its own session, so it may run right after another session's commit.
    """
    applied = 0
    with Session(bind=bind) as session:
        position = cursor.load(session, index.node)
        if position is None or position.position < 0:
            with index.write_locked():
                rebuild(index, session, locked=True, may_fork=False)
        elif not position.gaps and session.scalar(
                select(SearchOutbox.id).where(SearchOutbox.id > position.position).limit(1)
        ) is None:
            return 0
        _ensure_current(index, session)
        more = True
        while more:
            count, more = _apply_batch(index, session, batch_size)
            applied += count
        # Most gaps are transactions that committed a moment after our read: one more look
        # closes them now rather than at the next drain, and lets their rows be pruned.
        if (now := cursor.load(session, index.node)) is not None and now.gaps:
            applied += _apply_batch(index, session, batch_size)[0]
        return applied


def _apply_batch(index: SearchIndex, session: Session, batch_size: int) -> tuple[int, bool]:
    """Apply one batch; (rows applied, whether more may be waiting)."""
    before = cursor.load(session, index.node)
    if before is None:  # retired while we ran: the next drain registers it again
        return 0, False
    batch = cursor.read(session, before, batch_size)
    if batch.listing_ids:
        with index.writer() as writer:
            # Documents are read while holding the index lock, so a listing's document is never
            # replaced by one read before it, whichever drainer of this index comes first.
            docs = documents_for(session, batch.listing_ids)
            for listing_id in batch.listing_ids:
                if listing_id in docs:
                    writer.update_document(**docs[listing_id])
                else:
                    writer.delete_by_term("id", str(listing_id))
    after = cursor.advance(before, batch)
    if after != before:
        if cursor.save(session, before, after):
            cursor.prune(session)
        session.commit()
    session.rollback()
    return len(batch.ahead) + len(batch.in_gaps), len(batch.ahead) == batch_size


def _ensure_current(index: SearchIndex, session: Session) -> None:
    try:
        index.ix()
    except IndexOutdated:
        repair(index, session.get_bind())


def ensure_ready(index: SearchIndex, bind: Engine | Connection) -> None:
    """Make sure a current index exists (rebuilding from the database if not)."""
    try:
        index.ix()
    except IndexOutdated:
        repair(index, bind)


# Repairing ------------------------------------------------------------------------------------


def repair(index: SearchIndex, bind: Engine | Connection) -> int | None:
    """Rebuild a missing, outdated or corrupt index from the database; the number of listings
    indexed, or None if another process mended it while we waited for the lock. The outbox
    rows written meanwhile wait for the next drain."""
    with index.write_locked():
        problem = index.problem()
        if problem is None:
            return None
        log.warning("%s: rebuilding the search index", problem)
        with Session(bind=bind) as session:
            # No writer processes: forking a threaded web worker can deadlock the child.
            return rebuild(index, session, locked=True, may_fork=False)


def repair_in_background(index: SearchIndex, bind: Engine | Connection) -> threading.Thread | None:
    """Start `repair` in a thread of this process, unless one is running or one failed less
    than REPAIR_RETRY_SECONDS ago; the thread, or None."""
    if not index.repair_slot.acquire(blocking=False):
        return None
    if time.monotonic() - index.repair_failed_at < REPAIR_RETRY_SECONDS:
        index.repair_slot.release()
        return None

    def run() -> None:
        try:
            repair(index, bind)
            drain(index, bind)
        except IndexBusy:
            log.info("search index locked by another rebuild; leaving the repair to it")
        except Exception:
            index.repair_failed_at = time.monotonic()
            log.exception("search index repair failed; retrying in %.0f s", REPAIR_RETRY_SECONDS)
        finally:
            index.repair_slot.release()

    thread = threading.Thread(target=run, name="search-index-repair", daemon=True)
    thread.start()
    return thread


# Rebuilding -----------------------------------------------------------------------------------


def rebuild(index: SearchIndex, session: Session,
            progress: Callable[[int], None] | None = None, *, locked: bool = False,
            may_fork: bool = True) -> int:
    """Index every active listing into a fresh index and swap it in; return the count.

    The node is registered (committed) before the database is read, so no outbox row it may
    need is pruned meanwhile; a node rebuilt for the first time starts past the rows the
    rebuild has read (`cursor.starting_point`). Outbox rows are left alone: those
    older than our read are re-applied harmlessly by the next drain, those newer than it must
    be. `locked`: the caller holds the write lock.
    """
    cursor.register(session, index.node)
    start = cursor.starting_point(session, index.node)
    total = count_active(session)
    started = time.monotonic()
    parallel = may_fork and total >= _PARALLEL_REBUILD_FROM
    with index.rebuilding(locked=locked) as new_ix:
        count = build(new_ix, all_documents(session, analysed=False), prepare=analyse,
                      procs=2 if parallel else 1, progress=progress)
    cursor.mark_rebuilt(session, start)
    log.info("search index rebuilt: %d listings in %.1f s", count, time.monotonic() - started)
    return count


def run_worker(index: SearchIndex, bind: Engine, *, poll_seconds: float = 0.5,
               stop: Callable[[], bool] = lambda: False,
               heartbeat_seconds: float = HEARTBEAT_SECONDS) -> None:
    """`flask search worker`: follow the outbox into this node's index for ever (one worker per
    index), rebuilding the index whenever it is found missing or damaged, and telling the
    other nodes it is alive while idle (`flask search nodes`)."""
    _repair_unless_busy(index, bind)
    beat = time.monotonic()
    while not stop():
        try:
            applied = drain(index, bind)
        except IndexBusy:
            applied = 0
        except IndexCorrupt as exc:
            log.warning("%s", exc)
            applied = 0
            _repair_unless_busy(index, bind)
        if applied:
            log.info("search index: applied %d outbox rows", applied)
            beat = time.monotonic()  # moving the cursor is a heartbeat
            continue
        if time.monotonic() - beat >= heartbeat_seconds:
            with Session(bind=bind) as session:
                cursor.heartbeat(session, index.node)
                session.commit()
            beat = time.monotonic()
        time.sleep(poll_seconds)


def _repair_unless_busy(index: SearchIndex, bind: Engine) -> None:
    try:
        repair(index, bind)
    except IndexBusy:
        log.info("search index locked by another rebuild; leaving the repair to it")
