"""Server memory of photo uploads (S42): peak resident memory added by each scenario.

    .venv/bin/python bench/upload_memory.py

Each scenario runs in a fresh Python process: the real app on a SQLite file, an artisan logged
in, a small PNG and JPEG uploaded first (codecs, templates and the database warm), then the
scenario's uploads through `POST /studio/listings/<id>/photos`. The figure is how far the
process's resident memory rose above where it stood before the uploads: Linux's high-water
mark (VmHWM) is reset to the current size first (`/proc/self/clear_refs`), and glibc hands
every allocation over 128 KiB straight to and from the kernel (MALLOC_MMAP_THRESHOLD_), so
memory freed by one step is not silently reused by the next and the peak is what was live.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENARIOS = {
    "attack": ("6300×6300 PNG of one colour (the attack's file)", "attack.png", 1, False),
    "jpeg": ("phone photo, 6000×4000 JPEG", "phone.jpg", 1, False),
    "png": ("4000×4000 PNG (16 MP)", "big.png", 1, False),
    "jpeg8": ("8 phone photos at once (8 listings)", "phone.jpg", 8, False),
    "png8": ("8 big PNGs at once (8 listings)", "big.png", 8, False),
    "full": ("the 16 MP PNG to a listing that has 8 photos", "big.png", 1, True),
}


def make_inputs(folder: Path) -> None:
    from PIL import Image

    Image.new("RGB", (6300, 6300), "#a4362b").save(folder / "attack.png", optimize=True)
    gradient = Image.linear_gradient("L").resize((6000, 4000)).convert("RGB")
    gradient.save(folder / "phone.jpg", "JPEG", quality=80)
    gradient.crop((0, 0, 4000, 4000)).save(folder / "big.png", "PNG")


def resident_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def start_measuring() -> int:
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # the high-water mark starts again from the current size
    return resident_kb("VmRSS")


def run_scenario(name: str, folder: Path) -> dict:
    """In this (fresh) process: set up, warm up, then measure one scenario."""
    from PIL import Image

    from config import TestingConfig
    from marketplace import create_app
    from marketplace.catalog import listings
    from marketplace.extensions import db
    from tests import factories

    _, filename, uploads, full = SCENARIOS[name]

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.sqlite3'}"
        INSTANCE_DIR = str(folder / "instance")
        UPLOAD_DIR = str(folder / "uploads")
        SEARCH_INDEX_DIR = str(folder / "index")
        WTF_CSRF_ENABLED = False
        RATELIMIT_ENABLED = False
        SEARCH_DRAIN_AFTER_COMMIT = False

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        catalog = factories.small_catalog(db.session, Config.UPLOAD_DIR)
        targets = [factories.listing(db.session, catalog.weaver, catalog.kilims,
                                     title_fa=f"گلیم {n}", title_en=None, price_minor=10_000).id
                   for n in range(uploads)]
        if full:
            listing = db.session.get(type(catalog.kilim), targets[0])
            while len(listing.images) < listings.MAX_IMAGES:
                name, width, height = factories.image(Config.UPLOAD_DIR)
                listings.add_image(db.session, listing=listing, filename=name, thumbnail=name,
                                   thumbnail_small=None, width=width, height=height)
        db.session.commit()
        email, warm_listing = catalog.weaver.user.email, catalog.bowl.id

    def client():
        c = app.test_client()
        c.post("/account/login", data={"email": email, "password": factories.PASSWORD})
        return c

    def upload(c, listing_id: int, data: bytes, name: str) -> int:
        return c.post(f"/studio/listings/{listing_id}/photos",
                      data={"photo": (io.BytesIO(data), name)},
                      content_type="multipart/form-data").status_code

    warm = client()
    for fmt, ext in (("PNG", "png"), ("JPEG", "jpg")):
        small = io.BytesIO()
        Image.new("RGB", (800, 600), "#283a63").save(small, fmt)
        upload(warm, warm_listing, small.getvalue(), f"warm.{ext}")
    clients = [client() for _ in targets]
    data = (folder / filename).read_bytes()
    baseline = start_measuring()
    started = time.perf_counter()
    codes: list[int] = []
    threads = [threading.Thread(target=lambda c=c, t=t: codes.append(upload(c, t, data, filename)))
               for c, t in zip(clients, targets, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"scenario": name, "file_kb": round(len(data) / 1024), "codes": sorted(codes),
            "peak_growth_mb": round((resident_kb("VmHWM") - baseline) / 1024, 1),
            "seconds": round(time.perf_counter() - started, 2)}


def main() -> None:
    if len(sys.argv) == 3:  # a child: one scenario
        print(json.dumps(run_scenario(sys.argv[1], Path(sys.argv[2]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp)
        make_inputs(inputs)
        print("| upload | file | answers | peak memory growth | time |")
        print("| --- | ---: | --- | ---: | ---: |")
        for name, (label, *_) in SCENARIOS.items():
            with tempfile.TemporaryDirectory(dir=tmp) as work:
                for source in inputs.glob("*.*"):
                    (Path(work) / source.name).write_bytes(source.read_bytes())
                out = subprocess.run([sys.executable, __file__, name, work], cwd=ROOT,  # noqa: S603
                                     env={**os.environ, "MALLOC_MMAP_THRESHOLD_": "131072"},
                                     capture_output=True, text=True, check=True)
                row = json.loads(out.stdout.strip().splitlines()[-1])
            codes = ", ".join(str(c) for c in sorted(set(row["codes"])))
            print(f"| {label} | {row['file_kb']} KB | {codes} | {row['peak_growth_mb']} MB "
                  f"| {row['seconds']} s |")


if __name__ == "__main__":
    main()
