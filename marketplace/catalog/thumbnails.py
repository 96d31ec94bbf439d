"""WebP thumbnails in two sizes for photos stored before cards used them (`flask images`).

New uploads get them from `core.images.store_image`; this makes them from the stored display
copy (at most DISPLAY_BOX, written by our own pipeline) of each photo that lacks the small one.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.core import images
from marketplace.core.uploads import new_stored_name
from marketplace.models import ListingImage


def lacking(session: Session, *, limit: int) -> list[ListingImage]:
    return list(session.scalars(select(ListingImage).where(ListingImage.thumbnail_small.is_(None))
                                .order_by(ListingImage.id).limit(limit)))


def remake(session: Session, *, image: ListingImage, upload_dir: str | Path) -> str | None:
    """Write both thumbnails of `image` and point it at them; returns the old thumbnail's name,
    to delete once the change is committed (pages may still show it until then)."""
    folder = Path(upload_dir)
    with Image.open(folder / image.filename) as display:
        display.load()
        large, small = images.thumbnails(display)
    old = image.thumbnail if image.thumbnail != image.filename else None
    image.thumbnail, image.thumbnail_small = new_stored_name("webp"), new_stored_name("webp")
    (folder / image.thumbnail).write_bytes(large)
    (folder / image.thumbnail_small).write_bytes(small)
    session.flush()
    return old
