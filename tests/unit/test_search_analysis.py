"""Persian and English text becomes the same search terms however it was typed."""
from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from marketplace.search import analysis
from marketplace.search.highlight import highlight
from marketplace.search.query import Plan

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("صنايع دستي", "صنایع دستی"),  # Arabic yeh
        ("كاشي", "کاشی"),  # Arabic kaf
        ("مَصنوعاتِ سُفالی", "مصنوعات سفالی"),  # harakat
        ("آذربایجان", "اذربایجان"),  # madda
        ("خانهٔ گلیم", "خانه گلیم"),  # hamza above
        ("گلیـــم", "گلیم"),  # tatweel
        ("۱۴۰۳ ٢٠٢٤ 2025", "1403 2024 2025"),  # Persian, Arabic-Indic and ASCII digits
        (f"صنایع{ZWNJ}دستی", "صنایع دستی"),
        ("Bát Tràng CERAMICS", "bat trang ceramics"),
        ("Đông Hồ", "dong ho"),
        ("title:( \"kilim", "title kilim"),
    ],
)
def test_normalise_folds_letters_digits_diacritics_and_case(typed, expected):
    assert analysis.normalise(typed) == expected


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("گلیم‌ها", "گلیم"),
        ("گلیمها", "گلیم"),
        ("گلیم ها", "گلیم"),
        ("قالیچه‌های", "قالیچه"),
        ("مصنوعات", "مصنوع"),
        ("تنها", "تنها"),  # too short to be a plural: left alone
        ("carpets", "carpet"),
        ("weaving", "weav"),
    ],
)
def test_light_stemming_of_plurals_and_suffixes(word, stem):
    assert [p.term for p in analysis.pieces(word)] == [stem]


@pytest.mark.parametrize(
    "variant", [f"صنایع{ZWNJ}دستی", "صنایع دستی", "صنایعدستی", "صنايع دستي", "صنایع‌دستیها"]
)
@pytest.mark.parametrize("indexed", [f"صنایع{ZWNJ}دستی", "صنایع دستی", "صنایعدستی"])
def test_zwnj_space_and_joined_forms_meet(variant, indexed):
    assert _matches(f"گلیم {indexed} جلفا", variant)


def test_both_languages_and_digits_match():
    text = "Handwoven kilims از جلفا، ۱۲۰ سانتیمتر"
    assert _matches(text, "kilim")
    assert _matches(text, "جلفا 120")
    assert not _matches(text, "teapot")


def test_words_split_by_punctuation_are_not_joined():
    assert analysis.terms("گلیم، جاجیم") == ["گلیم", "جاجیم", "~kilim", "~jajim"]


def test_highlight_marks_words_and_joined_forms_and_escapes_everything_else():
    """S17: highlighted titles are escaped HTML with only our <mark> tags."""
    html = str(highlight(f"<script>x</script> صنایع{ZWNJ}دستی & Kilims", {"صنایعدستی", "kilim"}))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f"<mark>صنایع{ZWNJ}دستی</mark>" in html
    assert "<mark>Kilims</mark>" in html and "&amp;" in html


def test_highlighted_text_that_is_itself_markup_stays_escaped():
    """S17: a title containing a matched word inside a tag cannot break out."""
    html = str(highlight('"><img src=x onerror=alert(1)>kilim', {"kilim", "img"}))
    assert "<img" not in html
    assert "<mark>kilim</mark>" in html


# Properties ---------------------------------------------------------------------------------

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
persian_word = st.text(alphabet=PERSIAN_LETTERS, min_size=2, max_size=6)
separator = st.sampled_from([ZWNJ, " ", ""])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalising_twice_is_normalising_once(text):
    once = analysis.normalise(text)
    assert analysis.normalise(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_words_of_normalised_text_are_the_same(text):
    # The words only: normalise turns punctuation into spaces, and Persian pieces separated by
    # punctuation ("ؠ:ٮ") are not joined into one term, while pieces separated by spaces are.
    def words(value: str) -> list[str]:
        return [piece.term for piece in analysis.pieces(value)]

    assert words(analysis.normalise(text)) == words(text)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(persian_word, min_size=2, max_size=3),
    doc_separators=st.lists(separator, min_size=2, max_size=2),
    query_separators=st.lists(separator, min_size=2, max_size=2),
)
# Typed as one word, "اا‌اات" becomes long enough for its "ات" to be stripped (found by hypothesis).
@example(parts=["اا", "اات", "اا"], doc_separators=[ZWNJ, ZWNJ], query_separators=["", ZWNJ])
@example(parts=["اا", "اات", "اا"], doc_separators=["", ZWNJ], query_separators=[ZWNJ, ZWNJ])
def test_any_zwnj_space_or_joined_variant_of_a_word_finds_the_listing(
    parts, doc_separators, query_separators
):
    # The light stemmer is applied per written word; a joined form must stem like its parts.
    joined = "".join(parts)
    assume(analysis.stem(joined) == "".join(analysis.stem(p) for p in parts))
    assume(all(p not in analysis.STOP_WORDS and analysis.stem(p) == p for p in parts))

    def spelled(separators):
        used = separators[: len(parts) - 1]
        return parts[0] + "".join(sep + part for sep, part in zip(used, parts[1:], strict=True))

    document = f"گلیم {spelled(doc_separators)} دستباف"
    assert _matches(document, spelled(query_separators))


class _OneDocument:
    """A stand-in snapshot holding one document: enough to evaluate a query plan."""

    def __init__(self, text: str) -> None:
        self.terms = set(analysis.terms(text))
        self.live = frozenset({0})

    def docs_with(self, term: str) -> frozenset[int]:
        return self.live if term in self.terms else frozenset()


def _matches(document: str, query: str) -> bool:
    return bool(Plan.of(query).docs(_OneDocument(document)))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_index_time_fast_paths_equal_the_analyzers(text):
    """The index build analyses with `terms`/`surfaces`; queries and highlights with the
    analyzers' offset-keeping path. Both must give the same words."""
    query_terms = [t.text for t in analysis.BazaarAnalyzer()(text, mode="query")]
    assert [term for term in analysis.terms(text) if term in query_terms] == query_terms
    surface_words = [t.text for t in analysis.SurfaceAnalyzer()(text)]
    assert analysis.surfaces(text) == surface_words


# Words, stop words, suffixes, digits, punctuation and spaces, as names and titles mix them.
line = st.lists(
    st.sampled_from(["گلیم", "صنایع", "دستی", "و", "ها", "ی", "kilim", "the", "Jolfa", "۱۴۰۳",
                     " ", "  ", ZWNJ, "،", "-", "(", ")", "&", "\t", ""]) | st.text(max_size=4),
    max_size=8,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(line, max_size=6))
def test_texts_analysed_line_by_line_give_the_terms_of_the_joined_text(lines):
    """The index build analyses each line once (names repeat across listings) and stitches
    the lines: the same terms, joined forms across line breaks included, as the whole text."""
    whole = "\n".join(lines)
    assert analysis.terms_of(lines) == analysis.terms(whole)
    assert analysis.surfaces_of(lines) == analysis.surfaces(whole)
