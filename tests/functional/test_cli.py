"""Operator commands."""
from __future__ import annotations

from marketplace.extensions import db
from marketplace.models import Role, User
from tests import factories


def test_create_admin_makes_a_platform_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--email", "Root@Bazaar.test", "--name", "Root",
              "--password", "madder-and-indigo"],
    )
    assert result.exit_code == 0, result.output
    admin = db.session.query(User).filter_by(email="root@bazaar.test").one()
    assert admin.role == Role.PLATFORM_ADMIN


def test_create_admin_promotes_an_existing_account(app):
    factories.user(db.session, "leila@example.com")
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", "leila@example.com", "--password", "irrelevant-here"]
    )
    assert result.exit_code == 0, result.output
    assert db.session.query(User).filter_by(email="leila@example.com").one().is_platform_admin
