"""`flask search reindex` from a real database: wall and CPU time of the full rebuild.

    .venv/bin/python bench/reindex_bench.py             # 100,000 listings
    .venv/bin/python bench/reindex_bench.py --n 20000   # quicker
    .venv/bin/python bench/reindex_bench.py --workdir /tmp/rb --runs 3  # keep and reuse the db

Creates a SQLite database with the demo's real places, categories, certifications,
cooperatives and artisans (`seed_demo`), adds N listings with the Persian/English texts of
bench/search_bench.py, then runs the `flask search reindex` command itself (the click command,
through Flask's CLI runner) and prints its wall time, the CPU time of this process and of the
index writer processes, the index size and the writers' peak memory. Generating the data is not
timed.
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from bench.search_bench import MATERIALS, generate  # noqa: E402
from config import Config  # noqa: E402
from marketplace import create_app  # noqa: E402
from marketplace.demo.seed import seed_demo  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.models import (  # noqa: E402
    ArtisanProfile,
    Category,
    Certificate,
    CertificateStatus,
    CertificateType,
    Cooperative,
    Listing,
    ListingStatus,
    ListingTranslation,
    SearchOutbox,
    Village,
)
from marketplace.search.indexer import search_index  # noqa: E402

INSERT_CHUNK = 5000


def make_app(workdir: Path) -> Flask:
    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{workdir / 'bazaar.sqlite3'}"
        INSTANCE_DIR = str(workdir / "instance")
        UPLOAD_DIR = str(workdir / "uploads")
        SEARCH_INDEX_DIR = str(workdir / "search-index")
        SEARCH_DRAIN_AFTER_COMMIT = False
        MAIL_BACKEND = "memory"
        CACHE_TYPE = "NullCache"

    return create_app(BenchConfig)


def populate(app: Flask, n: int, seed: int = 5) -> int:
    """The demo catalogue plus `n` generated active listings; return the active count."""
    with app.app_context():
        db.create_all()
        if not db.session.scalar(select(func.count()).select_from(Listing)):
            seed_demo(db.session, upload_dir=Path(app.config["UPLOAD_DIR"]), fast_hash=True)
            db.session.commit()
            _add_listings(n, random.Random(seed))
        # Rows the demo's own inserts queued: not part of a rebuild's cost.
        db.session.execute(SearchOutbox.__table__.delete())
        db.session.commit()
        return db.session.scalar(
            select(func.count()).select_from(Listing).where(Listing.status == ListingStatus.ACTIVE)
        )


def _add_listings(n: int, rng: random.Random) -> None:
    """Core inserts (no ORM hooks, so no outbox rows): seconds for 100k listings."""
    session = db.session
    parents = dict(session.execute(select(Category.id, Category.parent_id)).all())
    leaves = sorted(c for c in parents if c not in set(parents.values()))
    villages = list(session.scalars(select(Village.id).order_by(Village.id)))
    artisans = list(session.scalars(select(ArtisanProfile.id).order_by(ArtisanProfile.id)))
    cooperatives = list(session.scalars(select(Cooperative.id).order_by(Cooperative.id)))
    certifications = list(session.scalars(
        select(CertificateType.id).where(CertificateType.for_listings).order_by(CertificateType.id)))
    first_id = (session.scalar(select(func.max(Listing.id))) or 0) + 1
    started = datetime(2025, 1, 1, tzinfo=UTC)
    listings, translations, links = [], [], []
    for offset, doc in enumerate(generate(n)):
        listing_id = first_id + offset
        material = rng.choice(MATERIALS)
        leaf = leaves[int(doc["category"].split()[-1]) % len(leaves)]
        listings.append({
            "id": listing_id,
            "artisan_id": rng.choice(artisans),
            "cooperative_id": rng.choice(cooperatives) if "cooperative" in doc else None,
            "category_id": leaf,
            "village_id": rng.choice(villages),
            "price_minor": doc["price"],
            "currency": doc["currency"],
            "stock": rng.randint(1, 9) if doc["in_stock"] == "1" else 0,
            "status": ListingStatus.ACTIVE,
            "created_at": started + timedelta(minutes=offset),
            "updated_at": started + timedelta(minutes=offset),
        })
        title_fa, title_en = doc["titles"]
        body_fa, body_en, _artisan = doc["texts"]
        translations.append({"listing_id": listing_id, "lang": "fa", "title": title_fa,
                             "description": body_fa, "materials": material[0]})
        if rng.random() < 0.95:
            translations.append({"listing_id": listing_id, "lang": "en", "title": title_en,
                                 "description": body_en, "materials": material[1]})
        for certification in rng.sample(certifications, rng.choice((0, 0, 0, 1, 1, 2))):
            links.append({"listing_id": listing_id, "type_id": certification, "issuer": "",
                          "number": "", "issued_on": started.date(),
                          "status": CertificateStatus.VERIFIED, "rejection_reason": "",
                          "created_at": started, "updated_at": started})
        if len(listings) == INSERT_CHUNK:
            _insert(listings, translations, links)
    _insert(listings, translations, links)
    session.commit()


def _insert(listings: list, translations: list, links: list) -> None:
    for table, rows in ((Listing.__table__, listings), (ListingTranslation.__table__, translations),
                        (Certificate.__table__, links)):
        if rows:
            db.session.execute(insert(table), rows)
        rows.clear()


def reindex(app: Flask) -> dict[str, float]:
    """One `flask search reindex`, timed around the real command."""
    runner = app.test_cli_runner()
    self_before = resource.getrusage(resource.RUSAGE_SELF)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = runner.invoke(args=["search", "reindex"])
    wall = time.perf_counter() - started
    self_after = resource.getrusage(resource.RUSAGE_SELF)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.exit_code != 0:
        raise SystemExit(f"reindex failed: {result.output}\n{result.exception!r}")
    print("   ", result.output.strip().splitlines()[-1])
    return {
        "wall": wall,
        "parent_cpu": _cpu(self_after) - _cpu(self_before),
        "writers_cpu": _cpu(children_after) - _cpu(children_before),
        "size_mib": _size(search_index(app).path) / 2**20,
        # Linux reports KiB: the largest writer process so far.
        "writer_peak_mib": children_after.ru_maxrss / 1024,
    }


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="listings to generate")
    parser.add_argument("--runs", type=int, default=1, help="rebuilds to time (median printed)")
    parser.add_argument("--workdir", type=Path,
                        help="keep the database here and reuse it if it exists (default: a "
                             "temporary directory, removed afterwards)")
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reindex-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        app = make_app(workdir)
        started = time.perf_counter()
        active = populate(app, args.n)
        print(f"database: {active:,} active listings ready in "
              f"{time.perf_counter() - started:.1f} s (not timed)")
        runs = []
        for run in range(1, args.runs + 1):
            figures = reindex(app)
            runs.append(figures)
            print(f"run {run}: wall {figures['wall']:.1f} s, CPU parent "
                  f"{figures['parent_cpu']:.1f} s + writers {figures['writers_cpu']:.1f} s, "
                  f"index {figures['size_mib']:.1f} MiB, writer peak RSS "
                  f"{figures['writer_peak_mib']:.0f} MiB")
        if len(runs) > 1:
            median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"median of {len(runs)}: wall {median['wall']:.1f} s, CPU parent "
                  f"{median['parent_cpu']:.1f} s + writers {median['writers_cpu']:.1f} s, "
                  f"index {median['size_mib']:.1f} MiB")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
