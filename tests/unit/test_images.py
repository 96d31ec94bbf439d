"""S21, S22: only real, bounded images are stored, re-encoded without metadata, under new names."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from marketplace import images
from marketplace.uploads import is_stored_name

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 40_000_000}


def png_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (35.0, 41.0, 0.0), 4: (51.0, 23.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "#a4362b").save(out, "PNG", exif=exif.tobytes())
    return out.getvalue()


def test_a_valid_png_is_stored_with_exif_stripped(tmp_path):
    data = png_with_exif()
    assert Image.open(io.BytesIO(data)).getexif()  # the upload does carry EXIF
    stored = images.store_image(io.BytesIO(data), tmp_path, **LIMITS)
    assert is_stored_name(stored.filename) and is_stored_name(stored.thumbnail)
    assert stored.filename.endswith(".png")
    kept = Image.open(tmp_path / stored.filename)
    assert kept.format == "PNG" and (kept.width, kept.height) == (64, 48)
    assert not kept.getexif()
    assert b"SpyCam" not in (tmp_path / stored.filename).read_bytes()
    assert (tmp_path / stored.thumbnail).exists()


def test_jpeg_exif_is_stripped_and_big_photos_are_scaled(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"
    out = io.BytesIO()
    Image.new("RGB", (3200, 2400), "#283a63").save(out, "JPEG", exif=exif.tobytes())
    stored = images.store_image(io.BytesIO(out.getvalue()), tmp_path, **LIMITS)
    kept = Image.open(tmp_path / stored.filename)
    assert not kept.getexif()
    assert max(kept.size) == 1600
    assert max(Image.open(tmp_path / stored.thumbnail).size) == 480


@pytest.mark.parametrize("payload", [
    b"<?php system($_GET['c']); ?>",                        # a PHP file renamed photo.jpg
    b"",                                                    # zero bytes
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b"<html><script>alert(1)</script></html>",
    b"\xff\xd8\xff\xe0" + b"\x00" * 64,                     # a JPEG header and nothing else
])
def test_non_images_are_rejected(tmp_path, payload):
    """S21: a non-image renamed .jpg, SVG/HTML and an empty file never reach the disk."""
    with pytest.raises(images.ImageRejected):
        images.store_image(io.BytesIO(payload), tmp_path, **LIMITS)
    assert list(Path(tmp_path).iterdir()) == []


def test_gif_is_not_in_the_whitelist(tmp_path):
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(images.ImageRejected):
        images.store_image(io.BytesIO(out.getvalue()), tmp_path, **LIMITS)


def test_a_50_megapixel_bomb_is_rejected_before_decoding(tmp_path):
    """S21: a small file that would inflate to 50 million pixels is refused from its header."""
    out = io.BytesIO()
    Image.new("L", (10_000, 5_000)).save(out, "PNG", optimize=True)
    assert out.tell() < 200_000
    with pytest.raises(images.ImageRejected) as excinfo:
        images.store_image(io.BytesIO(out.getvalue()), tmp_path, **LIMITS)
    assert not isinstance(excinfo.value, images.ImageTooLarge)
    assert list(Path(tmp_path).iterdir()) == []


def test_over_the_byte_limit_is_too_large(tmp_path):
    with pytest.raises(images.ImageTooLarge):
        images.store_image(io.BytesIO(png_with_exif()), tmp_path, max_bytes=100,
                           max_pixels=40_000_000)
