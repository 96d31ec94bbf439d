"""Page weight in Chromium: bytes transferred per page with an empty cache, as DevTools counts them.

    .venv/bin/python bench/page_weight.py                    # builds a demo in a tmp dir, serves it
    .venv/bin/python bench/page_weight.py --url http://127.0.0.1:5000   # a running `make run`

Each figure is one page load in a fresh browser context (nothing cached), at 360×740 (phone)
or 1280×800 (desktop), Persian (`fa-IR`) or English (`en-US`): the sum of Chromium's
`encodedDataLength` for every response (headers and body as they crossed the wire, compressed
or not), read over the DevTools protocol. "no img" blocks every image request; "img" lets the
page load what it loads without scrolling (cards below the fold are `loading=lazy`);
"scrolled" also scrolls to the bottom of the page and waits for the network to settle. The
cart holds one listing (added in the same context; the cache is cleared before the cart loads).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("BAZAAR_E2E_CHROMIUM", "/usr/bin/chromium")
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
LOCALES = {"fa": "fa-IR", "en": "en-US"}
QUERIES = {"fa": "گلیم", "en": "kilim"}
KIB = 1024


def serve_demo(folder: Path) -> tuple[str, subprocess.Popen]:
    """The demo as `make run` builds it, served by the Flask dev server on a free port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "FLASK_APP": "wsgi", "BAZAAR_INSTANCE_DIR": str(folder),
           "BAZAAR_ENV": "development", "FLASK_DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                       capture_output=True, timeout=300)
    server = subprocess.Popen(  # noqa: S603 (the venv's flask, fixed arguments)
        [str(BIN / "flask"), "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).close()  # noqa: S310 (127.0.0.1)
            return url, server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the demo did not start")


class Meter:
    """Bytes received per resource type on one page, from the DevTools protocol."""

    def __init__(self, page) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.types: dict[str, str] = {}
        self.bytes: dict[str, int] = defaultdict(int)
        self.cdp.on("Network.responseReceived",
                    lambda event: self.types.__setitem__(event["requestId"], event["type"]))
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.send("Network.enable")

    def _finished(self, event: dict) -> None:
        kind = self.types.get(event["requestId"], "Other")
        self.bytes[kind] += int(event["encodedDataLength"])

    def reset(self) -> None:
        self.cdp.send("Network.clearBrowserCache")
        self.bytes.clear()

    @property
    def total(self) -> int:
        return sum(self.bytes.values())


def settle(page) -> None:
    page.wait_for_load_state("networkidle")


def scroll_to_bottom(page) -> None:
    height = 0
    while True:
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(150)
        position = page.evaluate("scrollY + innerHeight")
        if position >= page.evaluate("document.documentElement.scrollHeight") or position == height:
            break
        height = position
    settle(page)


def measure(browser, url: str, lang: str, viewport: str, path: str, *, images: bool,
            scrolled: bool = False, cart: str | None = None) -> dict[str, int]:
    context = browser.new_context(base_url=url, locale=LOCALES[lang],
                                  viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        if not images:
            page.route("**/*", lambda route: route.abort() if route.request.resource_type == "image"
                       else route.continue_())
        meter = Meter(page)
        if cart:  # put one listing in this visitor's cart first
            page.goto(cart)
            with page.expect_navigation():
                page.locator("form.add-to-cart button[type=submit]").click()
            settle(page)
        meter.reset()
        page.goto(path)
        settle(page)
        if scrolled:
            scroll_to_bottom(page)
        return {"total": meter.total, **meter.bytes}
    finally:
        context.close()


def first_listing(browser, url: str) -> str:
    context = browser.new_context(base_url=url)
    try:
        page = context.new_page()
        page.goto("/search?in_stock=1")
        return page.locator(".listing-card a.card-link").first.get_attribute("href")
    finally:
        context.close()


def kib(value: int) -> str:
    return f"{value / KIB:.1f}"


def run(url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        listing = first_listing(browser, url)
        pages = {"home": ("/", {}), "listing": (listing, {}),
                 "search": (None, {}), "cart": ("/cart/", {"cart": listing})}
        print(f"Page weight, KiB transferred, empty cache ({url}, listing {listing})\n")
        print("| page | lang | phone no img | phone img | phone scrolled | desktop no img "
              "| desktop img | fonts (phone) | document (phone) |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, (path, extra) in pages.items():
            for lang in LOCALES:
                target = path or f"/search?q={QUERIES[lang]}"
                bare = measure(browser, url, lang, "phone", target, images=False, **extra)
                full = measure(browser, url, lang, "phone", target, images=True, **extra)
                rolled = measure(browser, url, lang, "phone", target, images=True, scrolled=True,
                                 **extra)
                desk_bare = measure(browser, url, lang, "desktop", target, images=False, **extra)
                desk = measure(browser, url, lang, "desktop", target, images=True, **extra)
                cells = [bare["total"], full["total"], rolled["total"], desk_bare["total"],
                         desk["total"], bare.get("Font", 0), bare.get("Document", 0)]
                print(f"| {name} | {lang} | " + " | ".join(kib(c) for c in cells) + " |")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site (default: build and serve a demo)")
    args = parser.parse_args()
    if args.url:
        run(args.url.rstrip("/"))
        return
    with tempfile.TemporaryDirectory(prefix="bazaar-weight-") as folder:
        url, server = serve_demo(Path(folder))
        try:
            run(url)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
