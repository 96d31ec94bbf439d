"""Catalogue search benchmark: Whoosh (our index and query code) vs SQLite FTS5, same analysis.

    .venv/bin/python bench/search_bench.py            # 100,000 listings
    .venv/bin/python bench/search_bench.py --n 20000  # quicker

Generates N listings of Persian/English text (spelling variants included), builds the Whoosh
index with the production schema and writer, loads the same analysed terms into FTS5, then runs
the same fixed queries on both: 1-3 words (Persian, English, mixed), a third with a category
filter and price sort; each returns the top 24 with the exact total and category facet counts.
No result cache on either side. Prints build time, index size and p50/p95/p99 latencies.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from whoosh import index as whoosh_index  # noqa: E402

from marketplace.search.building import build  # noqa: E402
from marketplace.search.documents import TEXTS, analyse  # noqa: E402
from marketplace.search.query import Plan, SearchRequest, search  # noqa: E402
from marketplace.search.schema import make_schema  # noqa: E402
from marketplace.search.snapshot import Snapshot  # noqa: E402

ZWNJ = "\u200c"
CRAFTS = [
    ("گلیم", "kilim"), ("فرش", "carpet"), ("جاجیم", "jajim"), ("قالیچه", "rug"),
    ("کاسه", "bowl"), ("بشقاب", "plate"), ("گلدان", "vase"), ("کوزه", "jug"),
    ("قوری", "teapot"), ("فنجان", "cup"), ("سبد", "basket"), ("روسری", "scarf"),
    ("کیف", "bag"), ("جعبه", "box"), ("آینه", "mirror"), ("چاقو", "knife"),
    ("سینی", "tray"), ("پشتی", "cushion"), ("شال", "shawl"), ("دستبند", "bracelet"),
]
MATERIALS = [("پشم", "wool"), ("ابریشم", "silk"), ("پنبه", "cotton"), ("سفال", "clay"),
             ("مس", "copper"), ("چوب", "wood"), ("نقره", "silver"), ("چرم", "leather"),
             ("حصیر", "straw"), ("شیشه", "glass")]
COLOURS = [("قرمز", "red"), ("آبی", "blue"), ("سبز", "green"), ("لاجوردی", "azure"),
           ("کرم", "cream"), ("مشکی", "black"), ("فیروزه‌ای", "turquoise"), ("زرد", "yellow")]
ADJECTIVES = [("دست‌باف", "handwoven"), ("دست‌ساز", "handmade"), ("سنتی", "traditional"),
              ("لعاب‌دار", "glazed"), ("قدیمی", "antique"), ("نقش‌دار", "patterned"),
              ("صنایع‌دستی", "handicraft"), ("طبیعی", "natural"), ("کوچک", "small"),
              ("بزرگ", "large")]
PLACES = [("جلفا", "Jolfa"), ("سراب", "Sarab"), ("سرعین", "Sarein"), ("میبد", "Meybod"),
          ("لالجین", "Lalejin"), ("کاشان", "Kashan"), ("یزد", "Yazd"), ("بات ترانگ", "Bat Trang"),
          ("هوی آن", "Hoi An"), ("ماسوله", "Masuleh"), ("ابیانه", "Abyaneh"),
          ("کلپورگان", "Kalpurgan")]
SENTENCES = [
    ("این {c} را {a} در {p} ساخته است.", "This {c} was made by {a} in {p}."),
    ("از {m} مرغوب و رنگ‌های طبیعی.", "Made of fine {m} with natural dyes."),
    ("هر قطعه یگانه است و نقشی کهن دارد.", "Every piece is unique and carries an old pattern."),
    ("مناسب هدیه و دکور خانه.", "A fine gift and a piece for the home."),
]
ARTISANS = [("مریم", "Maryam"), ("زهرا", "Zahra"), ("علی", "Ali"), ("لان", "Lan"),
            ("فاطمه", "Fatemeh"), ("حسین", "Hossein"), ("مای", "Mai"), ("رضا", "Reza")]
CURRENCIES = ["IRR", "IRR", "IRR", "USD", "VND"]


def variant(text: str, rng: random.Random) -> str:
    """How people actually type Persian: Arabic letters, no ZWNJ, a space for a ZWNJ."""
    roll = rng.random()
    if roll < 0.1:
        text = text.replace("ی", "ي").replace("ک", "ك")
    elif roll < 0.2:
        text = text.replace(ZWNJ, "")
    elif roll < 0.3:
        text = text.replace(ZWNJ, " ")
    return text


def categories() -> list[tuple[int, int | None]]:
    """(id, parent id): 10 roots with 4 children each."""
    out = []
    for root in range(10):
        root_id = root * 10 + 1
        out.append((root_id, None))
        out.extend((root_id + k, root_id) for k in range(1, 5))
    return out


def generate(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    cats = categories()
    leaves = [c for c, parent in cats if parent is not None]
    parents = dict(cats)
    docs = []
    for i in range(1, n + 1):
        craft, material, colour = rng.choice(CRAFTS), rng.choice(MATERIALS), rng.choice(COLOURS)
        adjective, place, artisan = rng.choice(ADJECTIVES), rng.choice(PLACES), rng.choice(ARTISANS)
        title_fa = variant(f"{craft[0]} {adjective[0]} {material[0]} {colour[0]} {place[0]}", rng)
        title_en = f"{colour[1].title()} {adjective[1]} {material[1]} {craft[1]} from {place[1]}"
        body_fa = " ".join(
            variant(s[0].format(c=craft[0], a=artisan[0], p=place[0], m=material[0]), rng)
            for s in rng.sample(SENTENCES, 3)
        )
        body_en = " ".join(
            s[1].format(c=craft[1], a=artisan[1], p=place[1], m=material[1])
            for s in rng.sample(SENTENCES, 3)
        )
        leaf = leaves[(CRAFTS.index(craft) * 2 + rng.randrange(2)) % len(leaves)]
        path = [parents[leaf], leaf]
        currency = rng.choice(CURRENCIES)
        price = rng.randrange(100, 5000) * (10_000 if currency == "IRR" else 100)
        docs.append({
            "id": str(i),
            "titles": [title_fa, title_en],
            "texts": [body_fa, body_en, f"{artisan[0]} {artisan[1]}"],
            "names": [],
            "category": " ".join(map(str, path)),
            "province": str(PLACES.index(place) % 6 + 1),
            "country": "VN" if place[1] in ("Bat Trang", "Hoi An") else "IR",
            "currency": currency,
            "in_stock": "1" if rng.random() < 0.8 else "0",
            "price": price,
            "created": 1_700_000_000 + i * 60,
            "artisan": i % 4000,  # who made it: relevance spreads a page over makers
            # A third reviewed, 3.0-5.0 stars (every document carries both, as documents.py's do);
            # from i, not the rng, so the catalogue is the one earlier figures were measured on.
            "reviews": (i * 7) % 13 if i % 3 == 0 else 0,
            "rating": 30 + (i * 11) % 21 if i % 3 == 0 and (i * 7) % 13 else 0,
            **({"cooperative": str(rng.randrange(1, 20))} if rng.random() < 0.5 else {}),
        })
    return docs


def queries(count: int = 240, seed: int = 11) -> list[tuple[str, str | None, bool]]:
    """(text, category filter, price sort): a fixed mix of 1-3 word queries."""
    rng = random.Random(seed)
    leaves = [c for c, parent in categories() if parent is not None]
    roots = [c for c, parent in categories() if parent is None]
    words_fa = [w for pairs in (CRAFTS, MATERIALS, COLOURS, ADJECTIVES, PLACES)
                for w, _ in pairs]
    words_en = [w for pairs in (CRAFTS, MATERIALS, COLOURS, ADJECTIVES, PLACES)
                for _, w in pairs]
    out = []
    for i in range(count):
        size = rng.choice([1, 1, 2, 2, 3])
        kind = i % 3
        if kind == 0:
            words = [variant(rng.choice(words_fa), rng) for _ in range(size)]
        elif kind == 1:
            words = [rng.choice(words_en).lower() + rng.choice(["", "", "s"]) for _ in range(size)]
        else:
            words = [rng.choice(words_fa if k % 2 else words_en) for k in range(size)]
        filtered = i % 3 == 1 or (i % 9 == 0)
        category = str(rng.choice(leaves + roots)) if filtered else None
        out.append((" ".join(words), category, filtered))
    return out


def build_whoosh(docs: list[dict], path: Path, procs: int) -> float:
    """The production build (`building.build`, what `flask search reindex` runs), documents
    shaped by the production `documents.text_fields` from the generated texts."""
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(path), make_schema())
    build(ix, (raw_document(doc) for doc in docs), prepare=analyse, procs=procs)
    return time.perf_counter() - started


def raw_document(doc: dict) -> dict:
    """A generated listing shaped like `documents.document(..., analysed=False)`."""
    fields = {k: v for k, v in doc.items() if k not in ("titles", "texts", "names")}
    return {**fields, TEXTS: (doc["titles"], doc["texts"], doc["names"])}


def index_document(doc: dict) -> dict:
    return analyse(raw_document(doc))


def build_fts5(docs: list[dict], path: Path) -> tuple[sqlite3.Connection, float]:
    """The same analysed terms (the same `text_fields` output as the Whoosh documents, title
    repeats included) in an FTS5 table, with the listing's own category, currency and price in
    ordinary tables indexed for the two query shapes."""
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;
        CREATE VIRTUAL TABLE docs USING fts5(
            body, tokenize = 'unicode61 remove_diacritics 0');
        -- the listing's own category, for facet counts (one GROUP BY over the match set)
        CREATE TABLE meta (docid INTEGER PRIMARY KEY, category INTEGER, currency TEXT,
                           price INTEGER);
        -- one row per (category or ancestor, listing) in price order: a category filter with a
        -- price sort walks this index and stops after the page
        CREATE TABLE doc_category (category INTEGER, currency TEXT, price INTEGER,
                                   docid INTEGER, PRIMARY KEY (category, currency, price, docid))
                                   WITHOUT ROWID;
        CREATE INDEX meta_price ON meta (currency, price, docid);
    """)
    with db:
        db.executemany(
            "INSERT INTO docs (rowid, body) VALUES (?, ?)",
            ((int(d["id"]), " ".join(index_document(d)["body"])) for d in docs),
        )
        db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?)",
                       ((int(d["id"]), int(d["category"].split()[-1]), d["currency"],
                         d["price"]) for d in docs))
        db.executemany(
            "INSERT INTO doc_category VALUES (?, ?, ?, ?)",
            ((int(c), d["currency"], d["price"], int(d["id"]))
             for d in docs for c in d["category"].split()),
        )
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.commit()
    return db, time.perf_counter() - started


def fts5_expression(plan: Plan) -> str:
    """The Whoosh query's logic as an FTS5 expression: every word, each as any of its
    joined/split forms. Terms are quoted, so no user text is FTS5 syntax."""
    def from_word(i: int) -> str | None:
        if i == len(plan.pieces):
            return None
        options = []
        for term, after in plan.groups[i]:
            rest = from_word(after)
            word = f'"{term}"'
            options.append(word if rest is None else f"({word} AND {rest})")
        return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"

    return from_word(0) or ""


FTS5_FACETS = ("SELECT meta.category, count(*) FROM docs JOIN meta ON meta.docid = docs.rowid "
               "WHERE docs MATCH :q GROUP BY meta.category")
FTS5_TOP_RELEVANCE = "SELECT rowid FROM docs WHERE docs MATCH :q ORDER BY rank LIMIT 24"
FTS5_TOP_CATEGORY_BY_PRICE = (
    "SELECT docid FROM doc_category WHERE category = :c "
    "AND docid IN (SELECT rowid FROM docs WHERE docs MATCH :q) "
    "ORDER BY currency, price, docid LIMIT 24"
)
FTS5_TOP_BY_PRICE = (
    "SELECT docid FROM meta WHERE docid IN (SELECT rowid FROM docs WHERE docs MATCH :q) "
    "ORDER BY currency, price, docid LIMIT 24"
)
PARENTS = dict(categories())
ALL_FACETS = ("category", "province", "country", "cooperative", "certification", "currency",
              "in_stock")


def run_fts5(db: sqlite3.Connection, text: str, category: str | None, price_sort: bool):
    """Category facet counts from one GROUP BY over the text matches (each listing has one
    category; the counts roll up to its ancestors), which also gives the exact total: all
    matches, or the filter category's count. Then the page: `ORDER BY rank` (bm25), or the
    category's price-ordered index walked until 24 matches are found."""
    params = {"q": fts5_expression(Plan.of(text)), "c": int(category) if category else None}
    facets: dict[str, int] = {}
    for leaf, n in db.execute(FTS5_FACETS, params):
        node = leaf
        while node is not None:
            facets[str(node)] = facets.get(str(node), 0) + n
            node = PARENTS.get(node)
    if category:
        total = facets.get(category, 0)
    else:
        total = sum(n for c, n in facets.items() if PARENTS.get(int(c)) is None)
    if price_sort:
        sql = FTS5_TOP_CATEGORY_BY_PRICE if category else FTS5_TOP_BY_PRICE
    else:
        sql = FTS5_TOP_RELEVANCE
    top = [row[0] for row in db.execute(sql, params)]
    return total, facets, top


def run_whoosh(snapshot: Snapshot, text: str, category: str | None, price_sort: bool,
               facets: tuple[str, ...] = ("category",)):
    result = search(snapshot, SearchRequest(
        text=text, category=category, sort="price_asc" if price_sort else "relevance",
        facet_fields=facets,
    ))
    return result.total, result.facets["category"], result.listing_ids


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))] * 1000

    return (f"p50 {at(0.50):6.1f} ms  p95 {at(0.95):6.1f} ms  p99 {at(0.99):6.1f} ms  "
            f"mean {statistics.fmean(ordered) * 1000:6.1f} ms")


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="listings to generate")
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--procs", type=int, default=2, help="Whoosh writer processes")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        started = time.perf_counter()
        docs = generate(args.n)
        print(f"generated {args.n:,} listings in {time.perf_counter() - started:.1f} s")
        whoosh_dir = workdir / "whoosh"
        whoosh_dir.mkdir()
        build = build_whoosh(docs, whoosh_dir, args.procs)
        print(f"whoosh: built in {build:.1f} s (procs={args.procs}), "
              f"{directory_size(whoosh_dir) / 2**20:.1f} MiB")
        fts, fts_build = build_fts5(docs, workdir / "fts.sqlite3")
        print(f"fts5:   built in {fts_build:.1f} s (analysis included), "
              f"{(workdir / 'fts.sqlite3').stat().st_size / 2**20:.1f} MiB")
        del docs

        ix = whoosh_index.open_dir(str(whoosh_dir))
        started = time.perf_counter()
        snapshot = Snapshot(ix.searcher())
        print(f"whoosh: snapshot (doc sets, orders, facet sets) in "
              f"{(time.perf_counter() - started) * 1000:.0f} ms, once per index generation")

        workload = queries(args.queries)
        timings: dict[str, list[float]] = {"whoosh": [], "fts5": [], "whoosh6": []}
        mismatches = 0
        for text, category, price_sort in workload:
            # Cold: the term postings cached per index generation are dropped before each
            # query (the per-generation facet sets, sort orders and length norms are kept).
            snapshot._terms.clear()
            t0 = time.perf_counter()
            w_total, w_facets, w_top = run_whoosh(snapshot, text, category, price_sort)
            t1 = time.perf_counter()
            f_total, f_facets, f_top = run_fts5(fts, text, category, price_sort)
            t2 = time.perf_counter()
            snapshot._terms.clear()
            t3 = time.perf_counter()
            run_whoosh(snapshot, text, category, price_sort, ALL_FACETS)
            t4 = time.perf_counter()
            timings["whoosh"].append(t1 - t0)
            timings["fts5"].append(t2 - t1)
            timings["whoosh6"].append(t4 - t3)
            if w_total != f_total or w_facets != f_facets or (price_sort and w_top != f_top):
                mismatches += 1
        print(f"{len(workload)} queries ({sum(1 for q in workload if q[1])} with category "
              f"filter and price sort), top 24 + exact total + category facets:")
        for name, samples in timings.items():
            label = {"whoosh6": "whoosh, all six facets + in-stock count (the app's pages)"}.get(
                name, name)
            print(f"  {label:<6} {percentiles(samples)}")
        w95 = sorted(timings["whoosh"])[int(0.95 * (len(workload) - 1))]
        f95 = sorted(timings["fts5"])[int(0.95 * (len(workload) - 1))]
        print(f"  p95 ratio whoosh/fts5: {w95 / f95:.2f}")
        print(f"  queries whose totals, category counts or price-sorted page differ between "
              f"engines: {mismatches}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
