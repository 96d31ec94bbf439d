"""Backups restore every record (S32); on SQLite and, in CI, on PostgreSQL."""
from __future__ import annotations

from marketplace.cooperatives import ledger
from marketplace.extensions import db
from marketplace.models import Listing, Order, User
from tests import factories
from tests.unit.test_ledger_orders import paid_order


def test_backup_and_restore_bring_back_every_record(app, catalog, tmp_path):
    """S32: a restored database holds every order and passes the ledger check."""
    paid_order(catalog, factories.user(db.session, "buyer@example.com"), quantity=1)
    db.session.commit()
    before_orders = sorted((o.id, o.status, o.total_minor) for o in db.session.query(Order))
    runner = app.test_cli_runner()
    before_users = sorted(u.email for u in db.session.query(User))
    before_listings = sorted((li.id, li.price_minor, li.stock) for li in db.session.query(Listing))
    result = runner.invoke(args=["backup", str(tmp_path / "bazaar.backup")])
    assert result.exit_code == 0, result.output

    db.session.query(Listing).filter(Listing.id == catalog.kilim.id).update({"stock": 0})
    db.session.commit()

    db.session.remove()
    result = runner.invoke(args=["restore", "--yes", str(tmp_path / "bazaar.backup")])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert sorted(u.email for u in db.session.query(User)) == before_users
    after = sorted((li.id, li.price_minor, li.stock) for li in db.session.query(Listing))
    assert after == before_listings
    assert sorted((o.id, o.status, o.total_minor) for o in db.session.query(Order)) == before_orders
    assert before_orders and ledger.verify(db.session) == []
    assert "Ledger OK: 1 transactions" in runner.invoke(args=["ledger", "verify"]).output


def test_restore_refuses_a_missing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "nope")])
    assert result.exit_code != 0
