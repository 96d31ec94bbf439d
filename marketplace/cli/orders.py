"""`flask orders expire`: holds past their time give their stock back."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.commerce.payments import reconcile
from marketplace.extensions import db
from marketplace.mail import outbox

orders_cli = AppGroup("orders", help="Order housekeeping.")


@orders_cli.command("expire")
def orders_expire() -> None:
    """Cancel checkouts not paid in time and put their stock back on sale."""
    cancelled = reconcile.expire(db.session, current_app.extensions["payment_provider"])
    db.session.commit()
    outbox.send_pending(db.session)
    click.echo(f"{cancelled} order(s) cancelled, their stock released.")
