"""Backups restore every record (S32); on SQLite and, in CI, on PostgreSQL."""
from __future__ import annotations

from marketplace.extensions import db
from marketplace.models import Listing, User


def test_backup_and_restore_bring_back_every_record(app, catalog, tmp_path):
    """S32: a restored database holds everything the backup had."""
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


def test_restore_refuses_a_missing_file(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(tmp_path / "nope")])
    assert result.exit_code != 0
