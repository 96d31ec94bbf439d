"""S21, S22: only real, bounded images are stored, re-encoded without metadata, under new names."""
from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from marketplace.core import images
from marketplace.core.uploads import is_stored_name
from marketplace.models import ListingImage

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 24_000_000, "max_decoded_bytes": 64 << 20}


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


def test_cards_get_webp_thumbnails_at_two_sizes_whatever_was_uploaded(tmp_path):
    """A card is ~160 px wide on a phone: it is sent a 240 px WebP, a sharper screen 480 px."""
    out = io.BytesIO()
    Image.new("RGBA", (3200, 2400), (164, 54, 43, 200)).save(out, "PNG")
    stored = images.store_image(io.BytesIO(out.getvalue()), tmp_path, **LIMITS)
    assert stored.filename.endswith(".png")
    large, small = (Image.open(tmp_path / name) for name in (stored.thumbnail,
                                                            stored.thumbnail_small))
    assert (large.format, large.size, small.format, small.size) == \
        ("WEBP", (480, 360), "WEBP", (240, 180))
    assert is_stored_name(stored.thumbnail) and is_stored_name(stored.thumbnail_small)
    assert (tmp_path / stored.thumbnail_small).stat().st_size < 6_000
    photo = ListingImage(filename=stored.filename, thumbnail=stored.thumbnail,
                         thumbnail_small=stored.thumbnail_small, width=stored.width,
                         height=stored.height)
    assert photo.thumbnail_widths == (240, 480)


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
        images.store_image(io.BytesIO(png_with_exif()), tmp_path,
                           **{**LIMITS, "max_bytes": 100})


# S42: memory and concurrency of image work ---------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
MEASURABLE = Path("/proc/self/clear_refs").exists()


def upload_in_a_fresh_process(kind: str, folder: str) -> None:
    """Run by `peak_growth_mb` in a process of its own: store one upload and print by how many
    MB the process's resident memory rose above where it stood just before."""
    import json

    sample = {
        "jpeg 24 MP": lambda: _gradient(6000, 4000),
        "png 16 MP": lambda: _gradient(4000, 4000),
        "the attack's png": lambda: Image.new("RGB", (6300, 6300), "#a4362b"),
    }[kind]
    fmt = "JPEG" if kind.startswith("jpeg") else "PNG"
    data = _encoded(sample(), fmt)
    images.store_image(io.BytesIO(_encoded(Image.new("RGB", (900, 700)), fmt)), folder,
                       **LIMITS)  # codecs loaded, as in a running server
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # the high-water mark (VmHWM) starts again from the current size
    before = _status_kb("VmRSS")
    try:
        images.store_image(io.BytesIO(data), folder, **LIMITS)
        outcome = "stored"
    except images.ImageRejected as exc:
        outcome = type(exc).__name__
    print(json.dumps({"outcome": outcome, "mb": (_status_kb("VmHWM") - before) / 1024}))


def _gradient(width: int, height: int) -> Image.Image:
    return Image.linear_gradient("L").resize((width, height)).convert("RGB")


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def peak_growth_mb(kind: str, folder: Path) -> tuple[str, float]:
    import json
    import os
    import subprocess
    import sys

    script = ("from tests.unit.test_images import upload_in_a_fresh_process\n"
              f"upload_in_a_fresh_process({kind!r}, {str(folder)!r})\n")
    # Every allocation over 128 KiB goes to and from the kernel, so freed pixels are not reused
    # unseen by the next step and the high-water mark is what was live at once.
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["outcome"], answer["mb"]


@pytest.mark.skipif(not MEASURABLE, reason="needs Linux's /proc/self/clear_refs")
def test_memory_per_upload_is_bounded(tmp_path):
    """S42: measured, not estimated. A 24 MP phone JPEG is decoded at half size (it took
    ~300 MB before); a PNG at the decoded-size limit holds its pixels once, plus display-size
    copies (~220 MB before); the attack's 6300×6300 PNG is refused from its header (~500 MB)."""
    display_copies_mb = 4 * 1600 * 1600 * 4 / 2**20  # the scaled image, its clean copy, ...
    outcome, jpeg_mb = peak_growth_mb("jpeg 24 MP", tmp_path)
    assert outcome == "stored" and jpeg_mb <= 60
    outcome, png_mb = peak_growth_mb("png 16 MP", tmp_path)
    assert outcome == "stored" and png_mb <= LIMITS["max_decoded_bytes"] / 2**20 + display_copies_mb
    outcome, attack_mb = peak_growth_mb("the attack's png", tmp_path)
    assert outcome == "ImageTooManyPixels" and attack_mb < 10


def test_the_decoded_size_counts_bytes_per_pixel_not_just_pixels(tmp_path):
    """S42: within the pixel limit, an RGB PNG that would need more memory than allowed is
    refused before decoding; the same pixels in grey (1 byte each) are fine."""
    limits = {**LIMITS, "max_pixels": 24_000_000, "max_decoded_bytes": 16 << 20}
    colour = _encoded(Image.new("RGB", (2500, 2000), "#a4362b"), "PNG")  # 5 MP x 4 bytes
    with pytest.raises(images.ImageTooManyPixels):
        images.store_image(io.BytesIO(colour), tmp_path, **limits)
    grey = _encoded(Image.new("L", (2500, 2000), 128), "PNG")  # 5 MP x 1 byte
    assert images.store_image(io.BytesIO(grey), tmp_path, **limits).width == 1600


def test_a_photo_keeps_its_camera_rotation_after_scaling(tmp_path):
    """The rotation tag is applied to the scaled image: a portrait shot stays portrait."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turned 90° clockwise
    out = io.BytesIO()
    _gradient(3200, 2400).save(out, "JPEG", exif=exif.tobytes())
    stored = images.store_image(io.BytesIO(out.getvalue()), tmp_path, **LIMITS)
    assert (stored.width, stored.height) == (1200, 1600)
    assert not Image.open(tmp_path / stored.filename).getexif()


def test_no_more_images_are_decoded_at_once_than_there_are_slots(tmp_path, monkeypatch):
    """S42: eight uploads at once (real threads) decode at most two at a time; one that
    cannot get a slot within the wait gives up with ImagesBusy."""
    inside, most, lock = 0, 0, threading.Lock()
    decode = images._decode_for_display

    def slow_decode(data):
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.05)
        try:
            return decode(data)
        finally:
            with lock:
                inside -= 1

    monkeypatch.setattr(images, "_decode_for_display", slow_decode)
    slots = images.WorkSlots(2, wait=5)
    photo = _encoded(Image.new("RGB", (640, 480), "#283a63"), "JPEG")
    threads = [threading.Thread(target=images.store_image, args=(io.BytesIO(photo), tmp_path),
                                kwargs={**LIMITS, "slots": slots}) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 2 and len(list(tmp_path.iterdir())) == 8 * 3  # photo and two thumbnails

    impatient = images.WorkSlots(1, wait=0.1)
    with impatient.held(), pytest.raises(images.ImagesBusy):
        images.store_image(io.BytesIO(photo), tmp_path, **LIMITS, slots=impatient)
