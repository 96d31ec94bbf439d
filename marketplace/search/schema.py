"""What the index holds for a listing: both languages' texts and the values filters need."""
from __future__ import annotations

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, FieldType, Schema
from whoosh.formats import Existence

from marketplace.search.analysis import ANALYZER_VERSION, BazaarAnalyzer, SurfaceAnalyzer

# Bump when a field changes; with ANALYZER_VERSION it names the index layout this code reads.
SCHEMA_VERSION = 5  # 5: certifications are the verified, unexpired certificates a listing shows
INDEX_VERSION = f"schema-{SCHEMA_VERSION}.analyzer-{ANALYZER_VERSION}"
# A title word counts this many times in `body` (BM25F-style field weighting in one field).
TITLE_REPEATS = 3


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        # documents.digest: what `flask search check` compares with the database (not indexed).
        digest=STORED(),
        # Every searchable text of the listing, analysed once by documents.py with the same
        # analyzer (`analysis.terms`); titles repeated TITLE_REPEATS times so they score higher.
        body=TEXT(analyzer=BazaarAnalyzer(), phrase=False),
        # "Did you mean" only needs the words, not frequencies or lengths.
        vocabulary=FieldType(Existence(), SurfaceAnalyzer(), scorable=False),
        category=KEYWORD(),  # the category and its ancestors, so a filter covers the subtree
        province=ID(),
        country=ID(),
        cooperative=ID(),
        certification=KEYWORD(),
        fair=KEYWORD(),  # the fairs the listing is featured at now ("at this fair")
        currency=ID(sortable=True),
        in_stock=ID(),
        # Sorted and range-filtered from columns only: no index terms to write.
        price=COLUMN(NumericColumn("q")),
        created=COLUMN(NumericColumn("q")),
        # Whose listing it is: relevance keeps one artisan from filling a page (query.py).
        artisan=COLUMN(NumericColumn("q")),
        # Its reviews: the average in tenths of a star (47 for 4.7; 0 before the first review)
        # and how many, for the rating filter and sort and a little of relevance (query.py).
        rating=COLUMN(NumericColumn("q")),
        reviews=COLUMN(NumericColumn("q")),
    )
