"""`flask create-admin`: a platform admin, new or promoted."""
from __future__ import annotations

import click
from sqlalchemy import select

from marketplace.accounts import identity
from marketplace.extensions import db
from marketplace.models import Role, User


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
