"""What one index generation knows, precomputed once so that a search is set arithmetic.

Measured at 100k listings: Whoosh's `groupedby=` scores and sorts every match, and a collector
that skips low-quality blocks undercounts. So totals and facet counts come from Python sets of
document numbers (C-speed intersections), sorted pages from precomputed orders, and Whoosh
only scores the top of the relevance order.
"""
from __future__ import annotations

from array import array
from collections import Counter, OrderedDict
from itertools import accumulate, islice
from math import log
from operator import mul

from whoosh.searching import Searcher

FACET_FIELDS = ("category", "province", "country", "cooperative", "certification", "currency",
                "fair")
_TERM_CACHE_SIZE = 512
# Whoosh's BM25F defaults, which relevance (query.py) reproduces.
BM25_B = 0.75
BM25_K1 = 1.2
# A sold-out listing ranks as if it matched this much less well: below an in-stock listing of
# the same relevance, above one that only mentions the words in its description.
SOLD_OUT_WEIGHT = 0.5
# Buyers' stars count a little in relevance: a listing's average is first pulled towards
# RATING_PRIOR as if it had RATING_PRIOR_REVIEWS more reviews of that many stars (one glowing
# review says little), then each star above or below the prior moves its score by
# RATING_WEIGHT / 2: at most +10 % for a long row of five stars, -10 % for a long row of ones.
# Unreviewed listings are neither helped nor hurt. The title-word tiers come first regardless.
RATING_PRIOR = 3.0
RATING_PRIOR_REVIEWS = 3
RATING_WEIGHT = 0.1
RATING_STEPS = (1, 2, 3, 4, 5)  # the "n stars and up" filters: precomputed per generation
_NO_POSTINGS: tuple = (frozenset(), (), ())


class Snapshot:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self.generation = reader.generation()
        self.live: frozenset[int] = frozenset(reader.all_doc_ids())
        self.listing_id: list[int] = [int(v or 0) for v in reader.column_reader("id")]
        self.price: list[int] = list(reader.column_reader("price"))
        self.currency: list[str] = list(reader.column_reader("currency"))
        self.artisan: list[int] = list(reader.column_reader("artisan"))
        created = list(reader.column_reader("created"))
        self.rating: list[int] = list(reader.column_reader("rating"))  # tenths of a star
        self.review_count: list[int] = list(reader.column_reader("reviews"))
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
        # Best rated first; among equal stars the most reviewed, then the newest; unreviewed last.
        self.best_rated: list[int] = sorted(
            live_sorted, key=lambda d: (-self.rating[d], -self.review_count[d], -created[d],
                                        -self.listing_id[d])
        )
        self.rated_at_least: dict[int, frozenset[int]] = {
            stars: frozenset(d for d in live_sorted if self.rating[d] >= stars * 10)
            for stars in RATING_STEPS
        }
        self.facets: dict[str, dict[str, frozenset[int]]] = {
            field: self._postings_by_term(reader, field) for field in FACET_FIELDS
        }
        self.in_stock: frozenset[int] = self._postings_by_term(reader, "in_stock").get(
            "1", frozenset()
        )
        # Per field, each document's combination of values (an index into a list of value
        # tuples; 0 = none): counting a facet is then one C-level Counter over the scope.
        self._combos: dict[str, tuple[list[int], list[tuple[str, ...]]]] = {
            field: self._combinations(values) for field, values in self.facets.items()
        }
        stock = bytearray(len(self.listing_id))
        for docnum in self.in_stock:
            stock[docnum] = 1
        self._stock_flag = bytes(stock)
        # What relevance multiplies a listing's score by: sold out ranks below in stock, and
        # buyers' stars count a little.
        self.rank_weight: list[float] = [
            (1.0 if flag else SOLD_OUT_WEIGHT) * rating_weight(tenths, count)
            for flag, tenths, count in zip(stock, self.rating, self.review_count, strict=True)
        ]
        self._terms: OrderedDict[str, tuple] = OrderedDict()
        self.has_deletions = reader.has_deletions()
        self.doc_count_all = reader.doc_count_all()
        self._leaves = reader.leaf_readers()
        # BM25's length normalisation per document: K1 * (1 - B + B * length / average length)
        lengths = [leaf.doc_field_length(d, "body", 0) or 0 for leaf, _ in self._leaves
                   for d in range(leaf.doc_count_all())]
        average = (sum(lengths) / len(lengths)) if lengths else 1.0
        self.length_norm: list[float] = [
            BM25_K1 * (1 - BM25_B + BM25_B * n / (average or 1.0)) for n in lengths
        ]
        self.inverse_norm: list[float] = [1.0 / n for n in self.length_norm]
        # One term's BM25 order is weight x this (its length norm and rank weight together).
        self.rank_factor: list[float] = list(map(mul, self.inverse_norm, self.rank_weight))

    def _postings_by_term(self, reader, field: str) -> dict[str, frozenset[int]]:
        out = {}
        for term in reader.lexicon(field):
            value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            out[value] = frozenset(reader.postings(field, term).all_ids()) & self.live
        return out

    def _combinations(self, values: dict[str, frozenset[int]]):
        per_doc: list[tuple[str, ...]] = [()] * len(self.listing_id)
        for value, docs in values.items():
            for docnum in docs:
                per_doc[docnum] = (*per_doc[docnum], value)
        index: dict[tuple[str, ...], int] = {(): 0}
        combo_of = [index.setdefault(combo, len(index)) for combo in per_doc]
        return combo_of, list(index)

    def facet_counts(self, field: str, scope: frozenset[int]) -> dict[str, int]:
        """How many documents of `scope` have each value of `field` (values with none left
        out), equal to len(scope & self.facets[field][value])."""
        combo_of, combos = self._combos[field]
        counts: dict[str, int] = {}
        for combo, n in Counter(map(combo_of.__getitem__, scope)).items():
            for value in combos[combo]:
                counts[value] = counts.get(value, 0) + n
        return counts

    def in_stock_count(self, scope: frozenset[int]) -> int:
        return sum(map(self._stock_flag.__getitem__, scope))

    def docs_with(self, term: str) -> frozenset[int]:
        """Live documents whose text has `term` (an analysed term), cached per generation."""
        return self.postings(term)[0]

    def postings(self, term: str) -> tuple[frozenset[int], tuple[int, ...], tuple[float, ...]]:
        """(live documents, every document number in order, their weights) for `term` in
        `body`, cached per generation (LRU)."""
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        ids: list[int] = []
        weights: list[float] = []
        for leaf, offset in self._leaves:
            if ("body", term) in leaf:
                _read_postings(leaf, term, offset, ids, weights)
        if ids:
            docs = frozenset(ids)
            found = (docs & self.live if self.has_deletions else docs, ids, weights)
        else:
            found = _NO_POSTINGS
        self._terms[term] = found
        if len(self._terms) > _TERM_CACHE_SIZE:
            self._terms.popitem(last=False)
        return found

    def idf(self, term: str) -> float:
        """Whoosh's BM25 idf."""
        frequency = sum(leaf.doc_frequency("body", term) for leaf, _ in self._leaves)
        return log(self.doc_count_all / (frequency + 1)) + 1

    def page_in_order(self, order: list[int], docs: frozenset[int] | set[int], start: int,
                      count: int) -> list[int]:
        """Items start..start+count of `order` that are in `docs`, stopping as soon as found."""
        return list(islice(filter(docs.__contains__, order), start, start + count))


def rating_weight(tenths: int, count: int) -> float:
    """What a listing's stars multiply its relevance by (1.0 for no reviews)."""
    if not count:
        return 1.0
    shrunk = (tenths / 10 * count + RATING_PRIOR * RATING_PRIOR_REVIEWS) / (
        count + RATING_PRIOR_REVIEWS)
    return 1.0 + RATING_WEIGHT * (shrunk - RATING_PRIOR) / 2


def _read_postings(leaf, term: str, offset: int, ids: list[int], weights: list[float]) -> None:
    """Append the postings of `term` in one segment, a block at a time.

    Whoosh's `all_ids()` steps through a posting list one Python call per document; a W3
    posting block is (id deltas, weights, values), so a block decodes with `accumulate` and
    array copies instead. Deleted documents are left in (callers intersect with live docs).
    """
    matcher = leaf.postings("body", term)
    matcher = getattr(matcher, "child", matcher)  # a segment with deletions wraps it
    if not hasattr(matcher, "_read_data"):  # not a W3 posting list: the slow, general way
        while matcher.is_active():
            ids.append(matcher.id() + offset)
            weights.append(matcher.weight())
            matcher.next()
        return
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        deltas, block_weights = matcher._data[0], matcher._data[1]
        start = len(ids)
        ids.extend(accumulate(deltas, initial=offset))
        del ids[start]  # `initial` is not an id
        count = len(ids) - start
        if block_weights is None:
            weights.extend((1.0,) * count)
        elif isinstance(block_weights, float):
            weights.extend((block_weights,) * count)
        else:
            weights.extend(array("f", block_weights) if not isinstance(block_weights, array)
                           else block_weights)
        matcher._next_block()
