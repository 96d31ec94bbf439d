"""Each node's place in the search outbox (docs/architecture.md, "Scale path").

Every app node keeps its own Whoosh index and follows the one outbox with its own cursor: a
`position` (the highest outbox id it has applied) and `gaps`, ranges of lower ids it has not
seen yet.

Why gaps: PostgreSQL hands out a sequence id when the row is inserted, not when its
transaction commits, so row 10 may be visible while row 9 is still on its way. A reader that
jumped to 10 would never look at 9 again. So the ids a read skips become a gap, re-read at
every drain until either the row shows up (it is applied) or every transaction that was
writing to the outbox when the gap was seen has ended: then the id belonged to a rolled-back
insert, which PostgreSQL never hands out again. "Writing" is exact: an INSERT locks the table
(RowExclusiveLock) before it takes its id and keeps the lock until its transaction ends, so the
gap keeps the virtual transaction ids holding that lock after the read that found it
(`pg_locks`, this database only), and it is closed at a later drain that finds none of them
left, before re-reading its rows. GAP_SECONDS is only a backstop for a transaction that never
ends (then `flask search check` repairs what a closed gap could have hidden). SQLite has one
writer at a time and its ids follow the commit order, so a skipped id there was rolled back and
is never a gap.

Outbox rows are pruned only below the lowest id some registered node may still need (`floor`).
A node registers (committed) before it rebuilds its index from the database, and then starts
past the rows committed before the rebuild read them, with the lower ids that a transaction
still writing may hold as a gap: so it starts where the other nodes are, and whatever was
pruned before it came was in what the rebuild read.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.models import SearchNode, SearchOutbox
from marketplace.models.base import utcnow

log = logging.getLogger(__name__)
# A gap still open after this long is given up (see the module's docstring).
GAP_SECONDS = 600.0


@dataclass(frozen=True)
class Gap:
    """Outbox ids first..last (inclusive) not seen when the cursor passed them."""

    first: int
    last: int
    writers: tuple[str, ...]  # transactions writing to the outbox when the gap was seen
    seen_at: float  # epoch seconds

    def without(self, ids: Iterable[int]) -> list[Gap]:
        """The parts of this range that do not hold any of `ids`."""
        parts, start = [], self.first
        for i in sorted(i for i in set(ids) if self.first <= i <= self.last):
            if i > start:
                parts.append(replace(self, first=start, last=i - 1))
            start = i + 1
        if start <= self.last:
            parts.append(replace(self, first=start))
        return parts


@dataclass(frozen=True)
class Cursor:
    node: str
    position: int
    gaps: tuple[Gap, ...] = ()

    @property
    def floor(self) -> int:
        """The lowest outbox id this node may still need."""
        return min([g.first for g in self.gaps] + [self.position + 1])

    def signature(self) -> str:
        """What the node's index has applied, equal on two nodes that applied the same rows."""
        return ".".join([str(self.position), *(f"{g.first}-{g.last}" for g in self.gaps)])

    def gaps_json(self) -> str:
        return json.dumps([[g.first, g.last, list(g.writers), round(g.seen_at, 3)]
                           for g in self.gaps])


def writers(connection: Connection) -> frozenset[str] | None:
    """The transactions writing to the outbox now (their virtual ids), on PostgreSQL; None on
    SQLite, where no write can be in flight beside a reader's view."""
    if connection.dialect.name != "postgresql":
        return None
    return frozenset(connection.exec_driver_sql(
        "SELECT DISTINCT virtualtransaction FROM pg_locks"
        " WHERE locktype = 'relation' AND mode = 'RowExclusiveLock'"
        " AND relation = 'search_outbox'::regclass"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    ).scalars())


def _from_row(row: SearchNode) -> Cursor:
    gaps = tuple(Gap(first, last, tuple(held), seen_at)
                 for first, last, held, seen_at in json.loads(row.gaps or "[]"))
    return Cursor(row.name, row.position, gaps)


def load(session: Session, node: str) -> Cursor | None:
    row = session.get(SearchNode, node, populate_existing=True)
    return _from_row(row) if row is not None else None


# The position of a node registered but whose index has not been rebuilt since.
UNBUILT = -1


def register(session: Session, node: str) -> bool:
    """Add `node` (position UNBUILT) and commit, unless it is registered already; whether it
    was added. The caller takes its `starting_point`, rebuilds the index and calls
    `mark_rebuilt`; a node left UNBUILT (a crash in between) is rebuilt by its next drain."""
    if session.get(SearchNode, node) is not None:
        return False
    try:
        session.execute(insert(SearchNode).values(name=node, position=UNBUILT, gaps="[]",
                                                  registered_at=utcnow(), heartbeat_at=utcnow()))
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    log.info("search node %s registered", node)
    return True


def starting_point(session: Session, node: str) -> Cursor:
    """Where a node whose index is about to be rebuilt from the database starts: past every
    outbox row committed now (the rebuild reads them) and every id another node has passed
    (their rows may be pruned already), with the lower ids a writer still running may hold
    kept as a gap (PostgreSQL). Taken after `register`, before the read."""
    connection = session.connection()
    position = max(session.scalar(select(func.max(SearchOutbox.id))) or 0,
                   session.scalar(select(func.max(SearchNode.position))) or 0)
    running = writers(connection)
    gaps = (Gap(1, position, tuple(sorted(running)), time.time()),) \
        if running and position > 0 else ()
    return Cursor(node, position, gaps)


def mark_rebuilt(session: Session, start: Cursor) -> None:
    """The node's index was rebuilt from the database after `start` was taken."""
    session.execute(update(SearchNode).where(SearchNode.name == start.node,
                                             SearchNode.position == UNBUILT)
                    .values(position=start.position, gaps=start.gaps_json(),
                            heartbeat_at=utcnow())
                    .execution_options(synchronize_session=False))
    prune(session)
    session.commit()


@dataclass(frozen=True)
class Batch:
    """Outbox rows read for one drain step: those past the position (in id order, at most the
    limit) and those found in the gaps, as (id, listing id)."""

    ahead: list[tuple[int, int]]
    in_gaps: list[tuple[int, int]]
    before: frozenset[str] | None  # outbox writers before the rows were read (PostgreSQL)
    after: frozenset[str] | None  # and after

    @property
    def listing_ids(self) -> list[int]:
        return list(dict.fromkeys(listing for _, listing in [*self.in_gaps, *self.ahead]))


def read(session: Session, cursor: Cursor, limit: int) -> Batch:
    connection = session.connection()
    before = writers(connection)
    rows = select(SearchOutbox.id, SearchOutbox.listing_id)
    ahead = session.execute(
        rows.where(SearchOutbox.id > cursor.position).order_by(SearchOutbox.id).limit(limit)
    ).all()
    in_gaps = []
    if cursor.gaps:
        in_gaps = session.execute(rows.where(or_(*(
            and_(SearchOutbox.id >= g.first, SearchOutbox.id <= g.last) for g in cursor.gaps
        ))).order_by(SearchOutbox.id)).all()
    after = writers(connection) if before is not None else None
    return Batch([tuple(r) for r in ahead], [tuple(r) for r in in_gaps], before, after)


def advance(cursor: Cursor, batch: Batch, *, now: float | None = None,
            gap_seconds: float = GAP_SECONDS) -> Cursor:
    """The cursor once `batch` has been applied: past the rows read, the ids they skipped kept
    as a new gap (PostgreSQL only), the gaps' rows taken out of them, and the gaps whose
    writers have all ended (or that waited GAP_SECONDS) closed."""
    now = time.time() if now is None else now
    gaps: list[Gap] = []
    found = [i for i, _ in batch.in_gaps]
    for gap in cursor.gaps:
        if batch.before is not None and not batch.before.intersection(gap.writers):
            continue  # every writer of its time has ended, and its rows were read after that
        if now - gap.seen_at > gap_seconds:
            log.warning("search outbox ids %d-%d of node %s not seen for %.0f s; giving up on "
                        "them (flask search check repairs what they held)",
                        gap.first, gap.last, cursor.node, now - gap.seen_at)
            continue
        gaps.extend(gap.without(found))
    ids = [i for i, _ in batch.ahead]
    position = max([cursor.position, *ids])
    if batch.after is not None:  # PostgreSQL: what was skipped may still be committed
        mark = Gap(cursor.position + 1, position - 1, tuple(sorted(batch.after)), now)
        gaps.extend(mark.without(ids) if position - 1 > cursor.position else [])
    return Cursor(cursor.node, position, tuple(sorted(gaps, key=lambda g: g.first)))


def save(session: Session, old: Cursor, new: Cursor) -> bool:
    """Store `new` if the node's row still says `old` (another drainer of the same index may
    have moved it meanwhile: its rows are then applied again next time, which is harmless)."""
    result = session.execute(
        update(SearchNode)
        .where(SearchNode.name == old.node, SearchNode.position == old.position,
               SearchNode.gaps == old.gaps_json())
        .values(position=new.position, gaps=new.gaps_json(), heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def heartbeat(session: Session, node: str) -> bool:
    """The node is alive (its follower is running); False if it is not registered."""
    result = session.execute(update(SearchNode).where(SearchNode.name == node)
                             .values(heartbeat_at=utcnow())
                             .execution_options(synchronize_session=False))
    return result.rowcount == 1


def floor(session: Session) -> int | None:
    """The lowest outbox id some registered node may still need; None without nodes."""
    nodes = [_from_row(row) for row in session.scalars(select(SearchNode))]
    return min((c.floor for c in nodes), default=None)


def prune(session: Session) -> int:
    """Delete the outbox rows every registered node has passed; how many."""
    lowest = floor(session)
    if lowest is None:
        return 0
    return session.execute(delete(SearchOutbox).where(SearchOutbox.id < lowest)
                           .execution_options(synchronize_session=False)).rowcount


def nodes(session: Session) -> list[tuple[Cursor, datetime, int]]:
    """Every registered node: its cursor, last heartbeat and how many rows it has yet to apply."""
    out = []
    for row in session.scalars(select(SearchNode).order_by(SearchNode.name)):
        cursor = _from_row(row)
        out.append((cursor, row.heartbeat_at, _backlog(session, cursor)))
    return out


def _backlog(session: Session, cursor: Cursor) -> int:
    conditions = [SearchOutbox.id > cursor.position,
                  *(and_(SearchOutbox.id >= g.first, SearchOutbox.id <= g.last)
                    for g in cursor.gaps)]
    return session.scalar(select(func.count()).select_from(SearchOutbox)
                          .where(or_(*conditions))) or 0


def backlog(session: Session, node: str) -> int | None:
    """Rows `node` has yet to apply; None if it is not registered."""
    cursor = load(session, node)
    return None if cursor is None else _backlog(session, cursor)


def retire(session: Session, node: str, *, idle_for: timedelta | None = None) -> bool:
    """Forget a node (its rows are then pruned when the others pass them); with `idle_for`,
    only if its last heartbeat is older than that. False if nothing was retired."""
    query = delete(SearchNode).where(SearchNode.name == node)
    if idle_for is not None:
        query = query.where(SearchNode.heartbeat_at < utcnow() - idle_for)
    return session.execute(query.execution_options(synchronize_session=False)).rowcount == 1
