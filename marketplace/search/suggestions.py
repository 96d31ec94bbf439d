"""Suggestions as the shopper types: finished words, categories, villages and listing titles,
all from the index (its "did you mean" vocabulary of title and place words, and a search)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.models import Category, Listing, ListingTranslation, Village
from marketplace.search import analysis
from marketplace.search.index import SearchIndex
from marketplace.search.query import SearchRequest, clean_text, search

MAX_WORDS = 4
MAX_CATEGORIES = 3
MAX_VILLAGES = 2
MAX_LISTINGS = 3
MIN_PREFIX = 2


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "query", "category", "village" or "listing"
    text: str
    target: str  # a query to search for, a category slug or a listing id


def suggest(session: Session, index: SearchIndex, raw: object, lang: str) -> list[Suggestion]:
    """What to offer under the search box for the text typed so far ("" offers nothing)."""
    text = clean_text(raw)
    words = analysis.normalise(text).split()
    if not words or len(words[-1]) < MIN_PREFIX:
        return []
    head, prefix = " ".join(words[:-1]), words[-1]
    with index.reading():
        snapshot = index.snapshot()
        reader = snapshot.searcher.reader()
        endings = sorted(
            (w for w in (t.decode() if isinstance(t, bytes) else t
                         for t in reader.expand_prefix("vocabulary", prefix))
             if w != prefix),
            key=lambda w: (-reader.doc_frequency("vocabulary", w), w),
        )
        completions = [f"{head} {w}".strip() for w in [prefix, *endings]][:MAX_WORDS + 1]
        found = next((r for q in completions
                      if (r := search(snapshot, SearchRequest(text=q, per_page=MAX_LISTINGS,
                                                              correct=False,
                                                              facet_fields=()))).total),
                     None)
    out = [Suggestion("query", q, q) for q in completions[1:] if q != text]
    out += _named(session, Category, prefix, lang, MAX_CATEGORIES, "category")
    out += _named(session, Village, prefix, lang, MAX_VILLAGES, "village")
    if found is not None:
        titles = _titles(session, found.listing_ids, lang)
        out += [Suggestion("listing", titles[i], str(i)) for i in found.listing_ids if i in titles]
    return out


def _named(session: Session, model, prefix: str, lang: str, limit: int,
           kind: str) -> list[Suggestion]:
    """Records of `model` (few rows: categories, villages) a word of whose name starts with
    `prefix`, named in the reader's language."""
    out = []
    for record in session.scalars(select(model).order_by(model.id)):
        names = (record.name_fa, record.name_en)
        if any(word.startswith(prefix) for name in names
               for word in analysis.normalise(name).split()):
            name = record.name_fa if lang == "fa" else record.name_en
            target = record.slug if kind == "category" else name
            out.append(Suggestion(kind, name, target))
            if len(out) == limit:
                break
    return out


def _titles(session: Session, listing_ids: list[int], lang: str) -> dict[int, str]:
    rows = session.execute(
        select(ListingTranslation.listing_id, ListingTranslation.lang, ListingTranslation.title)
        .join(Listing).where(Listing.id.in_(listing_ids))
    ).all()
    titles: dict[int, str] = {}
    for listing_id, title_lang, title in rows:
        if title_lang == lang or listing_id not in titles:
            titles[listing_id] = title
    return titles
