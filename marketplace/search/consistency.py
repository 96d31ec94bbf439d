"""`flask search check`: does this node's index say what the database says? Repair it if not.

The outbox is what keeps an index right; this is the net under it, for what no outbox row
told (a restored backup, a gap given up after GAP_SECONDS, a hand-edited row). It first
applies the outbox, then compares every document's id and digest (`documents.digest`) with
what the database gives now, and rewrites the listings that differ: documents read under the
index's write lock, as a drain reads them, so a repair never puts back an older document.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from marketplace.search.documents import all_documents, documents_for
from marketplace.search.index import SearchIndex
from marketplace.search.indexer import drain


@dataclass
class Report:
    checked: int = 0  # active listings in the database
    missing: list[int] = field(default_factory=list)  # active, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not active
    stale: list[int] = field(default_factory=list)  # in both, saying something else
    repaired: int = 0

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def indexed(index: SearchIndex) -> dict[int, str | None]:
    """Listing id -> digest of every document in the index."""
    with index.ix().reader() as reader:
        return {int(stored["id"]): stored.get("digest") for stored in reader.all_stored_fields()}


def expected(session: Session) -> dict[int, str]:
    """Listing id -> digest of every active listing in the database."""
    return {int(doc["id"]): doc["digest"] for doc in all_documents(session, analysed=False)}


def check(index: SearchIndex, bind: Engine, *, repair: bool = True) -> Report:
    drain(index, bind)
    with Session(bind=bind) as session:
        want = expected(session)
    have = indexed(index)
    report = Report(
        checked=len(want),
        missing=sorted(want.keys() - have.keys()),
        extra=sorted(have.keys() - want.keys()),
        stale=sorted(i for i in want.keys() & have.keys() if want[i] != have[i]),
    )
    if repair and not report.clean:
        report.repaired = rewrite(index, bind, [*report.missing, *report.extra, *report.stale])
    return report


def rewrite(index: SearchIndex, bind: Engine, listing_ids: list[int]) -> int:
    """Put these listings' documents as the database has them now (or take them out)."""
    with Session(bind=bind) as session, index.writer() as writer:
        docs = documents_for(session, listing_ids)
        for listing_id in listing_ids:
            if listing_id in docs:
                writer.update_document(**docs[listing_id])
            else:
                writer.delete_by_term("id", str(listing_id))
    return len(listing_ids)
