"""Searching the catalogue: text, filters, facets with live counts, sort, page, suggestion.

User text never reaches a query parser: it is analysed into words and the query is built from
them, so Whoosh syntax, quotes, control characters and 10 kB pastes are just text (S19).
Prices are filtered and sorted in the listing's own currency (the currency is a facet); step 3
converts to the shopper's display currency.
"""
from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from itertools import compress, repeat
from operator import le, mul, neg

from marketplace.core.formatting import RIALS_PER_TOMAN, ascii_digits
from marketplace.core.money import Money
from marketplace.search import analysis, glossary
from marketplace.search.schema import TITLE_REPEATS
from marketplace.search.snapshot import BM25_K1, Snapshot

MAX_QUERY_CHARS = 500
MAX_WORDS = 12
SORTS = ("relevance", "newest", "price_asc", "price_desc", "rating")
FILTER_FIELDS = ("category", "province", "country", "cooperative", "certification", "currency",
                 "fair")
_MAX_PAGE = 10_000
TOP_RATED = 4  # the "4 stars and up" filter the pages offer


@dataclass(frozen=True)
class SearchRequest:
    """What the shopper asked for, as it appears in the URL. Filter values are index values
    (ids as strings, country and currency codes); the view maps slugs to them."""

    text: str = ""
    category: str | None = None
    province: str | None = None
    country: str | None = None
    cooperative: str | None = None
    certification: str | None = None
    currency: str | None = None
    fair: str | None = None  # "at this fair": featured at one of its booths now
    price_min: int | None = None  # minor units of `currency`
    price_max: int | None = None
    in_stock: bool = False
    min_rating: int | None = None  # only listings whose reviews average this many stars or more
    sort: str = "relevance"
    page: int = 1
    per_page: int = 24
    # When nothing matches and a spelling nearby does, show its results ("search instead for"
    # the text as typed sets this False).
    correct: bool = True
    # Which facets to count ("in_stock" is the in-stock count, "rating" the count rated
    # TOP_RATED stars and up); the pages show them all.
    facet_fields: tuple[str, ...] = (*FILTER_FIELDS, "in_stock", "rating")

    def filters(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FILTER_FIELDS if getattr(self, name)}


def clean_text(raw: object) -> str:
    """The searchable part of what was typed: control characters gone, length capped."""
    text = raw if isinstance(raw, str) else ""
    text = "".join(
        c if c.isprintable() or c == analysis.ZWNJ else " " for c in text[: 4 * MAX_QUERY_CHARS]
    )
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def parse_page(raw: object) -> int:
    try:
        return min(max(int(ascii_digits(str(raw))), 1), _MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def parse_stars(raw: object) -> int | None:
    """A whole number of stars, 1–5, or None for anything else."""
    text = ascii_digits(raw.strip()) if isinstance(raw, str) else ""
    return int(text) if len(text) == 1 and text in "12345" else None


def parse_price(raw: object, currency: str | None, *, toman: bool = False) -> int | None:
    """A price bound typed by the shopper ("1,250,000", "۱۲۵۰۰۰۰", "19.99") in minor units,
    or None if it is empty, not a number, or there is no currency to read it in."""
    if not currency or not isinstance(raw, str) or not raw.strip():
        return None
    text = ascii_digits(raw.strip()).replace(",", "").replace(" ", "")
    try:
        amount = Decimal(text)
        if not amount.is_finite() or amount < 0 or amount > Decimal(10) ** 15:
            return None
        if toman and currency == "IRR":
            return int(amount * RIALS_PER_TOMAN)
        return Money.from_decimal(amount, currency).amount_minor
    except (InvalidOperation, ValueError):
        return None


# The query plan ------------------------------------------------------------------------------


@dataclass
class Plan:
    """The analysed query. `groups[i]` lists, for each way to take 1..3 words starting at word
    i as one written word, (joined term, next index), and the glossary concepts of those.
    `bound[i]` is the end of the run of words starting at i that were typed joined by ZWNJ:
    written as one word, they are searched as one word ("سوزن‌دوزی" as "سوزندوزی")."""

    pieces: list[analysis.Piece]
    groups: list[list[tuple[str, int]]] = field(default_factory=list)
    bound: dict[int, int] = field(default_factory=dict)
    # The options `docs` used for each word (a ZWNJ-joined run's narrowed ones): what ranks.
    chosen: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> Plan:
        found = analysis.pieces(text)[:MAX_WORDS]
        plan = cls(found)
        for i in range(len(found)):
            options = [(found[i].term, i + 1)]
            joined, written = found[i].term, found[i].surface
            for k in range(i + 1, min(i + analysis.MAX_JOINED_PARTS, len(found))):
                if not analysis.joinable(found[k - 1], found[k]):
                    break
                joined += found[k].term
                written += found[k].surface
                options += [(term, k + 1) for term in analysis.joined_terms(joined, written)]
            options += [(concept, after) for term, after in options
                        if (concept := analysis.concept_of(term))]
            if i + 1 < len(found) and (
                concept := analysis.phrase_concept(found[i].term, found[i + 1].term)
            ):
                options.append((concept, i + 2))
            plan.groups.append(options)
        i = 0
        while i < len(found):
            end = i + 1
            while (end < len(found) and end - i < analysis.MAX_JOINED_PARTS
                   and analysis.joinable(found[end - 1], found[end])
                   and _zwnj_only(text, found[end - 1], found[end])):
                end += 1
            if end > i + 1:
                plan.bound[i] = end
            i = end
        return plan

    @property
    def terms(self) -> set[str]:
        return {term for options in self.groups for term, _ in options}

    def words_of_terms(self) -> dict[str, frozenset[int]]:
        """Each term of the plan and the query words it stands for."""
        out: dict[str, frozenset[int]] = {}
        for i, options in enumerate(self.groups):
            for term, after in self.chosen.get(i, options):
                out[term] = out.get(term, frozenset()) | frozenset(range(i, after))
        return out

    def docs(self, snapshot: Snapshot) -> frozenset[int]:
        """Documents having every word, each written as any of its joined/split forms or as
        a word of its glossary concept."""
        end = len(self.pieces)
        memo: dict[int, frozenset[int]] = {end: snapshot.live}

        def from_word(i: int) -> frozenset[int]:
            if i not in memo:
                result: frozenset[int] = frozenset()
                for term, after in self._options(snapshot, i):
                    here = snapshot.docs_with(term)  # live documents only
                    if here:
                        result = result | (here if after == end else here & from_word(after))
                memo[i] = result
            return memo[i]

        for i in range(len(self.pieces) - 1, -1, -1):
            from_word(i)
        return from_word(0)

    def _options(self, snapshot: Snapshot, i: int) -> list[tuple[str, int]]:
        """Word i's options; for a ZWNJ-joined run, only the whole run as one word, unless the
        catalogue has no such word (then its parts, as if typed apart)."""
        options = self.groups[i]
        end = self.bound.get(i)
        if end is not None:
            whole = [(term, after) for term, after in options if after == end]
            if any(snapshot.docs_with(term) for term, _ in whole):
                options = whole
                for inside in range(i + 1, end):
                    self.chosen[inside] = []
        self.chosen[i] = options
        return options

    @property
    def written_words(self) -> int:
        """How many words were typed: a ZWNJ-joined run is one."""
        count, i = 0, 0
        while i < len(self.pieces):
            i = self.bound.get(i, i + 1)
            count += 1
        return count

    def known(self, snapshot: Snapshot, i: int) -> bool:
        """Whether the index has word i as typed or as a word of its glossary concept."""
        return any(snapshot.docs_with(term) for term, after in self.groups[i] if after == i + 1)


def _zwnj_only(text: str, previous: analysis.Piece, piece: analysis.Piece) -> bool:
    gap = text[previous.end:piece.start]
    return bool(gap) and not gap.strip(analysis.ZWNJ)


# Running a search ----------------------------------------------------------------------------


@dataclass
class SearchResult:
    request: SearchRequest
    listing_ids: list[int]
    total: int
    facets: dict[str, dict[str, int]]
    in_stock_count: int
    terms: set[str]
    top_rated_count: int = 0  # how many would be left rated TOP_RATED stars and up
    ignored_text: bool = False  # text was typed but had no searchable word in it
    suggestion: str | None = None  # "did you mean": the text with unknown words respelt
    corrected: str | None = None  # nothing matched the text: these are this text's results
    # Listings with some but not all of the words, best first: a first page that the full
    # matches leave room on shows them after those (counted in no total, facet or page).
    partial_ids: list[int] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


def search(snapshot: Snapshot, request: SearchRequest) -> SearchResult:
    """The results for `request`; when its text matches nothing but a respelling does (and
    `request.correct`), the respelt text's results, marked `corrected`."""
    result = _search(snapshot, request)
    if result.total == 0 and result.suggestion and request.correct:
        corrected = _search(snapshot, replace(request, text=result.suggestion))
        if corrected.total:
            corrected.request = request
            corrected.corrected = result.suggestion
            corrected.suggestion = None
            return corrected
    return result


def _search(snapshot: Snapshot, request: SearchRequest) -> SearchResult:
    plan = Plan.of(request.text)
    base = plan.docs(snapshot) if plan.pieces else snapshot.live
    constraints = _constraints(snapshot, request, base)
    final = _intersect(base, constraints.values())

    facets: dict[str, dict[str, int]] = {}
    for name in FILTER_FIELDS:
        if name not in request.facet_fields:
            continue
        scope = _intersect(base, (s for k, s in constraints.items() if k not in (name, "price")))
        if name != "currency" and "price" in constraints:
            scope = scope & constraints["price"]
        facets[name] = snapshot.facet_counts(name, scope)
    in_stock_count = 0
    if "in_stock" in request.facet_fields:
        stock_scope = _intersect(base, (s for k, s in constraints.items() if k != "in_stock"))
        in_stock_count = snapshot.in_stock_count(stock_scope)
    top_rated_count = 0
    if "rating" in request.facet_fields:
        rating_scope = _intersect(base, (s for k, s in constraints.items() if k != "rating"))
        top_rated_count = len(rating_scope & snapshot.rated_at_least[TOP_RATED])

    start = (request.page - 1) * request.per_page
    docnums = _page(snapshot, plan, request, final, start)
    result = SearchResult(
        request=request,
        listing_ids=[snapshot.listing_id[d] for d in docnums],
        total=len(final),
        facets=facets,
        in_stock_count=in_stock_count,
        top_rated_count=top_rated_count,
        terms=plan.terms,
        ignored_text=bool(request.text.strip()) and not plan.pieces,
    )
    if plan.pieces and (not final or _has_unknown_word(snapshot, plan)):
        result.suggestion = suggest(snapshot, plan, request.text)
    room = request.per_page - len(docnums)
    if plan.written_words > 1 and request.page == 1 and room > 0 and _by_relevance(request):
        result.partial_ids = [snapshot.listing_id[d]
                              for d in _partial(snapshot, plan, constraints, final, room)]
    return result


def _by_relevance(request: SearchRequest) -> bool:
    return request.sort not in SORTS or request.sort == "relevance"


def _partial(snapshot: Snapshot, plan: Plan, constraints: dict[str, frozenset[int]],
             final: frozenset[int], count: int) -> list[int]:
    """The `count` best listings that have some of the query's words but not all, within the
    filters: "blue vase" finds two blue vases, and then the other vases (the rarer word weighs
    more in BM25, so vases come before everything else that is blue)."""
    some = frozenset().union(*(snapshot.docs_with(term) for term in plan.terms))
    loose = _intersect(some - final, constraints.values())
    if len(loose) > PARTIAL_SCORED:
        loose = _best_per_term(snapshot, plan, loose, count + ARTISAN_POOL)
    return top_by_relevance(snapshot, plan, loose, count) if loose else []


# Past this many listings with some of the words, only each word's own best are scored: scoring
# a listing costs Python time, and "blue vase" at 100k listings has thousands that are blue.
PARTIAL_SCORED = 2000


def _best_per_term(snapshot: Snapshot, plan: Plan, allowed: frozenset[int],
                   count: int) -> frozenset[int]:
    """The union, over the query's terms, of the `count` listings in `allowed` that rank best
    on that term alone (its BM25 order, with C-level map/zip as in `top_by_relevance`). A
    partial match of a two-word query has one of the words, so its best are all here."""
    pool: set[int] = set()
    for term in plan.terms:
        _, ids, weights = snapshot.postings(term)
        if not ids:
            continue
        keep = list(map(allowed.__contains__, ids))
        ids, weights = list(compress(ids, keep)), list(compress(weights, keep))
        keys = map(mul, weights, map(snapshot.rank_factor.__getitem__, ids))
        pool.update(doc for _, doc in heapq.nlargest(count, zip(keys, ids, strict=True)))
    return frozenset(pool)


def _constraints(snapshot: Snapshot, request: SearchRequest,
                 base: frozenset[int]) -> dict[str, frozenset[int]]:
    out = {name: snapshot.facets[name].get(value, frozenset())
           for name, value in request.filters().items()}
    if request.in_stock:
        out["in_stock"] = snapshot.in_stock
    if request.min_rating in snapshot.rated_at_least:
        out["rating"] = snapshot.rated_at_least[request.min_rating]
    if request.currency and (request.price_min is not None or request.price_max is not None):
        low = request.price_min if request.price_min is not None else 0
        high = request.price_max if request.price_max is not None else float("inf")
        price = snapshot.price
        candidates = base & out["currency"]
        out["price"] = frozenset(d for d in candidates if low <= price[d] <= high)
    return out


def _intersect(base: frozenset[int], sets) -> frozenset[int]:
    result = base
    for s in sorted(sets, key=len):
        if not result:
            break
        result = result & s
    return result


def _page(snapshot: Snapshot, plan: Plan, request: SearchRequest, final: frozenset[int],
          start: int) -> list[int]:
    if not final or start >= len(final):
        return []
    if _by_relevance(request) and plan.pieces:
        return top_by_relevance(snapshot, plan, final, start + request.per_page)[start:]
    order = {"price_asc": snapshot.cheapest, "price_desc": snapshot.dearest,
             "rating": snapshot.best_rated}.get(request.sort, snapshot.newest)
    return snapshot.page_in_order(order, final, start, request.per_page)


def top_by_relevance(snapshot: Snapshot, plan: Plan, final: frozenset[int],
                     count: int) -> list[int]:
    """The `count` best of `final`, best first. Listings having more of the query's words in
    a title come first (a title word is in `body` TITLE_REPEATS times, so a weight that high
    means a title); then BM25 (Whoosh's BM25F with its defaults: the sum over the query's
    terms a listing contains) times the listing's rank weight (sold out counts less); and no
    artisan's listings crowd out everyone else's (`_spread_over_artisans`).

    Whoosh's collector scores every match in Python (its block-quality skipping rarely skips
    in a catalogue where most listings look alike). Here one term ranks with C-level map/zip
    (BM25's order for one term is the order of weight / length norm), and several terms score
    only the listings that match them all.
    """
    postings = []
    for term, words in sorted(plan.words_of_terms().items()):
        docs, ids, weights = snapshot.postings(term)
        if docs:
            postings.append((snapshot.idf(term) * (BM25_K1 + 1), ids, weights, words))
    if not postings:
        return []
    pool = count + ARTISAN_POOL
    if len(postings) == 1:
        factor, ids, weights, _ = postings[0]
        if len(ids) != len(final):  # a filter or deletions: keep only the allowed listings
            keep = list(map(final.__contains__, ids))
            ids, weights = list(compress(ids, keep)), list(compress(weights, keep))
        # BM25 for one term, up to its order-keeping constants: what the spreading compares.
        keys = map(mul, map(mul, weights, map(snapshot.rank_factor.__getitem__, ids)),
                   repeat(factor))
        in_title = map(le, repeat(TITLE_REPEATS), weights)
        best = heapq.nlargest(pool, zip(in_title, keys, map(neg, ids), strict=True))
    else:
        scored = [(factor, dict(zip(ids, weights, strict=True)), words)
                  for factor, ids, weights, words in postings]
        norm, rank_weight = snapshot.length_norm, snapshot.rank_weight

        def score(docnum: int) -> tuple[int, float, int]:
            total = 0.0
            in_title: set[int] = set()
            for factor, weight_of, words in scored:
                weight = weight_of.get(docnum)
                if weight:
                    total += factor * weight / (weight + norm[docnum])
                    if weight >= TITLE_REPEATS:
                        in_title |= words
            return len(in_title), total * rank_weight[docnum], -docnum

        best = heapq.nlargest(pool, map(score, final))
    return _spread_over_artisans(snapshot, best, count)


# Relevance looks this far past the page for other artisans' listings, and each further listing
# of an artisan already placed counts this much less: one prolific artisan cannot fill a page
# while others match as well, but their best piece still ranks where it belongs, and a title
# match is never pushed below a listing with fewer query words in its title.
ARTISAN_POOL = 48
SAME_ARTISAN_DECAY = 0.9


def _spread_over_artisans(snapshot: Snapshot, best: list[tuple[int, float, int]],
                          count: int) -> list[int]:
    """`best` ((title words, score, -docnum), best first) reordered: each listing's score is
    multiplied by SAME_ARTISAN_DECAY for every listing of its artisan placed before it."""
    artisan = snapshot.artisan
    placed: dict[int, int] = {}
    heap = [(-hits, -key, negdoc, 0) for hits, key, negdoc in best]  # sorted: a heap already
    out: list[int] = []
    while heap and len(out) < count:
        neghits, negkey, negdoc, seen = heapq.heappop(heap)
        owner = artisan[-negdoc]
        already = placed.get(owner, 0)
        if already != seen:  # its artisan was placed meanwhile: score it again
            heapq.heappush(heap, (neghits, negkey * SAME_ARTISAN_DECAY ** (already - seen),
                                  negdoc, already))
            continue
        placed[owner] = already + 1
        out.append(-negdoc)
    return out


def _has_unknown_word(snapshot: Snapshot, plan: Plan) -> bool:
    return not all(plan.known(snapshot, i) for i in range(len(plan.pieces)))


def suggest(snapshot: Snapshot, plan: Plan, text: str) -> str | None:
    """The query with each word the index does not know replaced by its nearest known word."""
    words: list[str] = []
    changed = False
    for i, piece in enumerate(plan.pieces):
        word = piece.surface
        if not plan.known(snapshot, i) and len(word) >= 3 and not word.isdigit():
            found = _respelt(snapshot, word)
            if found and found != word:
                word = found
                changed = True
        words.append(word)
    return " ".join(words) if changed else None


def _respelt(snapshot: Snapshot, word: str) -> str | None:
    """The nearest word of the titles and names; for Persian also of the indexed terms,
    which hold compounds typed joined ("سوزندوزی") but not English words as written."""
    maxdist = 1 if len(word) <= 4 else 2
    fields = ("vocabulary", "body") if analysis.is_persian(word) else ("vocabulary",)
    for name in fields:
        found = [w for w in snapshot.searcher.corrector(name).suggest(word, limit=3,
                                                                       maxdist=maxdist)
                 if not w.startswith(glossary.CONCEPT_MARK)]
        if found:
            return found[0]
    return None


def request_from_args(args: Mapping[str, str], *, per_page: int = 24) -> SearchRequest:
    """A SearchRequest from URL parameters, tolerating anything (bad values are ignored).

    Category, province, cooperative, certification and fair arrive as slugs; the caller maps them to
    index values. Price bounds are in the unit the shopper reads: `unit=toman` for IRR in toman.
    `rating=4`: rated four stars and up.
    """
    toman = args.get("unit") == "toman"
    def text_param(name: str, limit: int = 80) -> str | None:
        value = args.get(name)
        if not isinstance(value, str):
            return None
        value = value.strip()[:limit]
        return value if value and value.isprintable() else None

    currency = (text_param("currency", 3) or "").upper()
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        currency = None
    country = (text_param("country", 2) or "").upper()
    sort = args.get("sort") if args.get("sort") in SORTS else "relevance"
    return SearchRequest(
        text=clean_text(args.get("q", "")),
        category=text_param("category"),
        province=text_param("province"),
        country=country if len(country) == 2 and country.isalpha() else None,
        cooperative=text_param("coop"),
        certification=text_param("cert"),
        currency=currency,
        fair=text_param("fair"),
        price_min=parse_price(args.get("min"), currency, toman=toman),
        price_max=parse_price(args.get("max"), currency, toman=toman),
        in_stock=args.get("in_stock") in ("1", "on", "true"),
        min_rating=parse_stars(args.get("rating")),
        correct=args.get("exact") != "1",
        sort=sort,
        page=parse_page(args.get("page", 1)),
        per_page=per_page,
    )


