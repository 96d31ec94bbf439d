"""What the index holds for a listing: both languages' texts and the values filters need."""
from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from marketplace.search.analysis import ANALYZER_VERSION, BazaarAnalyzer, SurfaceAnalyzer

# Bump when a field changes; with ANALYZER_VERSION it names the index layout this code reads.
SCHEMA_VERSION = 1
INDEX_VERSION = f"schema-{SCHEMA_VERSION}.analyzer-{ANALYZER_VERSION}"


def make_schema() -> Schema:
    analyzer = BazaarAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        # Titles (fa + en) score double; `body` repeats them with everything else, so that the
        # set of matching listings comes from one field.
        title=TEXT(analyzer=analyzer, phrase=False, field_boost=2.0),
        body=TEXT(analyzer=analyzer, phrase=False),
        vocabulary=TEXT(analyzer=SurfaceAnalyzer(), phrase=False),
        category=KEYWORD(),  # the category and its ancestors, so a filter covers the subtree
        province=ID(),
        country=ID(),
        cooperative=ID(),
        certification=KEYWORD(),
        currency=ID(sortable=True),
        in_stock=ID(),
        price=NUMERIC(bits=64, sortable=True),
        created=NUMERIC(bits=64, sortable=True),
    )
