"""Photos stored before cards used WebP thumbnails get them from `flask images thumbnails`."""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from marketplace.core.uploads import new_stored_name
from marketplace.extensions import db
from marketplace.models import ListingImage


def test_a_photo_stored_with_a_jpeg_thumbnail_gets_two_webp_ones_and_loses_the_old(app, catalog):
    upload_dir = Path(app.config["UPLOAD_DIR"])
    display, old_thumbnail = new_stored_name("jpg"), new_stored_name("jpg")
    Image.new("RGB", (1200, 900), "#a4362b").save(upload_dir / display, "JPEG")
    Image.new("RGB", (480, 360), "#a4362b").save(upload_dir / old_thumbnail, "JPEG")
    photo = ListingImage(filename=display, thumbnail=old_thumbnail, thumbnail_small=None,
                         width=1200, height=900, position=len(catalog.kilim.images))
    catalog.kilim.images.append(photo)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["images", "thumbnails"])
    assert result.exit_code == 0, result.output
    db.session.refresh(photo)
    assert photo.filename == display and photo.thumbnail != old_thumbnail
    assert not (upload_dir / old_thumbnail).exists()
    for name, width in zip((photo.thumbnail_small, photo.thumbnail), photo.thumbnail_widths,
                           strict=True):
        with Image.open(upload_dir / name) as thumbnail:
            assert (thumbnail.format, thumbnail.width) == ("WEBP", width)
    assert photo.thumbnail_widths == (240, 480)

    again = app.test_cli_runner().invoke(args=["images", "thumbnails"])
    assert again.exit_code == 0 and "for 0 photos" in again.output
    db.session.refresh(photo)
    assert all((upload_dir / name).is_file() for name in (photo.thumbnail, photo.thumbnail_small))
