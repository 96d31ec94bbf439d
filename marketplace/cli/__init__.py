"""Operator commands: `flask seed-demo`, `flask create-admin`, `flask search ...`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from marketplace.accounts import identity
from marketplace.core import backup
from marketplace.extensions import db
from marketplace.models import Listing, Role, User


def register(app: Flask) -> None:
    from marketplace.cli.commerce import COMMANDS as checkout_commands
    from marketplace.cli.jobs import jobs_cli
    from marketplace.cli.ledger import ledger_commands
    from marketplace.cli.search import search_commands

    for command in checkout_commands:
        app.cli.add_command(command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(search_commands)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(ledger_commands)
    app.cli.add_command(jobs_cli)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo catalogue (only into an empty database) and print the demo logins."""
    from marketplace.demo.seed import seed_demo

    if db.session.scalar(select(func.count()).select_from(Listing)):
        click.echo("Database already has data; demo not loaded.")
        return
    logins = seed_demo(db.session, upload_dir=Path(current_app.config["UPLOAD_DIR"]))
    db.session.commit()
    click.echo("Demo data loaded. Demo logins:")
    for login in logins:
        click.echo(f"  {login.role:<16} {login.email:<26} {login.password}  {login.note}")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", default="Platform admin", show_default=True)
@click.password_option()
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create a platform admin, or promote an existing account."""
    user = db.session.scalar(select(User).where(User.email == identity.normalise_email(email)))
    if user is None:
        if len(password) < identity.PASSWORD_MIN:
            raise click.BadParameter(
                f"at least {identity.PASSWORD_MIN} characters", param_hint="password"
            )
        user = identity.register(
            db.session, email=email, password=password, display_name=name, role=Role.PLATFORM_ADMIN
        )
    else:
        user.role = Role.PLATFORM_ADMIN
    db.session.commit()
    click.echo(f"{user.email} is a platform admin.")


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(destination: Path) -> None:
    """Write a consistent copy of the database (SQLite file or pg_dump custom format)."""
    backup.backup(db.engine, destination)
    click.echo(f"Backed up to {destination}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database. Continue?")
def restore_command(source: Path) -> None:
    """Replace the database's contents with a backup made by `flask backup`."""
    db.session.remove()
    backup.restore(db.engine, source)
    click.echo(f"Restored from {source}.")
