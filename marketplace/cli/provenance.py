"""`flask provenance ...`: check a certificate offline, make and rotate the signing key;
`flask insights rebuild`: recompute the daily figures from the ledger."""
from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.core import signing
from marketplace.extensions import db
from marketplace.insights import provenance, sales

provenance_cli = AppGroup("provenance", help="Certificates of origin and their signing key.")
insights_cli = AppGroup("insights", help="The daily figures behind impact and analytics.")


def _read_keys(source: str) -> dict[str, signing.PublicKey]:
    """Published keys from a file, or from the `/.well-known/...` address of a Bazaar."""
    if source.startswith(("https://", "http://")):
        with urllib.request.urlopen(source, timeout=15) as response:  # noqa: S310 (http(s) only)
            text = response.read(1 << 20).decode("utf-8")
    else:
        text = Path(source).read_text(encoding="utf-8")
    return provenance.keys_from_document(json.loads(text))


@provenance_cli.command("verify")
@click.argument("certificate", type=click.Path(exists=True, dir_okay=False))
@click.option("--keys", "keys_source", default=None,
              help="The published keys: a downloaded bazaar-provenance-keys.json or its URL. "
                   "Without it, the keys this installation publishes.")
def verify_command(certificate: str, keys_source: str | None) -> None:
    """Check a downloaded certificate of origin (its JSON file); exit 1 if it is not genuine."""
    try:
        document = json.loads(Path(certificate).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        click.echo("invalid: not JSON, so not a certificate downloaded from Bazaar")
        sys.exit(1)
    try:
        if keys_source:
            keys = _read_keys(keys_source)
        else:
            keys = provenance.published_keys(db.session, provenance.signer().public_key)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read the published keys: {exc}") from exc
    try:
        fields = signing.check(document, keys)
    except signing.Invalid as exc:
        click.echo(f"invalid: {exc.reason}")
        sys.exit(1)
    if fields.get("format") != provenance.FORMAT:
        click.echo("invalid: signed, but not a certificate of origin")
        sys.exit(1)
    made_in = fields["made_in"]
    click.echo(f"valid: certificate {fields['number']} signed with key {document['key_id']}")
    click.echo(f"  {fields['piece']['title']['en']}, by {fields['artisan']['name']['en']}, "
               f"made in {made_in['village']['name']['en']}, {made_in['county']['name']['en']}, "
               f"{made_in['province']['name']['en']} ({made_in['country']}), "
               f"sold {fields['sold_on']}")


@provenance_cli.command("new-key")
def new_key_command() -> None:
    """Print a new private key for BAZAAR_PROVENANCE_KEY (keep it secret; it is not stored)."""
    key = signing.generate()
    click.echo(key.private_text())
    click.echo(f"key id {key.key_id}", err=True)


@provenance_cli.command("rotate-key")
def rotate_key_command() -> None:
    """Sign from now on with a new key in the key file; the old public key stays published."""
    holder: provenance.KeyHolder = current_app.extensions[provenance.EXTENSION]
    if holder.key_text or holder.key_file is None:
        raise click.ClickException(
            "The key comes from BAZAAR_PROVENANCE_KEY: set it to the output of `flask provenance "
            "new-key` and restart; the old key stays published once it has signed a certificate.")
    old = holder.signer()
    new = signing.generate()
    provenance.register_key(db.session, old.public_key)
    provenance.register_key(db.session, new.public_key)
    db.session.commit()
    signing.write_key(holder.key_file, new)
    holder.replace(new)
    click.echo(f"Signing with key {new.key_id} from now on; key {old.key_id} stays published.")


@provenance_cli.command("keys")
def keys_command() -> None:
    """Show the published public keys (what /.well-known/bazaar-provenance-keys.json serves)."""
    document = provenance.keys_document(db.session, provenance.signer().public_key)
    click.echo(json.dumps(document, indent=2))


@insights_cli.command("rebuild")
def rebuild_command() -> None:
    """Recompute the daily sales and payout figures from the ledger (after an upgrade)."""
    count = sales.rebuild(db.session)
    db.session.commit()
    click.echo(f"Daily figures rebuilt from {count} ledger transactions.")
