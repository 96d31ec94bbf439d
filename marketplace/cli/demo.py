"""`flask seed-demo`: the demo catalogue from the field reports, into an empty database."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Listing


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo catalogue (only into an empty database) and print the demo logins."""
    from marketplace.demo.seed import seed_demo
    from marketplace.insights import provenance

    if db.session.scalar(select(func.count()).select_from(Listing)):
        click.echo("Database already has data; demo not loaded.")
        return
    logins = seed_demo(db.session, upload_dir=Path(current_app.config["UPLOAD_DIR"]),
                       signer=provenance.signer(current_app),
                       evidence_dir=Path(current_app.config["EVIDENCE_DIR"]))
    db.session.commit()
    click.echo("Demo data loaded. Demo logins:")
    for login in logins:
        click.echo(f"  {login.role:<16} {login.email:<26} {login.password}  {login.note}")
