"""S36 under load: one success delivered many times at once is applied, and refunded, once.

Stripe retries webhooks and `flask payments reconcile` may ask at the same moment, so the same
success arrives under several event ids together. Threads race on a file SQLite database;
processes race on PostgreSQL (with TEST_DATABASE_URL).
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import TestingConfig
from marketplace import create_app
from marketplace.commerce import ordering
from marketplace.commerce.payments.stripe import StripeProvider
from marketplace.cooperatives import ledger
from marketplace.extensions import db
from marketplace.models import CheckoutStatus, OrderEvent, OrderStatus
from tests import factories
from tests.conftest import WEBHOOK_SECRET, RequestPerContextClient
from tests.functional.checkout_helpers import pay_with_token
from tests.unit.test_payments import _card_checkout, _event, _kilim_order, _signed

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
DELIVERIES = 8
on_postgres = pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"),
                                 reason="needs TEST_DATABASE_URL pointing at PostgreSQL")


def _app(database_url: str, instance: Path, stripe_url: str):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SQLALCHEMY_ENGINE_OPTIONS = (
            {"connect_args": {"timeout": 30}} if database_url.startswith("sqlite") else {})
        INSTANCE_DIR = str(instance)
        UPLOAD_DIR = str(instance / "uploads")
        SEARCH_INDEX_DIR = str(instance / "index")
        RATELIMIT_ENABLED = False

    app = create_app(Config)
    app.test_client_class = RequestPerContextClient
    app.extensions["payment_provider"] = StripeProvider(
        secret_key="sk_test", webhook_secret=WEBHOOK_SECRET, api_base=stripe_url)
    return app


def _charged_for_both_then_kilim_cancelled(app, tmp_path: Path, stripe_server):
    """A card checkout charged at Stripe for both orders; the kilim's order is then cancelled."""
    shop = factories.shop(db.session, factories.small_catalog(db.session, str(tmp_path)))
    client = app.test_client()
    checkout = _card_checkout(client, shop)
    payment = checkout.payments[0]
    assert pay_with_token(client, checkout, stripe_server.card_token()).status_code == 200
    kilim_order = _kilim_order(checkout)
    ordering.cancel_order(db.session, kilim_order, note="reservation expired")
    db.session.commit()
    deliveries = [
        _signed(_event(f"evt_race_{n}", "payment_intent.succeeded", payment.intent_id,
                       payment.amount_minor, payment.currency))
        for n in range(DELIVERIES)
    ]
    return checkout, payment, kilim_order, deliveries


def _post(client, body: bytes, signature: str) -> tuple[int, str]:
    response = client.post("/checkout/webhooks/stripe", data=body,
                           headers={"Stripe-Signature": signature,
                                    "Content-Type": "application/json"})
    return response.status_code, (response.get_json(silent=True) or {}).get("outcome", "")


def _check_applied_once(outcomes, checkout, payment, kilim_order, stripe_server) -> None:
    assert sorted(outcomes) == ([(200, "already_paid")] * (DELIVERIES - 1)
                                + [(200, "paid_excess_refunded")])
    db.session.expire_all()
    assert checkout.status == CheckoutStatus.PAID
    assert stripe_server.refunds_for(payment.intent_id) == [kilim_order.charge_total_minor]
    paid = db.session.scalar(select(func.count()).select_from(OrderEvent)
                             .where(OrderEvent.to_status == OrderStatus.PAID))
    assert paid == 1
    assert ledger.verify(db.session) == []


def test_one_success_delivered_at_once_by_threads_pays_and_refunds_once(tmp_path,
                                                                        stripe_server):
    """S36, S24: eight deliveries of one success race on file SQLite: one applies it (the
    bowl's order paid, the kilim's share refunded); the others find it done."""
    app = _app(f"sqlite:///{tmp_path / 'race.sqlite3'}", tmp_path / "instance",
               stripe_server.url)
    with app.app_context():
        db.create_all()
        checkout, payment, kilim_order, deliveries = _charged_for_both_then_kilim_cancelled(
            app, tmp_path, stripe_server)
        barrier = threading.Barrier(DELIVERIES)
        outcomes = []

        def deliver(body: bytes, signature: str) -> None:
            with app.app_context():
                client = app.test_client()
                barrier.wait()
                outcomes.append(_post(client, body, signature))

        threads = [threading.Thread(target=deliver, args=delivery) for delivery in deliveries]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        _check_applied_once(outcomes, checkout, payment, kilim_order, stripe_server)
        db.session.remove()


def _deliver_in_process(database_url, instance, stripe_url, body, signature, barrier,
                        results) -> None:
    app = _app(database_url, Path(instance), stripe_url)
    with app.app_context():
        client = app.test_client()
        barrier.wait()
        results.put(_post(client, body, signature))


@pytest.mark.postgres
@on_postgres
def test_one_success_delivered_at_once_by_processes_pays_and_refunds_once(app, tmp_path,
                                                                          stripe_server):
    """S36, S24: the same race between processes, each with its own connection, on PostgreSQL."""
    app.extensions["payment_provider"] = StripeProvider(
        secret_key="sk_test", webhook_secret=WEBHOOK_SECRET, api_base=stripe_server.url)
    checkout, payment, kilim_order, deliveries = _charged_for_both_then_kilim_cancelled(
        app, tmp_path, stripe_server)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(DELIVERIES)
    results = context.Queue()
    processes = [
        context.Process(target=_deliver_in_process,
                        args=(DATABASE_URL, str(tmp_path / "instance"), stripe_server.url,
                              body, signature, barrier, results))
        for body, signature in deliveries
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    _check_applied_once(outcomes, checkout, payment, kilim_order, stripe_server)

