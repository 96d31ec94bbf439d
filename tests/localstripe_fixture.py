"""A real localstripe for payment tests: bound to 127.0.0.1 on a free port, state in a tmp dir.

Webhooks it sends are caught by a small HTTP server in the test process, so a test can decide
when (and how often) to hand each signed event to the app.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import stripe

ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET = "whsec_test_bazaar"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CapturedEvent:
    body: bytes
    signature: str

    @property
    def data(self) -> dict:
        return json.loads(self.body)


@dataclass
class StripeServer:
    url: str
    events: list[CapturedEvent] = field(default_factory=list)

    def wait_for_event(self, event_type: str, intent_id: str, timeout: float = 10) -> CapturedEvent:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in list(self.events):
                data = event.data
                if data["type"] == event_type and data["data"]["object"]["id"] == intent_id:
                    return event
            time.sleep(0.1)
        raise AssertionError(f"no {event_type} for {intent_id} within {timeout}s")

    def card_token(self, number: str = "4242424242424242") -> str:
        client = stripe.StripeClient("sk_test_x", base_addresses={"api": self.url})
        token = client.v1.tokens.create(params={"card": {
            "number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"}})
        return token.id

    def intent(self, intent_id: str) -> dict:
        return self._client().v1.payment_intents.retrieve(intent_id).to_dict()

    def refunds_for(self, intent_id: str) -> list[int]:
        refunds = self._client().v1.refunds.list(params={"payment_intent": intent_id})
        return [refund.amount for refund in refunds.data]

    def _client(self) -> stripe.StripeClient:
        return stripe.StripeClient("sk_test_x", base_addresses={"api": self.url})

    def intents_for(self, checkout_ref: str) -> list:
        client = stripe.StripeClient("sk_test_x", base_addresses={"api": self.url})
        return [pi for pi in client.v1.payment_intents.list(params={"limit": 100}).data
                if pi.to_dict().get("metadata", {}).get("checkout") == checkout_ref]


def _catcher(server: StripeServer) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            server.events.append(CapturedEvent(body, self.headers["Stripe-Signature"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="session")
def stripe_server(tmp_path_factory) -> StripeServer:
    port = free_port()
    state = tmp_path_factory.mktemp("localstripe") / "state.pickle"
    process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, str(ROOT / "tests" / "localstripe_local.py"), "--port", str(port),
         "--state", str(state), "--from-scratch"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/js.stripe.com/v3/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("localstripe did not start")
        server = StripeServer(url=url)
        httpd = _catcher(server)
        hook = urllib.parse.urlencode({"url": f"http://127.0.0.1:{httpd.server_port}/hook",
                                       "secret": WEBHOOK_SECRET}).encode()
        urllib.request.urlopen(f"{url}/_config/webhooks/tests", data=hook, timeout=5)  # noqa: S310
        yield server
        httpd.shutdown()
    finally:
        process.terminate()
        process.wait(timeout=10)
