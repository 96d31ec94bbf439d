"""Decisions that move money, shares or held stock are made one at a time, on every database (S35).

Such a decision reads a limit (retained earnings, what an artisan is owed, the shares a holder
has, what a shopper already holds) and writes within it. Two requests that both read the limit
before either writes would both pass, so the read and the write must be one exclusive step:

- PostgreSQL: `SELECT … FOR UPDATE` on each owner's row. The second request waits for the first
  to commit and then, under READ COMMITTED, its next statement reads the new balance.
- SQLite: there are no row locks, and pysqlite opens a transaction only at the first write, so
  both requests would read the same balance. `BEGIN IMMEDIATE` takes the database's write lock
  before the first read; the second request waits (the busy timeout) until the first commits.
  A transaction that has already written holds that lock since its first write.

The lock lasts until the caller commits or rolls back, as every view and command does once.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session


def serialise(session: Session, *owners: object) -> None:
    """Make the rest of this transaction exclusive for `owners` (model instances with an `id`).

    Owners are locked in (table, id) order, so two decisions over the same owners never wait on
    each other in a cycle.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    for owner in sorted(owners, key=lambda o: (type(o).__table__.name, o.id)):
        model = type(owner)
        session.execute(select(model.id).where(model.id == owner.id).with_for_update())
