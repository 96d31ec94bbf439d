"""A listing as the index sees it: both languages' texts, its place, and the filter values.

Listings are read as Core rows (per chunk, one query for the listings with their artisan and
cooperative names, one for their texts, one for the certificates they show), not ORM objects: in a
full rebuild of 100k listings the ORM read took ~18 CPU-seconds of the process that feeds both
index writers, Core rows ~7 with the documents built (bench/README.md).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from marketplace.catalog import certificates
from marketplace.cooperatives.fairs import fair_ids_of
from marketplace.core.ratings import average_rating
from marketplace.models import (
    ArtisanProfile,
    Category,
    Cooperative,
    County,
    Listing,
    ListingStatus,
    ListingTranslation,
    Province,
    Village,
)
from marketplace.search import analysis
from marketplace.search.schema import TITLE_REPEATS


class Places:
    """Categories and places, loaded once per read (few rows, used by every listing), and what
    a listing's category or village contributes to its document, worked out once for each."""

    def __init__(self, session: Session) -> None:
        def rows(*columns) -> dict[int, Row]:
            return {row[0]: row for row in session.execute(select(*columns))}

        self.categories = rows(Category.id, Category.parent_id, Category.name_fa,
                               Category.name_en)
        self.villages = rows(Village.id, Village.county_id, Village.name_fa, Village.name_en)
        self.counties = rows(County.id, County.province_id, County.name_fa, County.name_en)
        self.provinces = rows(Province.id, Province.country_code, Province.name_fa,
                              Province.name_en)
        self.category = cache(self._category)
        self.village = cache(self._village)

    def _category(self, category_id: int) -> tuple[str, list[str]]:
        """(the category and its ancestors' ids, their names): root first."""
        path: list[Row] = []
        node = self.categories.get(category_id)
        while node is not None and node not in path:
            path.insert(0, node)
            node = self.categories.get(node.parent_id) if node.parent_id else None
        return (" ".join(str(c.id) for c in path),
                [n for c in path for n in (c.name_fa, c.name_en)])

    def _village(self, village_id: int) -> tuple[list[str], Row | None]:
        """(the names of the village, its county and province; the province row)."""
        village = self.villages.get(village_id)
        county = self.counties.get(village.county_id) if village else None
        province = self.provinces.get(county.province_id) if county else None
        named = (village, county, province)
        return [n for row in named if row is not None for n in (row.name_fa, row.name_en)], province


_LISTINGS = (
    select(Listing.id, Listing.category_id, Listing.village_id, Listing.currency, Listing.stock,
           Listing.price_minor, Listing.created_at, Listing.cooperative_id, Listing.artisan_id,
           Listing.rating_count, Listing.rating_total,
           ArtisanProfile.display_name_fa, ArtisanProfile.display_name_en,
           ArtisanProfile.craft_fa, ArtisanProfile.craft_en,
           Cooperative.name_fa.label("cooperative_fa"),
           Cooperative.name_en.label("cooperative_en"))
    .join(ArtisanProfile, ArtisanProfile.id == Listing.artisan_id)
    .outerjoin(Cooperative, Cooperative.id == Listing.cooperative_id)
    .where(Listing.status == ListingStatus.ACTIVE, Listing.reserved_for_id.is_(None))
)


def _documents(session: Session, places: Places, listings: list[Row],
               analysed: bool) -> Iterator[dict]:
    """The documents of those listing rows, their texts, the certificates they show (verified
    and unexpired today, `catalog.certificates`) and their fairs, read in three queries."""
    ids = [row.id for row in listings]
    translations: defaultdict[int, list[Row]] = defaultdict(list)
    for row in session.execute(
        select(ListingTranslation.listing_id, ListingTranslation.title,
               ListingTranslation.description, ListingTranslation.materials)
        .where(ListingTranslation.listing_id.in_(ids))
        .order_by(ListingTranslation.listing_id, ListingTranslation.id)
    ):
        translations[row.listing_id].append(row)
    certifications = certificates.shown_types_by_listing(session, ids,
                                                         on=certificates.today())
    fairs = fair_ids_of(session, ids)
    for listing in listings:
        yield document(listing, translations[listing.id], certifications[listing.id], places,
                       analysed=analysed, fairs=fairs.get(listing.id, ()))


def documents_for(session: Session, listing_ids: Iterable[int]) -> dict[int, dict]:
    """Index documents of those listings that are active; the others must leave the index."""
    ids = sorted(set(listing_ids))
    if not ids:
        return {}
    places = Places(session)
    out: dict[int, dict] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        listings = session.execute(_LISTINGS.where(Listing.id.in_(chunk))).all()
        for doc in _documents(session, places, listings, analysed=True):
            out[int(doc["id"])] = doc
    return out


def all_documents(session: Session, *, chunk: int = 1000,
                  analysed: bool = True) -> Iterator[dict]:
    """Every active listing's document, in id order, a chunk of rows at a time.

    `analysed=False` leaves the texts unanalysed (`TEXTS`) for `analyse` to finish in the
    index writer processes: analysis is most of a document's cost, and the process reading
    the database is one core."""
    places = Places(session)
    last_id = 0
    while True:
        listings = session.execute(
            _LISTINGS.where(Listing.id > last_id).order_by(Listing.id).limit(chunk)
        ).all()
        if not listings:
            return
        yield from _documents(session, places, listings, analysed)
        last_id = listings[-1].id


def count_active(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Listing).where(Listing.status == ListingStatus.ACTIVE,
                                                        Listing.reserved_for_id.is_(None))
    ) or 0


TEXTS = "texts"


def rating_tenths(total: int, count: int) -> int:
    """The average stars as the index keeps them: tenths of a star, 0 before the first review."""
    average = average_rating(total, count)
    return int(average * 10) if average is not None else 0


def analyse(doc: dict) -> dict:
    """A document from `document(..., analysed=False)` with its text fields analysed."""
    if TEXTS not in doc:
        return doc
    fields = {k: v for k, v in doc.items() if k != TEXTS}
    return {**fields, **text_fields(*doc[TEXTS])}


def text_fields(titles: list[str], texts: list[str], names: list[str]) -> dict[str, list[str]]:
    """The analysed text fields: each list of texts analysed as one text, line by line
    (`analysis.terms_of`, the index side of the field's analyzer, which remembers the short
    texts that repeat across listings), titles weighted by repetition, and the "did you mean"
    words."""
    return {
        "body": analysis.terms_of(titles) * TITLE_REPEATS + analysis.terms_of(texts),
        "vocabulary": analysis.surfaces_of(titles) + analysis.surfaces_of(names),
    }


def document(listing: Row, translations: list[Row], certifications: list[Row], places: Places,
             *, analysed: bool = True, fairs: Iterable[int] = ()) -> dict:
    """`listing` is a row of `_LISTINGS`; its translations in id order, the types of the
    certificates it shows in type order; `fairs`, the ids of the fairs it is featured at."""
    titles = [t.title for t in translations]
    category, category_names = places.category(listing.category_id)
    village_names, province = places.village(listing.village_id)
    names = [*category_names, *village_names]
    people = [listing.display_name_fa, listing.display_name_en, listing.craft_fa,
              listing.craft_en]
    if listing.cooperative_id is not None:
        people += [listing.cooperative_fa, listing.cooperative_en]
    certs = [n for c in certifications for n in (c.name_fa, c.name_en)]
    texts = [t.description + "\n" + t.materials for t in translations]
    doc = {
        "id": str(listing.id),
        "category": category,
        "country": province.country_code if province else "",
        "currency": listing.currency,
        "in_stock": "1" if listing.stock > 0 else "0",
        "price": listing.price_minor,
        "created": int(listing.created_at.timestamp()) if listing.created_at else 0,
        "artisan": listing.artisan_id,
        "rating": rating_tenths(listing.rating_total, listing.rating_count),
        "reviews": listing.rating_count,
    }
    parts = (titles, [*texts, *names, *people, *certs], names)
    if province is not None:
        doc["province"] = str(province.id)
    if listing.cooperative_id is not None:
        doc["cooperative"] = str(listing.cooperative_id)
    if certifications:
        doc["certification"] = " ".join(str(c.id) for c in certifications)
    if fairs:
        doc["fair"] = " ".join(str(f) for f in fairs)
    doc["digest"] = digest(doc, parts)
    doc.update(text_fields(*parts) if analysed else {TEXTS: parts})
    return doc


def digest(fields: dict, texts: tuple) -> str:
    """What the document says, in 24 hex digits: `flask search check` compares the digest stored
    in the index with the one the database gives now (consistency.py)."""
    content = repr((sorted(fields.items()), texts)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(content, digest_size=12).hexdigest()
