"""Matched words marked in a text, safe to put in a page: every part is escaped (S17)."""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from marketplace.search import analysis


@lru_cache(maxsize=4096)
def _pieces(text: str) -> tuple[analysis.Piece, ...]:
    """A title's pieces, analysed once: the same titles are highlighted on every results page."""
    return tuple(analysis.pieces(text))


def highlight(text: str, terms: set[str]) -> Markup:
    """`text` escaped, with the words (or joined runs of words) whose terms were searched for
    wrapped in <mark>."""
    if not terms or not text:
        return escape(text)
    found = _pieces(text)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(found):
        matched_until = i + 1 if found[i].term in terms else None
        joined, written = found[i].term, found[i].surface
        for k in range(i + 1, min(i + analysis.MAX_JOINED_PARTS, len(found))):
            if not analysis.joinable(found[k - 1], found[k]):
                break
            joined += found[k].term
            written += found[k].surface
            if not terms.isdisjoint(analysis.joined_terms(joined, written)):
                matched_until = k + 1
        if matched_until is None:
            i += 1
            continue
        spans.append((found[i].start, found[matched_until - 1].end))
        i = matched_until
    parts: list[Markup] = []
    position = 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(Markup("<mark>%s</mark>") % text[start:end])
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
