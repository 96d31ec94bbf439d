"""A listing as the index sees it: both languages' texts, its place, and the filter values."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from marketplace.models import (
    Category,
    County,
    Listing,
    ListingStatus,
    Province,
    Village,
)
from marketplace.search import analysis
from marketplace.search.schema import TITLE_REPEATS


@dataclass
class Places:
    """Categories and places, loaded once per batch: few rows, used by every listing."""

    categories: dict[int, Category]
    villages: dict[int, Village]
    counties: dict[int, County]
    provinces: dict[int, Province]

    @classmethod
    def load(cls, session: Session) -> Places:
        return cls(
            {c.id: c for c in session.scalars(select(Category))},
            {v.id: v for v in session.scalars(select(Village))},
            {c.id: c for c in session.scalars(select(County))},
            {p.id: p for p in session.scalars(select(Province))},
        )

    def category_path(self, category_id: int) -> list[Category]:
        path: list[Category] = []
        node = self.categories.get(category_id)
        while node is not None and node not in path:
            path.insert(0, node)
            node = self.categories.get(node.parent_id) if node.parent_id else None
        return path


def _listings_query():
    return select(Listing).where(Listing.status == ListingStatus.ACTIVE).options(
        selectinload(Listing.translations),
        selectinload(Listing.certifications),
        selectinload(Listing.artisan),
        selectinload(Listing.cooperative),
    )


def documents_for(session: Session, listing_ids: Iterable[int]) -> dict[int, dict]:
    """Index documents of those listings that are active; the others must leave the index."""
    ids = sorted(set(listing_ids))
    if not ids:
        return {}
    places = Places.load(session)
    out: dict[int, dict] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for listing in session.scalars(_listings_query().where(Listing.id.in_(chunk))):
            out[listing.id] = document(listing, places)
    return out


def all_documents(session: Session, *, chunk: int = 1000,
                  analysed: bool = True) -> Iterator[dict]:
    """Every active listing's document, in id order, a chunk of rows at a time.

    `analysed=False` leaves the texts unanalysed (`TEXTS`) for `analyse` to finish in the
    index writer processes: analysis is most of a document's cost, and the process reading
    the database is one core."""
    places = Places.load(session)
    last_id = 0
    while True:
        batch = list(
            session.scalars(
                _listings_query().where(Listing.id > last_id).order_by(Listing.id).limit(chunk)
            )
        )
        if not batch:
            return
        for listing in batch:
            yield document(listing, places, analysed=analysed)
        last_id = batch[-1].id
        session.expunge_all()


def count_active(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Listing).where(Listing.status == ListingStatus.ACTIVE)
    ) or 0


TEXTS = "texts"


def analyse(doc: dict) -> dict:
    """A document from `document(..., analysed=False)` with its text fields analysed."""
    if TEXTS not in doc:
        return doc
    fields = {k: v for k, v in doc.items() if k != TEXTS}
    return {**fields, **text_fields(*doc[TEXTS])}


def text_fields(titles: list[str], texts: list[str], names: list[str]) -> dict[str, list[str]]:
    """The analysed text fields: each text analysed once (`analysis.terms`, the index side of
    the field's analyzer), titles weighted by repetition, and the "did you mean" words."""
    title = "\n".join(titles)
    return {
        "body": analysis.terms(title) * TITLE_REPEATS + analysis.terms("\n".join(texts)),
        "vocabulary": analysis.surfaces(title) + analysis.surfaces("\n".join(names)),
    }


def document(listing: Listing, places: Places, *, analysed: bool = True) -> dict:
    titles = [t.title for t in listing.translations]
    category_path = places.category_path(listing.category_id)
    village = places.villages.get(listing.village_id)
    county = places.counties.get(village.county_id) if village else None
    province = places.provinces.get(county.province_id) if county else None
    named = [*category_path, village, county, province]
    names = [n for obj in named if obj is not None for n in (obj.name_fa, obj.name_en)]
    artisan, coop = listing.artisan, listing.cooperative
    people = [artisan.display_name_fa, artisan.display_name_en, artisan.craft_fa,
              artisan.craft_en]
    if coop is not None:
        people += [coop.name_fa, coop.name_en]
    certs = [n for c in listing.certifications for n in (c.name_fa, c.name_en)]
    texts = [t.description + "\n" + t.materials for t in listing.translations]
    doc = {
        "id": str(listing.id),
        "category": " ".join(str(c.id) for c in category_path),
        "country": province.country_code if province else "",
        "currency": listing.currency,
        "in_stock": "1" if listing.stock > 0 else "0",
        "price": listing.price_minor,
        "created": int(listing.created_at.timestamp()) if listing.created_at else 0,
    }
    parts = (titles, [*texts, *names, *people, *certs], names)
    doc.update(text_fields(*parts) if analysed else {TEXTS: parts})
    if province is not None:
        doc["province"] = str(province.id)
    if coop is not None:
        doc["cooperative"] = str(coop.id)
    if listing.certifications:
        doc["certification"] = " ".join(str(c.id) for c in listing.certifications)
    return doc
