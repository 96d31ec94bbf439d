"""What the catalogue pages and the search API show: a search from URL parameters, with slugs
resolved to index values, facet values resolved to named records, and the listing cards loaded
in result order with one query."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalog import showcase
from marketplace.models import Category, CertificateType, Cooperative, Fair, Listing, Province
from marketplace.search.index import IndexCorrupt, IndexOutdated, SearchIndex
from marketplace.search.indexer import ensure_ready, repair_in_background
from marketplace.search.query import SearchRequest, SearchResult, request_from_args, search

_SLUGGED = {"category": Category, "province": Province, "cooperative": Cooperative,
            "certification": CertificateType, "fair": Fair}


@dataclass
class FacetValue:
    value: str  # what goes in the URL: a slug or a code
    count: int
    record: object | None = None  # the Category/Province/... it names, for its localized name
    selected: bool = False


@dataclass
class CataloguePage:
    request: SearchRequest
    result: SearchResult
    listings: list[Listing]
    partial_listings: list[Listing]  # some of the words, after `listings` (SearchResult)
    facets: dict[str, list[FacetValue]]
    category: Category | None  # the selected category, for the breadcrumb and its children
    category_trail: list[Category]
    selected: dict[str, object]  # facet name -> the selected record or code
    unknown_filter: bool  # a slug in the URL names nothing: the page shows no results

    @property
    def total(self) -> int:
        return self.result.total


def request_for(args: Mapping[str, str], *, per_page: int = 24, **fixed: str) -> SearchRequest:
    request = request_from_args(args, per_page=per_page)
    return replace(request, **fixed) if fixed else request


def run(session: Session, index: SearchIndex, request: SearchRequest) -> CataloguePage:
    """`request` holds slugs; the search runs on ids, and the page gets records back.

    IndexCorrupt if the index cannot be read, once its rebuild has been started."""
    records: dict[str, object] = {}
    index_values: dict[str, str | None] = {}
    unknown = False
    for name, model in _SLUGGED.items():
        slug = getattr(request, name)
        if not slug:
            continue
        record = session.scalar(select(model).where(model.slug == slug))
        if record is None:
            unknown = True
            index_values[name] = "-"  # matches nothing
        else:
            records[name] = record
            index_values[name] = str(record.id)
    for code in ("country", "currency"):
        if getattr(request, code):
            records[code] = getattr(request, code)

    with index.reading():
        try:
            try:
                snapshot = index.snapshot()
            except IndexOutdated:
                ensure_ready(index, session.get_bind())
                snapshot = index.snapshot()
        except IndexCorrupt:
            # The visitor gets a 503 at once (error_pages.py); the rebuild runs meanwhile (S41).
            repair_in_background(index, session.get_bind())
            raise
        result = search(snapshot, replace(request, **index_values))
    result.request = request
    listings = cards_in_order(session, result.listing_ids)
    categories = {c.id: c for c in session.scalars(select(Category))}
    category = records.get("category")
    return CataloguePage(
        request=request,
        result=result,
        listings=listings,
        partial_listings=cards_in_order(session, result.partial_ids),
        facets=_named_facets(session, result, request, categories),
        category=category,
        category_trail=_trail(category, categories) if category else [],
        selected=records,
        unknown_filter=unknown,
    )


def cards_in_order(session: Session, listing_ids: list[int]) -> list[Listing]:
    if not listing_ids:
        return []
    found = {item.id: item for item in session.scalars(
        showcase.listing_cards().where(Listing.id.in_(listing_ids))
    ).unique()}
    return [found[i] for i in listing_ids if i in found]


def _trail(category: Category, categories: dict[int, Category]) -> list[Category]:
    trail = []
    node = categories.get(category.parent_id) if category.parent_id else None
    while node is not None and node not in trail:
        trail.insert(0, node)
        node = categories.get(node.parent_id) if node.parent_id else None
    return trail


def _named_facets(session: Session, result: SearchResult, request: SearchRequest,
                  categories: dict[int, Category]) -> dict[str, list[FacetValue]]:
    out: dict[str, list[FacetValue]] = {}
    counts = result.facets

    # Categories: the children of the selected one (or the roots), each counting its subtree.
    selected_category = next(
        (c for c in categories.values() if c.slug == request.category), None
    )
    parent_id = selected_category.id if selected_category else None
    children = sorted((c for c in categories.values() if c.parent_id == parent_id),
                      key=lambda c: (c.position, c.id))
    out["category"] = [
        FacetValue(c.slug, counts["category"].get(str(c.id), 0), c)
        for c in children if counts["category"].get(str(c.id))
    ]

    for name, model in (("province", Province), ("cooperative", Cooperative),
                        ("certification", CertificateType), ("fair", Fair)):
        ids = [int(i) for i in counts[name] if i.isdigit()]
        rows = session.scalars(select(model).where(model.id.in_(ids))).all() if ids else []
        values = [FacetValue(r.slug, counts[name][str(r.id)], r, r.slug == getattr(request, name))
                  for r in rows]
        out[name] = sorted(values, key=lambda v: (-v.count, v.value))
    for name in ("country", "currency"):
        out[name] = sorted(
            (FacetValue(code, n, None, code == getattr(request, name))
             for code, n in counts[name].items() if code),
            key=lambda v: (-v.count, v.value),
        )
    return out
