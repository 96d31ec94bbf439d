"""Uploaded photos: only real JPEG/PNG/WebP images are kept, re-encoded without metadata (S21, S22).

Re-encoding from decoded pixels drops EXIF (GPS position of a village workshop, camera serials)
and anything smuggled after the image data. Names come from `uploads.new_stored_name`.
"""
from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import Flask
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.core.errors import DomainError
from marketplace.core.uploads import new_stored_name

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DISPLAY_BOX = (1600, 1600)
# Thumbnails are WebP whatever the upload was, in two sizes for a `srcset`: a card is ~160 px
# wide on a phone and ~210 px on a desktop, so 240 px serves screens of one CSS pixel per
# device pixel and 480 px screens of two.
THUMBNAIL_BOX = (480, 480)
SMALL_THUMBNAIL_BOX = (240, 240)
THUMBNAIL_WEBP_QUALITY = 80
# What a request that found every slot taken is told to wait.
BUSY_RETRY_AFTER_SECONDS = 10

# Bytes Pillow holds per pixel while an image is full size: its decoded pixels (4 for every
# mode but these), plus a converted copy for modes that only scale well converted.
_FULL_SIZE_BYTES_PER_PIXEL = {"1": 1 + 4, "P": 1 + 4, "PA": 4 + 4, "L": 1,
                              "I;16": 2, "I;16B": 2, "I;16L": 2}
_CONVERT_BEFORE_SCALING = {"1", "P", "PA"}  # scaled with NEAREST otherwise
_NOT_AN_IMAGE = (UnidentifiedImageError, Image.DecompressionBombError,
                 Image.DecompressionBombWarning, OSError, SyntaxError, ValueError)


class ImageRejected(DomainError):
    """Not an image we accept; the message says why, for the uploader."""


class ImageTooLarge(ImageRejected):
    """Over the byte limit: the view answers 413."""


class ImageTooManyPixels(ImageRejected):
    """More pixels than we decode: the uploader is told to send a smaller JPEG."""


class ImagesBusy(DomainError):
    """Every slot for image work stayed taken: the view answers 503 with Retry-After."""


class WorkSlots:
    """How many photos this process decodes at once (S42); the rest wait up to `wait` seconds,
    then get ImagesBusy. One per app, so one per process."""

    def __init__(self, slots: int, wait: float) -> None:
        self._free = threading.BoundedSemaphore(slots)
        self.wait = wait

    @contextmanager
    def held(self) -> Iterator[None]:
        if not self._free.acquire(timeout=self.wait):
            raise ImagesBusy(self.wait)
        try:
            yield
        finally:
            self._free.release()


def init_app(app: Flask) -> None:
    app.extensions["image_slots"] = WorkSlots(app.config["IMAGE_WORK_SLOTS"],
                                              app.config["IMAGE_WORK_WAIT_SECONDS"])


def work_slots(app: Flask) -> WorkSlots:
    return app.extensions["image_slots"]


@dataclass(frozen=True, slots=True)
class StoredImage:
    filename: str
    thumbnail: str
    thumbnail_small: str
    width: int
    height: int


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageTooLarge("too large")
    if not data:
        raise ImageRejected("empty")
    return data


def _probe(data: bytes, *, max_pixels: int, max_decoded_bytes: int) -> str:
    """The format of `data` if it is one whole JPEG/PNG/WebP within the pixel limit whose
    pixels would fit in `max_decoded_bytes`, read from the header and the file's structure: no
    pixel is decoded here, so a bomb never inflates."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in FORMATS:
                raise ImageRejected("format")
            if probe.width * probe.height > max_pixels:
                raise ImageTooManyPixels("pixels")
            _reduce_while_decoding(probe)
            bytes_per_pixel = _FULL_SIZE_BYTES_PER_PIXEL.get(probe.mode, 4)
            if probe.width * probe.height * bytes_per_pixel > max_decoded_bytes:
                raise ImageTooManyPixels("decoded size")
            probe.verify()
    except ImageRejected:
        raise
    except _NOT_AN_IMAGE as exc:
        raise ImageRejected("not an image") from exc
    return probe.format


def _decode_for_display(data: bytes) -> Image.Image:
    """The pixels of `data` (checked by `_probe`), decoded no larger than the display needs
    where the format can."""
    try:
        image = Image.open(io.BytesIO(data))
        _reduce_while_decoding(image)
        image.load()
    except _NOT_AN_IMAGE as exc:
        raise ImageRejected("not an image") from exc
    return image


def _reduce_while_decoding(image: Image.Image) -> None:
    """Have a JPEG decoded at 1/2, 1/4 or 1/8 scale, as far as the display size allows; its
    size and mode say what will be decoded. Other formats decode whole."""
    if image.format == "JPEG":
        image.draft(None, fitted(image.size, DISPLAY_BOX))


def fitted(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size `Image.thumbnail(box)` gives an image of `size`."""
    scale = min(1.0, box[0] / size[0], box[1] / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _display_copy(image: Image.Image) -> Image.Image:
    """`image` scaled into DISPLAY_BOX, upright, in RGB, RGBA or L, rebuilt from pixels only:
    no EXIF, no ICC text, no trailing bytes. Scaled first, so that the rest works on the small
    image; `image` is scaled down in place, its full-size pixels freed."""
    if image.mode in _CONVERT_BEFORE_SCALING:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.thumbnail(DISPLAY_BOX)
    ImageOps.exif_transpose(image, in_place=True)  # the camera's rotation
    if image.mode not in ("RGB", "RGBA", "L"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def thumbnails(display: Image.Image) -> tuple[bytes, bytes]:
    """WebP thumbnails of a display copy: (in THUMBNAIL_BOX, in SMALL_THUMBNAIL_BOX)."""
    large = display.copy()
    large.thumbnail(THUMBNAIL_BOX)
    small = large.copy()
    small.thumbnail(SMALL_THUMBNAIL_BOX)
    return _webp(large), _webp(small)


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGBA" if "A" in image.getbands() else "RGB").save(
        out, "WEBP", quality=THUMBNAIL_WEBP_QUALITY, method=4)
    return out.getvalue()


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
    stream: BinaryIO, upload_dir: str | Path, *, max_bytes: int, max_pixels: int,
    max_decoded_bytes: int, slots: WorkSlots | None = None,
) -> StoredImage:
    """Check, clean and store an uploaded photo and its thumbnails; raise ImageRejected, or
    ImagesBusy if `slots` stay taken. Memory: at most `max_decoded_bytes` of full-size pixels,
    and only while holding one of `slots` (S42)."""
    data = _read_limited(stream, max_bytes)
    fmt = _probe(data, max_pixels=max_pixels, max_decoded_bytes=max_decoded_bytes)
    with slots.held() if slots is not None else nullcontext():
        display = _display_copy(_decode_for_display(data))
        encoded = _encode(display, fmt)
        thumb_encoded, small_encoded = thumbnails(display)

    folder = Path(upload_dir)
    folder.mkdir(parents=True, exist_ok=True)
    filename = new_stored_name(FORMATS[fmt])
    thumbnail, thumbnail_small = new_stored_name("webp"), new_stored_name("webp")
    (folder / filename).write_bytes(encoded)
    (folder / thumbnail).write_bytes(thumb_encoded)
    (folder / thumbnail_small).write_bytes(small_encoded)
    return StoredImage(filename, thumbnail, thumbnail_small, display.width, display.height)


def delete_stored(upload_dir: str | Path, *names: str | None) -> None:
    for name in names:
        if name:
            (Path(upload_dir) / name).unlink(missing_ok=True)
