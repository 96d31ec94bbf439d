"""Checkout contention: 200 buyers start a checkout for the same 10 items at the same moment.

Runs the real app under gunicorn against PostgreSQL on 127.0.0.1 and prints orders created
(must equal the stock, 10), checkouts per second and the p95 latency of checkout start.

    su postgres -c "createdb -O bazaar bazaar_bench"
    .venv/bin/python bench/checkout_bench.py \\
        --database-url postgresql+psycopg://bazaar:bazaar@127.0.0.1:5432/bazaar_bench

Buyers pay by bank transfer (rials), so no payment provider is involved: what is measured is
validation, the conditional stock UPDATE, and writing the checkout, orders and reservations.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password-2026"  # noqa: S105 (a throwaway bench account)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict, buyers: int, stock: int) -> int:
    """Fresh schema, one artisan with one listing of `stock` items, `buyers` accounts."""
    os.environ.update(env)
    from marketplace import create_app
    from marketplace.accounts import identity
    from marketplace.extensions import db
    from marketplace.models import (
        ArtisanProfile,
        Category,
        County,
        Listing,
        ListingStatus,
        ListingTranslation,
        Province,
        Role,
        Village,
    )

    app = create_app()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.create_all()
        province = Province(slug="fars", country_code="IR", name_fa="فارس", name_en="Fars")
        county = County(slug="abadeh", province=province, name_fa="آباده", name_en="Abadeh")
        village = Village(slug="bench", county=county, name_fa="روستا", name_en="Village")
        category = Category(slug="bench", name_fa="گلیم", name_en="Kilims")
        seller = identity.register(db.session, email="seller@bench.test", password=PASSWORD,
                                   display_name="Seller", role=Role.ARTISAN, fast_hash=True)
        artisan = ArtisanProfile(user=seller, slug="seller", display_name_fa="فروشنده",
                                 display_name_en="Seller", village=village)
        listing = Listing(artisan=artisan, category=category, village=village,
                          price_minor=10_000_000, currency="IRR", stock=stock,
                          status=ListingStatus.ACTIVE)
        listing.translations.append(ListingTranslation(lang="fa", title="گلیم"))
        db.session.add_all([province, county, village, category, artisan, listing])
        for n in range(buyers):
            identity.register(db.session, email=f"buyer{n}@bench.test", password=PASSWORD,
                              display_name=f"Buyer {n}", fast_hash=True)
        db.session.commit()
        return listing.id


def count_orders(env: dict) -> tuple[int, int]:
    from sqlalchemy import func, select

    from marketplace import create_app
    from marketplace.extensions import db
    from marketplace.models import Listing, Order

    app = create_app()
    with app.app_context():
        orders = db.session.scalar(select(func.count()).select_from(Order))
        stock = db.session.scalar(select(func.min(Listing.stock)))
        return orders, stock


class Buyer:
    def __init__(self, base: str, n: int) -> None:
        self.base = base
        self.n = n
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def _csrf(self, path: str) -> str:
        html = self.opener.open(self.base + path, timeout=60).read().decode()
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)

    def _post(self, path: str, data: dict):
        body = urllib.parse.urlencode(data).encode()
        try:
            return self.opener.open(self.base + path, data=body, timeout=120).status
        except urllib.error.HTTPError as exc:
            return exc.code

    def prepare(self, listing_id: int) -> None:
        token = self._csrf("/account/login")
        self._post("/account/login", {"email": f"buyer{self.n}@bench.test",
                                      "password": PASSWORD, "csrf_token": token})
        self._post("/cart/currency", {"currency": "IRR", "next": "/",
                                      "csrf_token": self._csrf("/")})
        self._post("/cart/add", {"listing_id": listing_id, "quantity": "1",
                                 "csrf_token": self._csrf("/")})
        self.form = {"name": f"Buyer {self.n}", "address": "Street 1", "city": "Shiraz",
                     "postcode": "", "country": "IR", "phone": "", "method": "bank_transfer",
                     "csrf_token": self._csrf("/cart/")}

    def checkout(self, barrier: threading.Barrier) -> tuple[float, int]:
        barrier.wait()
        started = time.perf_counter()
        status = self._post("/checkout/", self.form)
        return time.perf_counter() - started, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--buyers", type=int, default=200)
    parser.add_argument("--stock", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="bazaar-bench-")
    env = {"DATABASE_URL": args.database_url, "BAZAAR_INSTANCE_DIR": instance,
           "BAZAAR_ENV": "development", "MAIL_BACKEND": "file",
           "RATELIMIT_STORAGE_URI": "memory://", "SECRET_KEY": "bench"}
    listing_id = prepare(env, args.buyers, args.stock)
    port = free_port()
    gunicorn = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(args.workers),
         "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}", "--log-level",
         "warning", "bench.wsgi_bench:app"],
        cwd=ROOT, env={**os.environ, **env},
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/cart/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        buyers = [Buyer(base, n) for n in range(args.buyers)]
        with ThreadPoolExecutor(max_workers=32) as pool:
            list(pool.map(lambda b: b.prepare(listing_id), buyers))
        barrier = threading.Barrier(args.buyers)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.buyers) as pool:
            results = list(pool.map(lambda b: b.checkout(barrier), buyers))
        wall = time.perf_counter() - started
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    latencies = sorted(seconds for seconds, _ in results)
    statuses: dict[int, int] = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    orders, stock = count_orders(env)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"buyers {args.buyers}, stock {args.stock}, gunicorn {args.workers}x{args.threads}")
    print(f"orders created: {orders} (stock left: {stock})")
    print(f"responses: {dict(sorted(statuses.items()))}")
    print(f"checkouts/s: {len(results) / wall:.1f} ({len(results)} in {wall:.2f}s)")
    print(f"checkout start latency: p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    if orders != args.stock:
        raise SystemExit(f"oversold or undersold: {orders} orders for {args.stock} items")


if __name__ == "__main__":
    main()
