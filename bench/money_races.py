"""Money decisions raced through the real views: attempts, successes and the ledger check (S35).

For each decision (a dividend, the cooperative's and the platform's payout screens, a share
redemption and transfer, a refund) it sends N identical requests at once and prints how many
were sent, how many changed the books, whether any got a 5xx, and what `ledger.verify` says
afterwards. SQLite runs real threads against a database file; with TEST_DATABASE_URL pointing
at PostgreSQL, real processes (tests/race.py).

    .venv/bin/python bench/money_races.py --n 10
    TEST_DATABASE_URL=postgresql+psycopg://bazaar:bazaar@127.0.0.1/bazaar_bench \\
        .venv/bin/python bench/money_races.py --n 10
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from marketplace import create_app
from marketplace.cooperatives import ledger, shares  # noqa: E402
from marketplace.core.money import Money  # noqa: E402
from marketplace.extensions import db, limiter  # noqa: E402
from marketplace.models import (  # noqa: E402
    Dividend,
    LedgerTransaction,
    Order,
    OrderStatus,
    ShareMovement,
    ShareMovementKind,
    TransactionKind,
)
from tests import factories  # noqa: E402
from tests.conftest import POSTGRES, csrf_token, login, testing_config  # noqa: E402
from tests.functional.checkout_helpers import (  # noqa: E402
    TEHRAN,
    add_to_cart,
    checkout_from,
    place_order,
)
from tests.race import post_at_once  # noqa: E402


def fresh_books(app):
    with app.app_context():
        db.drop_all()
        db.create_all()
        limiter.reset()
        shop = factories.shop(db.session, factories.small_catalog(db.session,
                                                                  app.config["UPLOAD_DIR"]))
        catalog = shop.catalog
        ledger.post_sale(db.session, reference="order:sold-before", artisan_id=catalog.weaver.id,
                         lines=[ledger.SaleLine(catalog.kilim.id, Money(125_000_000, "IRR"), 500,
                                                catalog.coop.id, catalog.coop.commission_bps)])
        factories.coop_admin(db.session, catalog.coop, "coop-admin@example.com")
        holder = shares.register_shareholder(db.session, cooperative=catalog.coop,
                                             country_code="IR",
                                             user=factories.user(db.session, "reza@example.com"))
        other = shares.register_shareholder(db.session, cooperative=catalog.coop,
                                            country_code="DE",
                                            user=factories.user(db.session, "sara@example.com"))
        shares.issue(db.session, cooperative=catalog.coop, shareholder=holder, quantity=50)
        shares.issue(db.session, cooperative=catalog.coop, shareholder=other, quantity=20)
        db.session.commit()
        return {"coop": catalog.coop.slug, "weaver": catalog.weaver.id, "kilim": catalog.kilim.id,
                "holder": holder.id, "other": other.id, "admin": shop.admin.email,
                "shopper": shop.shopper.email}


def count(kind: TransactionKind) -> int:
    return db.session.scalar(select(func.count()).select_from(LedgerTransaction)
                             .where(LedgerTransaction.kind == kind))


def moved(kind: ShareMovementKind) -> int:
    return db.session.scalar(select(func.count()).select_from(ShareMovement)
                             .where(ShareMovement.kind == kind))


def paid_order(app, world) -> int:
    buyer = app.test_client()
    login(buyer, world["shopper"])
    add_to_cart(buyer, world["kilim"], "1")
    with app.app_context():
        order_id = checkout_from(place_order(buyer, method="bank_transfer",
                                             address=TEHRAN)).orders[0].id
    artisan = app.test_client()
    login(artisan, "weaver@example.com")
    artisan.post(f"/studio/orders/{order_id}/confirm-payment",
                 data={"csrf_token": csrf_token(artisan, "/studio/orders/")})
    return order_id


SCENARIOS = [
    ("dividend 1,000,000 of 1,250,000 toman", "coop-admin@example.com",
     lambda w: (f"/coop/{w['coop']}/admin/dividends", {"amount": "1000000"}),
     lambda: db.session.scalar(select(func.count()).select_from(Dividend))),
    ("cooperative payout 6,000,000 of 10,625,000", "coop-admin@example.com",
     lambda w: (f"/coop/{w['coop']}/admin/members/payout",
                {"artisan": str(w["weaver"]), "amount": "6000000"}),
     lambda: count(TransactionKind.PAYOUT)),
    ("platform payout 6,000,000 of 10,625,000", "admin",
     lambda w: ("/admin/payouts/", {"owed": f"{w['weaver']}:IRR", "amount": "6000000"}),
     lambda: count(TransactionKind.PAYOUT)),
    ("redeem all 50 shares of a holder", "coop-admin@example.com",
     lambda w: (f"/coop/{w['coop']}/admin/shares/redeem",
                {"redeem-shareholder": str(w["holder"]), "redeem-quantity": "50"}),
     lambda: moved(ShareMovementKind.REDEEM)),
    ("transfer all 20 shares of a holder", "coop-admin@example.com",
     lambda w: (f"/coop/{w['coop']}/admin/shares/transfer",
                {"transfer-giver": str(w["other"]), "transfer-receiver": str(w["holder"]),
                 "transfer-quantity": "20"}),
     lambda: moved(ShareMovementKind.TRANSFER)),
    ("refund one paid order", "weaver@example.com",
     None,
     lambda: count(TransactionKind.REFUND)),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10, help="identical requests sent at once")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bazaar-money-races-"))
    uri = None if POSTGRES else f"sqlite:///{tmp / 'races.sqlite3'}"
    app = create_app(testing_config(tmp, uri))
    engine = "PostgreSQL, processes" if POSTGRES else "SQLite file, threads"
    print(f"{engine}; {args.n} identical requests at once per decision")
    print("| decision | sent | changed the books | 5xx | seconds | ledger verify |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for title, who, request, changed in SCENARIOS:
        world = fresh_books(app)
        client = app.test_client()
        login(client, world["admin"] if who == "admin" else who)
        if request is None:
            order_id = paid_order(app, world)
            path, data = f"/studio/orders/{order_id}/refund", {}
        else:
            path, data = request(world)
        started = time.perf_counter()
        codes = post_at_once(app, client, path, data, n=args.n)
        elapsed = time.perf_counter() - started
        with app.app_context():
            problems = ledger.verify(db.session)
            if request is None:
                assert db.session.get(Order, order_id).status == OrderStatus.REFUNDED
            print(f"| {title} | {len(codes)} | {changed()} | {sum(c >= 500 for c in codes)} "
                  f"| {elapsed:.2f} | {'clean' if not problems else '; '.join(problems)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
