"""How well search finds what shoppers mean, on the demo catalogue and a judged query set.

    .venv/bin/python bench/search_quality.py                  # seed the demo, index, judge
    .venv/bin/python bench/search_quality.py --workdir /tmp/q  # keep (and reuse) the demo db
    .venv/bin/python bench/search_quality.py --show fa-sofal  # one query's results, judged
    .venv/bin/python bench/search_quality.py --variant snowball  # another analysis (bench/README)

The queries and their relevant listings are in bench/search_judgements.json (how they were
judged is written there). Each query runs through the search page's own service
(`catalogue.run`: slugs, filters, the corrected query when nothing matches), and its first page
(24 results) is scored:

- recall@24: the share of the relevant listings (grade 1 or 2) on the first page, out of
  min(24, how many there are), so that a query with 80 relevant listings can still score 1;
- nDCG@10: the first ten in order, gain 2^grade - 1, against the best possible order;
- precision@10: the share of the first ten that are relevant at all: falls when synonyms or
  loose matching flood the page;
- zero-result rate: queries with a relevant listing that show no results.

tests/functional/test_search_quality.py runs the same and fails below FLOORS.
"""
from __future__ import annotations

import argparse
import functools
import json
import math
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402

from config import TestingConfig  # noqa: E402
from marketplace import create_app  # noqa: E402
from marketplace.demo.seed import seed_demo  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.models import Listing, ListingStatus, ListingTranslation  # noqa: E402
from marketplace.search import analysis, catalogue  # noqa: E402
from marketplace.search.documents import all_documents, analyse  # noqa: E402
from marketplace.search.indexer import rebuild, search_index  # noqa: E402

JUDGEMENTS = Path(__file__).with_name("search_judgements.json")
PAGE = 24
# What CI holds the search to (tests/functional/test_search_quality.py): set just under what
# the analysis, glossary and ranking of this change reach (bench/README.md).
FLOORS = {"recall@24": 0.94, "ndcg@10": 0.96, "precision@10": 0.93}
MAX_ZERO_RESULT_RATE = 0.0


@dataclass
class Scored:
    query: dict
    shown: list[int]
    total: int
    corrected: str | None
    recall: float | None
    ndcg: float | None
    precision: float | None

    @property
    def judged(self) -> bool:
        return self.recall is not None


@dataclass
class Report:
    scored: list[Scored] = field(default_factory=list)

    def mean(self, name: str, kind: str | None = None) -> float:
        values = [getattr(s, name) for s in self.scored
                  if s.judged and (kind is None or kind_of(s.query) == kind)]
        return sum(values) / len(values) if values else float("nan")

    @property
    def zero_result_rate(self) -> float:
        judged = [s for s in self.scored if s.judged]
        return sum(1 for s in judged if not s.shown) / len(judged)

    def figures(self) -> dict[str, float]:
        return {"recall@24": self.mean("recall"), "ndcg@10": self.mean("ndcg"),
                "precision@10": self.mean("precision"),
                "zero-result rate": self.zero_result_rate}


def kind_of(query: dict) -> str:
    """The group a query is reported in, from its id: en, fa, typo, x (cross-language), f."""
    return query["id"].split("-", 1)[0]


def load_judgements(path: Path = JUDGEMENTS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def demo_app(workdir: Path) -> Flask:
    """The demo catalogue in a SQLite file under `workdir`, seeded once, freshly indexed."""
    database = workdir / "demo.sqlite3"

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        INSTANCE_DIR = str(workdir / "instance")
        UPLOAD_DIR = str(workdir / "uploads")
        SEARCH_INDEX_DIR = str(workdir / "index")
        SEARCH_DRAIN_AFTER_COMMIT = False
        RATELIMIT_ENABLED = False

    seeded = database.exists()
    app = create_app(Config)
    with app.app_context():
        if not seeded:
            db.create_all()
            seed_demo(db.session, upload_dir=workdir / "uploads", fast_hash=True)
            db.session.commit()
        rebuild(search_index(), db.session)
    return app


def stale_judgements(judgements: dict) -> list[str]:
    """Listings whose Persian title is not what it was when the set was judged (in an app
    context): the demo changed, and the judgements must be redone."""
    titles = dict(db.session.execute(
        db.select(ListingTranslation.listing_id, ListingTranslation.title)
        .join(Listing).where(ListingTranslation.lang == "fa",
                             Listing.status == ListingStatus.ACTIVE)
    ).all())
    judged = {int(k): v for k, v in judgements["listings"].items()}
    return [f"{i}: {judged.get(i)!r} is now {titles.get(i)!r}"
            for i in sorted(set(titles) | set(judged)) if titles.get(i) != judged.get(i)]


def run_query(query: dict) -> tuple[list[int], int, str | None]:
    """(the ids shown on the first page, the total, the corrected query if one was used), as
    the search page gets them (in an app context)."""
    args = {"q": query["q"], **query["filters"]}
    page = catalogue.run(db.session, search_index(),
                         catalogue.request_for(args, per_page=PAGE))
    shown = [item.id for item in page.listings + page.partial_listings]
    return shown, page.total, page.result.corrected


def score(query: dict, shown: list[int], total: int, corrected: str | None) -> Scored:
    grades = {i: int(g) for g, ids in query["relevant"].items() for i in ids}
    relevant = [i for i, g in grades.items() if g > 0]
    if not relevant:
        return Scored(query, shown, total, corrected, None, None, None)
    recall = len(set(shown[:PAGE]) & set(relevant)) / min(PAGE, len(relevant))
    dcg = sum((2 ** grades.get(i, 0) - 1) / math.log2(rank + 2)
              for rank, i in enumerate(shown[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(ideal))
    top = shown[:10]
    precision = sum(1 for i in top if grades.get(i, 0) > 0) / len(top) if top else 0.0
    return Scored(query, shown, total, corrected, recall, dcg / idcg, precision)


def evaluate(judgements: dict) -> Report:
    """Every judged query through the search page's service (in an app context)."""
    report = Report()
    for query in judgements["queries"]:
        report.scored.append(score(query, *run_query(query)))
    return report


def print_report(report: Report, elapsed: float) -> None:
    kinds = sorted({kind_of(s.query) for s in report.scored})
    print(f"{len(report.scored)} queries ({sum(s.judged for s in report.scored)} with relevant "
          f"listings), {elapsed:.1f} s")
    print(f"{'group':<8}{'n':>4}{'recall@24':>11}{'nDCG@10':>9}{'P@10':>7}")
    for kind in [*kinds, None]:
        n = sum(1 for s in report.scored if s.judged and (kind is None or kind_of(s.query) == kind))
        print(f"{kind or 'all':<8}{n:>4}{report.mean('recall', kind):>11.3f}"
              f"{report.mean('ndcg', kind):>9.3f}{report.mean('precision', kind):>7.3f}")
    print(f"zero-result rate (queries with a relevant listing): {report.zero_result_rate:.3f}")
    worst = sorted((s for s in report.scored if s.judged), key=lambda s: (s.recall + s.ndcg))
    print("weakest queries (recall@24, nDCG@10, P@10, total):")
    for s in worst[:15]:
        shown = f" -> {s.corrected!r}" if s.corrected else ""
        print(f"  {s.query['id']:<26} {s.query['q']!r}{shown}: {s.recall:.2f} {s.ndcg:.2f} "
              f"{s.precision:.2f} {s.total}")


def show(report: Report, query_id: str) -> None:
    titles = dict(db.session.execute(
        db.select(ListingTranslation.listing_id, ListingTranslation.title)
        .where(ListingTranslation.lang == "fa")
    ).all())
    for s in report.scored:
        if s.query["id"] != query_id:
            continue
        grades = {i: g for g, ids in s.query["relevant"].items() for i in ids}
        print(f"{s.query['q']!r} {s.query['filters']} -> {s.total} results; "
              f"corrected {s.corrected!r}")
        for rank, i in enumerate(s.shown, 1):
            print(f"  {rank:>2} [{grades.get(i, '-')}] {i} {titles.get(i)}")
        missed = [i for i, g in grades.items() if g != "0" and i not in s.shown]
        print(f"  not on the page: {len(missed)}", missed[:20])


def _porter(word: str) -> str:
    from whoosh.lang.porter import stem
    return stem(word)


def _variants() -> dict:
    """Analysis variants compared in bench/README.md: (English stemmer, Persian stemmer), each
    imported only when asked for (PyStemmer and hazm are not dependencies of the app)."""
    def snowball(language):
        import Stemmer
        return Stemmer.Stemmer(language).stemWord

    @functools.cache
    def hazm_lemmatizer():
        from hazm import Lemmatizer
        return Lemmatizer()

    def hazm_lemma(word):
        return hazm_lemmatizer().lemmatize(word)

    def simplemma_fa(word):
        import simplemma
        return simplemma.lemmatize(word, lang="fa")

    light = analysis.stem_persian
    return {
        "chosen": (analysis.stem_english, light),
        "porter": (_porter, light),
        "snowball": (lambda w: snowball("english")(w), lambda w: snowball("persian")(w)),
        "simplemma+snowball": (lambda w: snowball("english")(analysis.simplemma.lemmatize(
            w, lang="en")), light),
        "hazm-fa": (analysis.stem_english, hazm_lemma),
        "simplemma-fa": (analysis.stem_english, simplemma_fa),
    }


def use_variant(name: str) -> None:
    """Swap the analysis' stemmers (before the index is built) and forget what was cached."""
    english, persian = _variants()[name]
    analysis.stem_english, analysis.stem_persian = english, persian
    for cached in (analysis.stem, analysis._stem_persian, analysis._scan_shared):
        cached.cache_clear()
    analysis._CONCEPT_OF.clear()
    analysis._PHRASES.clear()
    analysis._load_glossary()
    analysis._PHRASE_STARTS = frozenset(p.split(" ", 1)[0] for p in analysis._PHRASES)


def analysis_seconds(repeat: int = 5) -> float:
    """Seconds to analyse every demo listing's texts, caches emptied first (in an app
    context): what the variant costs per unique word."""
    documents = list(all_documents(db.session, analysed=False))
    best = float("inf")
    for _ in range(repeat):
        for cached in (analysis.stem, analysis._stem_persian, analysis._scan_shared):
            cached.cache_clear()
        started = time.perf_counter()
        for doc in documents:
            analyse(doc)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, help="keep the demo database here (reused)")
    parser.add_argument("--show", help="print one query's first page with its judgements")
    parser.add_argument("--variant", default="chosen", choices=sorted(_variants()),
                        help="the stemmers to analyse with (bench/README.md)")
    args = parser.parse_args()
    use_variant(args.variant)
    judgements = load_judgements()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        app = demo_app(workdir)
        with app.app_context():
            stale = stale_judgements(judgements)
            if stale:
                sys.exit("the demo no longer matches the judgements:\n" + "\n".join(stale[:10]))
            started = time.perf_counter()
            report = evaluate(judgements)
            elapsed = time.perf_counter() - started
            if args.show:
                show(report, args.show)
            else:
                print_report(report, elapsed)
                print(f"analysing the demo's {len(judgements['listings'])} listings: "
                      f"{analysis_seconds() * 1000:.0f} ms (caches empty)")


if __name__ == "__main__":
    main()
