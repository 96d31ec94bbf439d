"""Production refuses to start with secrets that anyone can read in this repository or guess."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config import (
    DEV_SECRET_KEY,
    GENERATE_SECRET,
    DevelopmentConfig,
    ProductionConfig,
    UnsafeProductionSettings,
)
from marketplace import create_app
from marketplace.core import signing

ROOT = Path(__file__).resolve().parents[2]
SAFE = {
    "SECRET_KEY": secrets.token_urlsafe(48),
    "STRIPE_SECRET_KEY": "sk_live_" + secrets.token_hex(12),
    "STRIPE_PUBLISHABLE_KEY": "pk_live_" + secrets.token_hex(12),
    "STRIPE_WEBHOOK_SECRET": "whsec_" + secrets.token_hex(16),
    "PROVENANCE_KEY": signing.generate().private_text(),
}


def production(tmp_path, **overrides) -> type[ProductionConfig]:
    settings = {**SAFE, **overrides, "INSTANCE_DIR": str(tmp_path / "instance"),
                "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    return type("Production", (ProductionConfig,), settings)


def refusal(tmp_path, **overrides) -> str:
    with pytest.raises(UnsafeProductionSettings) as refused:
        create_app(production(tmp_path, **overrides))
    return str(refused.value)


@pytest.mark.parametrize("key", [
    "", DEV_SECRET_KEY, "test-secret",               # missing, the demo's, the tests'
    "s3cr3t-but-short",                              # under 32 characters
    "a" * 64, "changeme" * 8, "0123456789" * 2 + "ab",  # long, but hardly any variety
])
def test_production_refuses_a_missing_default_short_or_simple_secret_key(tmp_path, key):
    """S38: with a public or guessable SECRET_KEY anyone could sign a sign-up link for any
    address; production does not start, and says what to set and how to make one."""
    message = refusal(tmp_path, SECRET_KEY=key)
    assert "SECRET_KEY" in message and GENERATE_SECRET in message


@pytest.mark.parametrize(("name", "value"), [
    ("STRIPE_WEBHOOK_SECRET", "whsec_bazaar_local"),
    ("STRIPE_WEBHOOK_SECRET", ""),
    ("STRIPE_SECRET_KEY", "sk_test_bazaar_local"),
    ("STRIPE_PUBLISHABLE_KEY", "pk_test_bazaar_local"),
])
def test_production_refuses_the_demos_stripe_secrets(tmp_path, name, value):
    """S38: the demo's webhook secret would let anyone mark an order paid."""
    message = refusal(tmp_path, **{name: value})
    assert f"Set {name} to" in message and "Stripe dashboard" in message


@pytest.mark.parametrize("missing", [{"PROVENANCE_KEY": ""},
                                     {"PROVENANCE_KEY": "", "PROVENANCE_KEY_FILE": "/nope.pem"}])
def test_production_refuses_to_start_without_a_provenance_signing_key(tmp_path, missing):
    """S49: production never makes up a signing key of its own (each node would sign with a
    different one); it stops and says how to make one."""
    message = refusal(tmp_path, **missing)
    assert "BAZAAR_PROVENANCE_KEY" in message and "flask provenance new-key" in message


def test_production_reads_its_signing_key_from_a_file_too(tmp_path):
    key = signing.generate()
    path = tmp_path / "provenance.pem"
    signing.write_key(path, key)
    app = create_app(production(tmp_path, PROVENANCE_KEY="", PROVENANCE_KEY_FILE=str(path)))
    from marketplace.insights import provenance

    assert provenance.signer(app).key_id == key.key_id


def test_production_starts_with_real_secrets(tmp_path):
    """S38: a random key of 32+ characters and non-demo Stripe values are accepted."""
    hex_key = secrets.token_hex(16)  # 32 characters from 16 symbols
    app = create_app(production(tmp_path, SECRET_KEY=hex_key))
    assert app.config["ENVIRONMENT"] == "production"


def test_development_runs_with_no_settings_at_all(tmp_path):
    """S38: only production insists; the demo and the tests need no environment."""
    config = type("Dev", (DevelopmentConfig,), {"INSTANCE_DIR": str(tmp_path / "instance"),
                                                "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert create_app(config).config["SECRET_KEY"] == DEV_SECRET_KEY


def test_gunicorn_cannot_import_a_production_app_without_a_secret_key(tmp_path):
    """S38: `BAZAAR_ENV=production` with nothing else set stops at import, with the reason."""
    env = {key: value for key, value in os.environ.items()
           if key not in SAFE and not key.startswith(("BAZAAR_", "DATABASE_URL"))}
    env.update(BAZAAR_ENV="production", BAZAAR_INSTANCE_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr and GENERATE_SECRET in result.stderr
    assert "STRIPE_WEBHOOK_SECRET is the demo's value" in result.stderr
