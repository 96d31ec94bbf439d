"""Uploaded photos: only real JPEG/PNG/WebP images are kept, re-encoded without metadata (S21, S22).

Re-encoding from decoded pixels drops EXIF (GPS position of a village workshop, camera serials)
and anything smuggled after the image data. Names come from `uploads.new_stored_name`.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.errors import DomainError
from marketplace.uploads import new_stored_name

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_BOX = (480, 480)
DISPLAY_BOX = (1600, 1600)


class ImageRejected(DomainError):
    """Not an image we accept; the message says why, for the uploader."""


class ImageTooLarge(ImageRejected):
    """Over the byte limit: the view answers 413."""


@dataclass(frozen=True, slots=True)
class StoredImage:
    filename: str
    thumbnail: str
    width: int
    height: int


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageTooLarge("too large")
    if not data:
        raise ImageRejected("empty")
    return data


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Decode `data` if it is one whole JPEG/PNG/WebP within the pixel limit."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in FORMATS:
                raise ImageRejected("format")
            # The header's size is checked before any pixel is decoded: a bomb never inflates.
            if probe.width * probe.height > max_pixels:
                raise ImageRejected("pixels")
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("not an image") from exc
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return out.getvalue()


def store_image(
    stream: BinaryIO, upload_dir: str | Path, *, max_bytes: int, max_pixels: int
) -> StoredImage:
    """Check, clean and store an uploaded photo and its thumbnail; raise ImageRejected."""
    data = _read_limited(stream, max_bytes)
    original = _open_checked(data, max_pixels)
    fmt = original.format or "JPEG"
    # Apply the camera's rotation, then rebuild the image from pixels only: no EXIF, no ICC text,
    # no trailing bytes.
    upright = ImageOps.exif_transpose(original)
    if upright.mode not in ("RGB", "RGBA", "L"):
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    clean.thumbnail(DISPLAY_BOX)
    thumb = clean.copy()
    thumb.thumbnail(THUMBNAIL_BOX)

    folder = Path(upload_dir)
    folder.mkdir(parents=True, exist_ok=True)
    extension = FORMATS[fmt]
    filename, thumbnail = new_stored_name(extension), new_stored_name(extension)
    (folder / filename).write_bytes(_encode(clean, fmt))
    (folder / thumbnail).write_bytes(_encode(thumb, fmt))
    return StoredImage(filename, thumbnail, clean.width, clean.height)


def delete_stored(upload_dir: str | Path, *names: str | None) -> None:
    for name in names:
        if name:
            (Path(upload_dir) / name).unlink(missing_ok=True)
