"""How Persian and English text becomes search terms, the same way at index and at query time.

Persian is typed many ways: Arabic ي/ك or Persian ی/ک, with or without diacritics, with a ZWNJ,
a space or nothing between the parts of a word ("صنایع‌دستی", "صنایع دستی", "صنایعدستی"), with
Persian, Arabic-Indic or ASCII digits. `normalise` folds the letter and digit variants; the
word-joining variants are handled by treating ZWNJ as a word break and, at index time, also
emitting the concatenation of 2 and 3 adjacent Persian words ("صنایع" "دستی" "صنایعدستی"). The
query side (`query_pieces` + query.py) accepts any grouping of adjacent query words, so every
spelling of a word of up to three parts meets every other one.

English words are lemmatised (simplemma: "scarves" -> "scarf", "woven" -> "weave") before
Porter stemming; bench/README.md compares the libraries tried. Words of the crafts glossary
(glossary.py) also yield their concept's token, at index and at query time.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import simplemma
from whoosh.analysis import Composable, Token
from whoosh.lang.porter import stem as porter_stem

from marketplace.search import glossary

# Bump when anything here changes what terms a text produces: the index is rebuilt to match.
ANALYZER_VERSION = 4

ZWNJ = "\u200c"
_LETTER_MAP = {
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه", "ہ": "ه",
    "ؤ": "و", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "đ": "d", "Đ": "d",
}
# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits become ASCII.
_DIGITS = {chr(base + i): str(i) for base in (0x06F0, 0x0660) for i in range(10)}
_TATWEEL = "\u0640"

PERSIAN_STOP_WORDS = frozenset({
    "و", "در", "به", "از", "که", "با", "را", "این", "آن", "یا", "تا", "برای", "هم",
    # what is left of a suffix written after a ZWNJ or a space: "گلیم‌ها", "خانه‌ی"
    "ها", "های", "هایی", "ای", "ی", "ام", "ات", "اش",
})
ENGLISH_STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
    "on", "or", "the", "to", "with",
})
STOP_WORDS = PERSIAN_STOP_WORDS | ENGLISH_STOP_WORDS
# Plural and suffix endings we strip: only when at least three letters remain ("تنها" stays).
_PERSIAN_SUFFIXES = ("های", "ها", "ات")
_MIN_PERSIAN_STEM = 3
MAX_JOINED_PARTS = 3


def _fold_char(ch: str) -> str:
    """One source character to zero or more normalised characters."""
    if ch in _LETTER_MAP:
        return _LETTER_MAP[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    if ch == ZWNJ:
        return " "
    if ch == _TATWEEL:
        return ""
    if ch.isascii():
        return ch.lower()
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        if part in _LETTER_MAP:
            out.append(_LETTER_MAP[part])
            continue
        category = unicodedata.category(part)
        if category in ("Mn", "Me", "Cf") or part == _TATWEEL:
            continue  # diacritics (harakat, madda, accents), ZWJ, bidi marks
        out.append(_DIGITS.get(part, part).casefold())
    return "".join(out)


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character: folding a text is then
    one C call (the index build analyses a few hundred MB of text)."""

    def __missing__(self, codepoint: int) -> str:
        folded = "".join(" " if c == "_" else c for c in _fold_char(chr(codepoint)))
        self[codepoint] = folded
        return folded


_FOLD = _FoldTable()
_WORDS = re.compile(r"(\W*)(\w+)")


def _folded(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of its source character."""
    origin: list[int] = []
    for i, ch in enumerate(text):
        origin.extend([i] * len(_FOLD[ord(ch)]))
    return text.translate(_FOLD), origin


def normalise(text: str) -> str:
    """Fold letters, digits, diacritics, case; ZWNJ and every non-word character become spaces."""
    return " ".join(m.group(2) for m in _WORDS.finditer(text.translate(_FOLD)))


_PERSIAN_LETTER = re.compile("[\u0600-\u06ff\ufb50-\ufeff]")


def is_persian(word: str) -> bool:
    return _PERSIAN_LETTER.search(word) is not None



def stem_persian(word: str) -> str:
    """Plural and suffix endings stripped when three letters remain ("تنها" stays)."""
    for suffix in _PERSIAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_PERSIAN_STEM:
            return word[: -len(suffix)]
    return word


def stem_english(word: str) -> str:
    """The dictionary lemma (irregular plurals and verbs: "scarves", "woven", "inlaid"), then
    Porter, which joins the regular forms the dictionary keeps apart ("ceramics", "carving")."""
    return porter_stem(simplemma.lemmatize(word, lang="en"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A folded word's term: Persian and Latin words stemmed, digits untouched."""
    if is_persian(word):
        return stem_persian(word)
    if word.isdigit() or not word.isascii():
        return word
    return stem_english(word)


@dataclass(frozen=True, slots=True)
class Piece:
    """A word as it will be searched: its stem, where it was in the source text, and whether it
    is separated from the previous piece only by spaces/ZWNJ (so the two may be one word)."""

    term: str
    surface: str
    start: int
    end: int
    joins_previous: bool


def _words(folded: str):
    """(word, starts right after spaces only) for each word of a folded text, with offsets."""
    for match in _WORDS.finditer(folded):
        separator = match.group(1)
        yield match.group(2), not separator or separator.isspace(), match.start(2), match.end(2)


def pieces(text: str) -> list[Piece]:
    """The searchable words of `text`, stop words dropped, in order, with source offsets."""
    folded, origin = _folded(text)
    result: list[Piece] = []
    adjacent = True
    for surface, spaced, start, end in _words(folded):
        adjacent = adjacent and spaced
        if surface in STOP_WORDS:
            continue
        term = stem(surface)
        if term in STOP_WORDS:
            continue
        result.append(Piece(term, surface, origin[start], origin[end - 1] + 1,
                            bool(result) and adjacent))
        adjacent = True
    return result


@lru_cache(maxsize=65536)
def _stem_persian(surface: str) -> tuple[str, bool] | None:
    """(stem, is Persian) of a folded word, or None for a stop word: `pieces`' per-word step,
    cached for the index build."""
    if surface in STOP_WORDS:
        return None
    term = stem(surface)
    if term in STOP_WORDS:
        return None
    return term, is_persian(term)


_FastPiece = tuple[str, bool, bool, str]  # (term, joins previous, is Persian, surface)


def _fast_pieces(text: str) -> list[_FastPiece]:
    """`pieces` without source offsets: (term, joins previous, is Persian, surface). What
    indexing needs, several times faster."""
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[_FastPiece], bool, bool]:
    """`_fast_pieces`, and whether only spaces (or nothing) come before the first piece and
    after the last one (the whole text, if it has none): whether a piece joins across the
    line break when texts are joined by newlines."""
    result: list[_FastPiece] = []
    adjacent = head = True
    folded = text.translate(_FOLD)
    for separator, surface in _WORDS.findall(folded):
        adjacent = adjacent and (not separator or separator.isspace())
        found = _stem_persian(surface)
        if found is None:
            continue
        if not result:
            head = adjacent
        result.append((found[0], bool(result) and adjacent, found[1], surface))
        adjacent = True
    stripped = folded.rstrip()  # what follows the last word is spaces only if this ends one
    return result, head, adjacent and (not stripped or bool(_WORD_CHAR.match(stripped[-1])))


_WORD_CHAR = re.compile(r"\w")
# Parts up to this long are analysed once and remembered: the category, place, people and
# certification names every listing of a category, village or artisan repeats.
_SHARED_PART = 100
_scan_shared = lru_cache(maxsize=16384)(_scan)


def _pieces_of(parts: list[str]) -> list[_FastPiece]:
    """`_fast_pieces("\\n".join(parts))`, from the pieces of each part."""
    result: list[_FastPiece] = []
    adjacent = True
    for part in parts:
        found, head, tail = _scan_shared(part) if len(part) <= _SHARED_PART else _scan(part)
        if found:
            term, _, persian, surface = found[0]
            result.append((term, bool(result) and adjacent and head, persian, surface))
            result += found[1:]
            adjacent = tail
        else:
            adjacent = adjacent and tail
    return result


def terms(text: str) -> list[str]:
    """Index terms: every piece, plus the joined form of 2..3 adjacent Persian pieces."""
    return _terms(_fast_pieces(text))


def terms_of(parts: list[str]) -> list[str]:
    """`terms("\\n".join(parts))`."""
    return _terms(_pieces_of(parts))


def _terms(found: list[_FastPiece]) -> list[str]:
    out = [piece[0] for piece in found]
    for start in range(len(found)):
        joined, _, persian, written = found[start]
        if not persian:
            continue
        for k in range(start + 1, min(start + MAX_JOINED_PARTS, len(found))):
            term, joins, persian, surface = found[k]
            if not (joins and persian):
                break
            joined += term
            written += surface
            out += joined_terms(joined, written)
    concepts = [_CONCEPT_OF[term] for term in out if term in _CONCEPT_OF]
    previous = None
    for term, *_ in found:
        if previous in _PHRASE_STARTS and (concept := _PHRASES.get(f"{previous} {term}")):
            concepts.append(concept)
        previous = term
    return out + concepts if concepts else out


def joined_terms(joined: str, written: str) -> tuple[str, ...]:
    """The terms of adjacent pieces taken as one word: their terms joined, and the joined
    written word stemmed, which is what that word gets when it is typed without a break
    ("اا‌اات" joins to "اااات", typed as one word it stems to "ااا")."""
    whole = stem(written)
    return (joined,) if whole == joined else (joined, whole)


def surfaces(text: str) -> list[str]:
    """The words "did you mean" may suggest: normalised, unstemmed, 3+ letters, not numbers.
    What `SurfaceAnalyzer` yields, without source offsets."""
    return _surfaces(_fast_pieces(text))


def surfaces_of(parts: list[str]) -> list[str]:
    """`surfaces("\\n".join(parts))`."""
    return _surfaces(_pieces_of(parts))


def _surfaces(found: list[_FastPiece]) -> list[str]:
    return [piece[3] for piece in found if len(piece[3]) >= 3 and not piece[3].isdigit()]


def joinable(previous: Piece, piece: Piece) -> bool:
    return piece.joins_previous and is_persian(previous.term) and is_persian(piece.term)


# The glossary as terms: a term (or joined Persian term) -> its concept's token, and two
# consecutive terms ("ao dai", "tea set") -> the token.
_CONCEPT_OF: dict[str, str] = {}
_PHRASES: dict[str, str] = {}


def _load_glossary() -> None:
    for name, languages in glossary.CONCEPTS.items():
        token = glossary.CONCEPT_MARK + name
        for written in (form for forms in languages for form in forms):
            found = pieces(written)
            if len(found) == 1:
                _CONCEPT_OF[found[0].term] = token
            elif all(joinable(a, b) for a, b in zip(found, found[1:], strict=False)):
                joined = "".join(p.term for p in found)
                for term in joined_terms(joined, "".join(p.surface for p in found)):
                    _CONCEPT_OF[term] = token
            elif len(found) == 2:
                _PHRASES[f"{found[0].term} {found[1].term}"] = token
            else:
                raise ValueError(f"glossary form {written!r}: one word or two, please")


_load_glossary()
_PHRASE_STARTS = frozenset(phrase.split(" ", 1)[0] for phrase in _PHRASES)


def concept_of(term: str) -> str | None:
    """The glossary concept token of an analysed term, or None."""
    return _CONCEPT_OF.get(term)


def phrase_concept(first: str, second: str) -> str | None:
    """The concept token of two consecutive analysed terms, or None."""
    return _PHRASES.get(f"{first} {second}") if first in _PHRASE_STARTS else None


class BazaarAnalyzer(Composable):
    """Whoosh analyzer over `terms` (index) or `pieces` (query). Positions are not kept: the
    schema does not store them, as the catalogue has no phrase search."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BazaarAnalyzer)

    def __hash__(self) -> int:
        return hash(BazaarAnalyzer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if mode == "query" or chars:
            for pos, piece in enumerate(pieces(value)):
                token.text = piece.term
                token.stopped = False
                token.boost = 1.0
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar = start_char + piece.start
                    token.endchar = start_char + piece.end
                yield token
            return
        for pos, term in enumerate(terms(value)):
            token.text = term
            token.stopped = False
            token.boost = 1.0
            if positions:
                token.pos = start_pos + pos
            yield token


class SurfaceAnalyzer(Composable):
    """Normalised but unstemmed words: the vocabulary "did you mean" suggests from."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SurfaceAnalyzer)

    def __hash__(self) -> int:
        return hash(SurfaceAnalyzer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, piece in enumerate(pieces(value)):
            if len(piece.surface) < 3 or piece.surface.isdigit():
                continue
            token.text = piece.surface
            token.stopped = False
            token.boost = 1.0
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + piece.start
                token.endchar = start_char + piece.end
            yield token
