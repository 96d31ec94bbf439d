"""`flask fx set` and `flask fx show`: exchange rates against the rial."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.commerce import fx
from marketplace.extensions import db

fx_cli = AppGroup("fx", help="Exchange rates against the rial.")


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
