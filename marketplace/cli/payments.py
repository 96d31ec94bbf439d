"""`flask payments reconcile`: what a lost webhook or a crash left pending is repaired (S26)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.commerce.payments import reconcile
from marketplace.extensions import db
from marketplace.mail import outbox

payments_cli = AppGroup("payments", help="Payment repairs.")


@payments_cli.command("reconcile")
def payments_reconcile() -> None:
    """Ask the provider about every pending card checkout and record what it says."""
    outcome = reconcile.reconcile(db.session, current_app.extensions["payment_provider"])
    db.session.commit()
    outbox.send_pending(db.session)
    summary = ", ".join(f"{key}: {value}" for key, value in sorted(outcome.items())) or "nothing"
    click.echo(f"Reconciled: {summary}.")
