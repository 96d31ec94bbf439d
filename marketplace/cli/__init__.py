"""Operator commands, one module per command group; `register` adds them all to the app."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from marketplace.cli.accounts import create_admin_command
    from marketplace.cli.backup import backup_command, restore_command
    from marketplace.cli.demo import seed_demo_command
    from marketplace.cli.fx import fx_cli
    from marketplace.cli.images import images_cli
    from marketplace.cli.jobs import jobs_cli
    from marketplace.cli.ledger import ledger_commands
    from marketplace.cli.mail import mail_cli
    from marketplace.cli.orders import orders_cli
    from marketplace.cli.payments import payments_cli
    from marketplace.cli.provenance import insights_cli, provenance_cli
    from marketplace.cli.search import search_commands

    for command in (seed_demo_command, create_admin_command, backup_command, restore_command,
                    fx_cli, orders_cli, payments_cli, mail_cli, ledger_commands,
                    search_commands, jobs_cli, images_cli, provenance_cli,
                    insights_cli):
        app.cli.add_command(command)
