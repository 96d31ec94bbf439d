"""The job runner: expiry, reconciliation, mail and search drain, each on its own (S28)."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from marketplace import jobs
from marketplace.commerce import carts, ordering
from marketplace.extensions import db
from marketplace.models import Checkout, Listing, MailOutbox, OrderStatus, PaymentMethod
from marketplace.models.base import utcnow


def _unpaid_bank_transfer(shop, *, placed_ago: timedelta) -> int:
    buyer = shop.other_shopper
    cart = carts.find_or_create(db.session, user_id=buyer.id, token=None)
    carts.add(db.session, cart, shop.catalog.kilim.id, 5, buyer_id=buyer.id)
    checkout = ordering.start_checkout(
        db.session, buyer_id=buyer.id, cart=cart,
        address=ordering.Address("Sam", "Valiasr St 5", "Tehran", "", "IR"),
        method=PaymentMethod.BANK_TRANSFER, currency="IRR", rates={},
        policy=ordering.CheckoutPolicy.from_config(current_app.config), now=utcnow() - placed_ago)
    db.session.commit()
    return checkout.id


def test_one_tick_of_the_runner_releases_an_expired_hold(app, shop):
    """S28: nobody runs `flask orders expire`; one tick of `flask jobs run` frees the stock."""
    expired = _unpaid_bank_transfer(shop, placed_ago=timedelta(days=3))
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 0
    result = app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        "expire-holds", "reconcile-payments", "send-mail", "drain-search",
        "close-purchase-rounds", "weekly-digest", "expire-certificates", "remind-certificates"]
    assert db.session.get(Checkout, expired).orders[0].status == OrderStatus.CANCELLED
    assert db.session.get(Listing, shop.catalog.kilim.id).stock == 5


def test_a_job_that_raises_is_rolled_back_and_logged_and_the_others_still_run(
        app, shop, monkeypatch, caplog):
    """S28: reconciliation breaks halfway through its transaction; what it wrote is undone,
    the error is logged, the exit code tells cron, and expiry and mail still happen."""
    expired = _unpaid_bank_transfer(shop, placed_ago=timedelta(days=3))

    def broken_reconcile() -> str:
        db.session.add(MailOutbox(to="nobody@example.com", subject="half-written", body=""))
        db.session.flush()
        raise RuntimeError("provider answered nonsense")

    monkeypatch.setattr(jobs, "reconcile_payments", broken_reconcile)
    with caplog.at_level(logging.ERROR, logger="marketplace.jobs"):
        result = app.test_cli_runner().invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 1
    assert "reconcile-payments: failed (see the log)" in result.output
    assert "job reconcile-payments failed" in caplog.text
    assert "provider answered nonsense" in caplog.text
    assert db.session.get(Checkout, expired).orders[0].status == OrderStatus.CANCELLED
    assert "send-mail: 1 message(s) sent" in result.output  # the order-placed email
    assert db.session.scalar(select(MailOutbox).where(MailOutbox.subject == "half-written")) \
        is None
    assert app.extensions["mail_backend"].sent[-1]["To"] == shop.other_shopper.email


def test_each_job_runs_again_one_interval_after_it_ended(app):
    """The intervals come from the configuration; a fake clock shows the schedule."""
    app.config["JOB_EXPIRE_HOLDS_SECONDS"] = 7
    assert {job.name: job.interval for job in jobs.schedule(app.config)} == {
        "expire-holds": 7, "reconcile-payments": 300, "send-mail": 30, "drain-search": 5,
        "close-purchase-rounds": 60, "weekly-digest": 3600, "expire-certificates": 600,
        "remind-certificates": 600}
    now = [0.0]
    runs: list[tuple[str, float]] = []

    def job(name: str):
        return lambda: runs.append((name, now[0])) or "done"

    def sleep(seconds: float) -> None:
        assert 0 <= seconds <= 1
        now[0] += seconds

    table = [jobs.Job("often", 10, job("often")), jobs.Job("rarely", 25, job("rarely"))]
    jobs.run_forever(table, stop=lambda: now[0] >= 60, clock=lambda: now[0], sleep=sleep)
    assert [at for name, at in runs if name == "often"] == [0, 10, 20, 30, 40, 50]
    assert [at for name, at in runs if name == "rarely"] == [0, 25, 50]
