"""What one index generation knows, precomputed once so that a search is set arithmetic.

Measured at 100k listings: Whoosh's `groupedby=` scores and sorts every match, and a collector
that skips low-quality blocks undercounts. So totals and facet counts come from Python sets of
document numbers (C-speed intersections), sorted pages from precomputed orders, and Whoosh
only scores the top of the relevance order.
"""
from __future__ import annotations

from collections import OrderedDict
from itertools import islice

from whoosh.searching import Searcher

FACET_FIELDS = ("category", "province", "country", "cooperative", "certification", "currency")
_TERM_CACHE_SIZE = 2048


class Snapshot:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self.generation = reader.generation()
        self.live: frozenset[int] = frozenset(reader.all_doc_ids())
        self.listing_id: list[int] = [int(v or 0) for v in reader.column_reader("id")]
        self.price: list[int] = list(reader.column_reader("price"))
        self.currency: list[str] = list(reader.column_reader("currency"))
        created = list(reader.column_reader("created"))
        live_sorted = sorted(self.live)
        self.newest: list[int] = sorted(
            live_sorted, key=lambda d: (created[d], self.listing_id[d]), reverse=True
        )
        self.cheapest: list[int] = sorted(
            live_sorted, key=lambda d: (self.currency[d], self.price[d], self.listing_id[d])
        )
        self.dearest: list[int] = sorted(
            live_sorted, key=lambda d: (self.currency[d], -self.price[d], -self.listing_id[d])
        )
        self.facets: dict[str, dict[str, frozenset[int]]] = {
            field: self._postings_by_term(reader, field) for field in FACET_FIELDS
        }
        self.in_stock: frozenset[int] = self._postings_by_term(reader, "in_stock").get(
            "1", frozenset()
        )
        self._terms: OrderedDict[str, frozenset[int]] = OrderedDict()

    def _postings_by_term(self, reader, field: str) -> dict[str, frozenset[int]]:
        out = {}
        for term in reader.lexicon(field):
            value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            out[value] = frozenset(reader.postings(field, term).all_ids()) & self.live
        return out

    def docs_with(self, term: str) -> frozenset[int]:
        """Live documents whose text has `term` (an analysed term), cached per generation."""
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        reader = self.searcher.reader()
        if (("body", term)) in reader:
            docs = frozenset(reader.postings("body", term).all_ids()) & self.live
        else:
            docs = frozenset()
        self._terms[term] = docs
        if len(self._terms) > _TERM_CACHE_SIZE:
            self._terms.popitem(last=False)
        return docs

    def page_in_order(self, order: list[int], docs: frozenset[int] | set[int], start: int,
                      count: int) -> list[int]:
        """Items start..start+count of `order` that are in `docs`, stopping as soon as found."""
        return list(islice(filter(docs.__contains__, order), start, start + count))
