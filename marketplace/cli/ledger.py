"""`flask ledger verify` proves the books balance."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from marketplace.cooperatives import ledger
from marketplace.extensions import db
from marketplace.models import Entry, LedgerTransaction

ledger_commands = AppGroup("ledger", help="The money ledger.")


@ledger_commands.command("verify")
def verify_command() -> None:
    """Check that every transaction balances per currency and no payable is below zero."""
    problems = ledger.verify(db.session)
    transactions = db.session.scalar(select(func.count()).select_from(LedgerTransaction))
    entries = db.session.scalar(select(func.count()).select_from(Entry))
    for problem in problems:
        click.echo(f"PROBLEM: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"Ledger OK: {transactions} transactions, {entries} entries, all balanced.")

