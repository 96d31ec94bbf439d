"""End to end in real Chromium: the demo site as `make run` serves it, driven by Playwright.

One session builds a fresh instance (migrations, demo data, exchange rates) in a tmp dir, starts
localstripe and the app (gunicorn) on free ports bound to 127.0.0.1, and tears both down at the
end. Each story gets its own browser contexts (one per person) and saves a screenshot of every
step under test-results/e2e/<story>/ (gitignored; CI keeps it as an artifact).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "test-results" / "e2e"
CHROMIUM = os.environ.get("BAZAAR_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DEMO_PASSWORD = "bazaar-demo-2026"  # the public demo password (marketplace/demo/seed.py)
WEBHOOK_SECRET = "whsec_bazaar_e2e"
# Ports Chromium refuses to connect to (net/base/port_util.cc) that a free-port pick could hit.
UNSAFE_PORTS = {1719, 1720, 1723, 2049, 3659, 4045, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
                6668, 6669, 6697, 10080}
RATES = {"USD": "0.0000238", "EUR": "0.0000220", "VND": "0.6"}  # as in README's demo purchase


def free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in UNSAFE_PORTS:
            return port


def _wait_for(url: str, process: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our 127.0.0.1)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer {url} within {timeout}s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class Bazaar:
    """The running demo: its address, its instance dir and the environment its commands need."""

    url: str
    stripe_url: str
    instance: Path
    env: dict[str, str]

    def flask(self, *args: str) -> str:
        """Run a `flask` command against this instance (e.g. to read what the app stored)."""
        result = subprocess.run(  # noqa: S603 (the venv's flask, fixed arguments)
            [str(BIN / "flask"), *args], cwd=ROOT, env=self.env, check=True,
            capture_output=True, text=True, timeout=120,
        )
        return result.stdout


@pytest.fixture(scope="session")
def bazaar(tmp_path_factory) -> Iterator[Bazaar]:
    root = tmp_path_factory.mktemp("bazaar-e2e")
    instance = root / "instance"
    stripe_port, app_port = free_port(), free_port()
    while app_port == stripe_port:
        app_port = free_port()
    stripe_url = f"http://127.0.0.1:{stripe_port}"
    app_url = f"http://127.0.0.1:{app_port}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_URL"}}
    env.update({
        "FLASK_APP": "wsgi", "BAZAAR_ENV": "development", "FLASK_DEBUG": "0",
        "BAZAAR_INSTANCE_DIR": str(instance),
        "SECRET_KEY": "e2e-only-secret",
        "STRIPE_API_BASE": stripe_url,
        "STRIPE_JS_URL": f"{stripe_url}/js.stripe.com/v3/",
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "MAIL_BACKEND": "file",
    })
    site = Bazaar(url=app_url, stripe_url=stripe_url, instance=instance, env=env)
    site.flask("db", "upgrade")
    site.flask("seed-demo")
    for code, rate in RATES.items():
        site.flask("fx", "set", code, rate)

    logs = root / "logs"
    logs.mkdir()
    with (logs / "localstripe.log").open("wb") as stripe_log, \
            (logs / "app.log").open("wb") as app_log:
        stripe = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
            [sys.executable, str(ROOT / "tests" / "localstripe_local.py"),
             "--port", str(stripe_port), "--state", str(root / "localstripe.pickle"),
             "--from-scratch"],
            cwd=ROOT, stdout=stripe_log, stderr=subprocess.STDOUT,
        )
        app = None
        try:
            _wait_for(f"{stripe_url}/js.stripe.com/v3/", stripe, "localstripe")
            hook = urllib.parse.urlencode({"url": f"{app_url}/checkout/webhooks/stripe",
                                           "secret": WEBHOOK_SECRET}).encode()
            urllib.request.urlopen(  # noqa: S310 (our 127.0.0.1 localstripe)
                f"{stripe_url}/_config/webhooks/bazaar", data=hook, timeout=5).close()
            # One worker, as the demo runs (in-process search indexing, memory rate limits);
            # threads so the webhook lands while the payment page polls.
            app = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, fixed arguments)
                [str(BIN / "gunicorn"), "--workers", "1", "--threads", "8",
                 "--bind", f"127.0.0.1:{app_port}", "--no-control-socket",
                 "--access-logfile", "-", "wsgi:app"],
                cwd=ROOT, env=env, stdout=app_log, stderr=subprocess.STDOUT,
            )
            _wait_for(f"{app_url}/healthz", app, "the app")
            yield site
        finally:
            if app is not None:
                _stop(app)
            _stop(stripe)
            # Keep the server logs beside the screenshots for CI artifacts.
            RESULTS.mkdir(parents=True, exist_ok=True)
            for log in logs.iterdir():
                shutil.copy(log, RESULTS / log.name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make e2e` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Story:
    """Browser contexts for the people in one story, and numbered screenshots of each step."""

    browser: object
    bazaar: Bazaar
    folder: Path
    pages: dict[str, object] = field(default_factory=dict)
    _contexts: list = field(default_factory=list)
    _count: int = 0

    def person(self, name: str, *, locale: str) -> object:
        """A new browser (own cookies) for one person; `locale` sets its Accept-Language."""
        context = self.browser.new_context(base_url=self.bazaar.url, locale=locale,
                                           viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        self._contexts.append(context)
        page = context.new_page()
        self.pages[name] = page
        return page

    def shot(self, page, step: str) -> None:
        self._count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        page.screenshot(path=str(self.folder / f"{self._count:02d}-{slug}.png"), full_page=True)

    def close(self, failed: bool) -> None:
        if failed:
            for name, page in self.pages.items():
                try:
                    page.screenshot(path=str(self.folder / f"failed-{name}.png"), full_page=True)
                    (self.folder / f"failed-{name}.html").write_text(page.content())
                except Exception:  # noqa: BLE001, S110 (best effort: the test already failed)
                    pass
        for context in self._contexts:
            context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def story(request, browser, bazaar) -> Iterator[Story]:
    folder = RESULTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    story = Story(browser=browser, bazaar=bazaar, folder=folder)
    yield story
    report = getattr(request.node, "rep_call", None)
    story.close(failed=report is None or report.failed)
