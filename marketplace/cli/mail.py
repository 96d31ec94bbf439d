"""`flask mail send`: retry what waits in the mail outbox."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.extensions import db
from marketplace.mail import outbox

mail_cli = AppGroup("mail", help="The mail outbox.")


@mail_cli.command("send")
def mail_send() -> None:
    """Retry sending what waits in the outbox."""
    click.echo(f"{outbox.send_pending(db.session)} message(s) sent.")
