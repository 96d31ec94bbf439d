"""Counters: how many times something happened to a thing on a day, and nothing else.

Generic on purpose (a subject, an id, an event): listings count views and carts here, and any
other feature (a fair's booth visits) can count with the same table and the same two calls.
A counter holds no address, account, cookie or time of day; it cannot tell who did it.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from marketplace.models import DailyCounter
from marketplace.models.base import utcnow

# What may be counted: subject -> its events. A beacon naming anything else is refused.
EVENTS: dict[str, frozenset[str]] = {"listing": frozenset({"view", "cart"})}


class UnknownCounter(ValueError):
    pass


def bump(session: Session, subject: str, subject_id: int, event: str, *,
         day: date | None = None, by: int = 1) -> None:
    """Add `by` to the day's count, in one statement (no read, so no race to lose)."""
    if event not in EVENTS.get(subject, ()):
        raise UnknownCounter(f"{subject}:{event}")
    dialect = postgresql if session.connection().dialect.name == "postgresql" else sqlite
    table = DailyCounter.__table__
    statement = dialect.insert(table).values(
        subject=subject, subject_id=subject_id, day=day or utcnow().date(), event=event, count=by)
    session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.subject, table.c.subject_id, table.c.day, table.c.event],
        set_={"count": table.c.count + statement.excluded.count},
    ))


def totals(session: Session, subject: str, subject_ids, *, start: date, end: date
           ) -> dict[int, dict[str, int]]:
    """subject id -> event -> count over the days start..end (inclusive), in one query."""
    rows = session.execute(
        select(DailyCounter.subject_id, DailyCounter.event, func.sum(DailyCounter.count))
        .where(DailyCounter.subject == subject, DailyCounter.subject_id.in_(subject_ids),
               DailyCounter.day >= start, DailyCounter.day <= end)
        .group_by(DailyCounter.subject_id, DailyCounter.event)
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for subject_id, event, count in rows:
        result[subject_id][event] = int(count)
    return result
