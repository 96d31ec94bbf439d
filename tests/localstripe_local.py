"""Run localstripe (GPL-3.0, dev/test only) bound to 127.0.0.1 with its state in a file we choose.

localstripe 1.15 listens on every interface and pickles its state to /tmp/localstripe.pickle,
shared by every user of the machine; neither is acceptable for a demo or a test run. It also
keeps a declined charge on its PaymentIntent for good, where Stripe returns the intent to
`requires_payment_method` so that another card can be attached and confirmed: we do as Stripe.

    python tests/localstripe_local.py --port 8420 --state instance/localstripe.pickle
"""
from __future__ import annotations

import argparse
import logging
import pickle
from pathlib import Path

from aiohttp import web
from localstripe import resources, server


def _use_state_file(path: Path) -> None:
    def load(store: resources.Store) -> None:
        if path.exists():
            with path.open("rb") as f:
                store.clear()
                store.update(pickle.load(f))  # noqa: S301 (our own file, written below)

    def dump(store: resources.Store) -> None:
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(dict(store), f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    resources.Store.try_load_from_disk = load
    resources.Store.dump_to_disk = dump


def _another_card_after_a_decline() -> None:
    update = resources.PaymentIntent._update

    def _update(self: resources.PaymentIntent, **data) -> None:
        update(self, **data)
        charge = self.latest_charge
        if data.get("payment_method") and charge is not None and charge.status == "failed":
            self.latest_charge = None  # requires_confirmation again, as at Stripe

    resources.PaymentIntent._update = _update


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--state", type=Path, required=True)
    parser.add_argument("--from-scratch", action="store_true")
    args = parser.parse_args()
    args.state.parent.mkdir(parents=True, exist_ok=True)
    _use_state_file(args.state)
    _another_card_after_a_decline()
    if not args.from_scratch:
        resources.store.try_load_from_disk()
    logging.basicConfig(level=logging.INFO)
    web.run_app(server.app, host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
