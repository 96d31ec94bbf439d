"""Operator commands for money and orders: `flask fx set`, `flask orders expire`,
`flask payments reconcile`, `flask mail send`."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.commerce import fx
from marketplace.commerce.payments import reconcile
from marketplace.core import mail
from marketplace.extensions import db

fx_cli = AppGroup("fx", help="Exchange rates against the rial.")
orders_cli = AppGroup("orders", help="Order housekeeping.")
payments_cli = AppGroup("payments", help="Payment repairs.")
mail_cli = AppGroup("mail", help="The mail outbox.")


@fx_cli.command("set")
@click.argument("currency")
@click.argument("rate")
def fx_set(currency: str, rate: str) -> None:
    """Set how many CURRENCY one rial buys, e.g. `flask fx set USD 0.0000238`."""
    try:
        row = fx.set_rate(db.session, currency, rate)
    except fx.InvalidRate as exc:
        raise click.BadParameter(f"not a positive rate or currency: {exc}") from exc
    db.session.commit()
    click.echo(f"1 IRR = {row.rate_text} {row.currency}")


@fx_cli.command("show")
def fx_show() -> None:
    for currency, rate in sorted(fx.current_rates(db.session).items()):
        click.echo(f"{currency} {rate}")


def _provider():
    return current_app.extensions["payment_provider"]


@orders_cli.command("expire")
def orders_expire() -> None:
    """Cancel checkouts not paid in time and put their stock back on sale."""
    cancelled = reconcile.expire(db.session, _provider())
    db.session.commit()
    _send_mail()
    click.echo(f"{cancelled} order(s) cancelled, their stock released.")


@payments_cli.command("reconcile")
def payments_reconcile() -> None:
    """Ask the provider about every pending card checkout and record what it says."""
    outcome = reconcile.reconcile(db.session, _provider())
    db.session.commit()
    _send_mail()
    summary = ", ".join(f"{key}: {value}" for key, value in sorted(outcome.items())) or "nothing"
    click.echo(f"Reconciled: {summary}.")


@mail_cli.command("send")
def mail_send() -> None:
    """Retry sending what waits in the outbox."""
    click.echo(f"{_send_mail()} message(s) sent.")


def _send_mail() -> int:
    return mail.deliver_pending(db.session, current_app.extensions["mail_backend"],
                                sender=current_app.config["MAIL_FROM"])


COMMANDS = (fx_cli, orders_cli, payments_cli, mail_cli)
