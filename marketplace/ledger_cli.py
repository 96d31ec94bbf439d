"""`flask ledger verify` proves the books balance; `flask ledger post-paid` catches up orders."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from marketplace import ledger
from marketplace.extensions import db
from marketplace.models import Entry, LedgerTransaction, Order, OrderStatus, TransactionKind

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


@ledger_commands.command("post-paid")
def post_paid_command() -> None:
    """Post every paid, shipped or delivered order (and refund every refunded one) not yet in
    the ledger. Safe to run again: postings are idempotent by order."""
    posted = {ref for ref, in db.session.execute(
        select(LedgerTransaction.reference).where(LedgerTransaction.kind == TransactionKind.SALE))}
    refunded = {ref for ref, in db.session.execute(
        select(LedgerTransaction.reference)
        .where(LedgerTransaction.kind == TransactionKind.REFUND))}
    fee = current_app.config["PLATFORM_FEE_BPS"]
    sold = (OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.REFUNDED)
    count = 0
    for order in db.session.scalars(select(Order).where(Order.status.in_(sold))
                                    .order_by(Order.id)):
        reference = f"order:{order.id}"
        if reference not in posted:
            ledger.post_order_paid(db.session, order, platform_fee_bps=fee)
            count += 1
        if order.status == OrderStatus.REFUNDED and reference not in refunded:
            ledger.post_order_refunded(db.session, order)
            count += 1
    db.session.commit()
    click.echo(f"{count} postings made.")
