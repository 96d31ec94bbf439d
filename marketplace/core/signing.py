"""Ed25519 signatures over canonical JSON: the platform's provenance keys (docs/provenance.md).

A signed document is `{"signed": {...}, "algorithm": "Ed25519", "key_id": ..., "signature":
...}`. The signature covers `canonical_json(signed)` and nothing else, so anyone holding the
document and the published public key can check it with any Ed25519 library.

Keys: the private key lives only on the server (a PEM file in the instance dir, or the
`BAZAAR_PROVENANCE_KEY` environment variable); a key id is the first 16 hex digits of the
SHA-256 of the raw public key, so it names the key without a registry. Rotating a key is
signing with a new one while the old public keys stay published: nothing already signed changes.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ALGORITHM = "Ed25519"
RAW_KEY_BYTES = 32


def canonical_json(value: object) -> bytes:
    """The bytes that are signed: keys sorted, no whitespace, UTF-8 (not \\u escapes).

    Signed values are strings, integers, booleans, null, lists and objects, never floats, so
    every JSON library that sorts keys and drops whitespace writes the same bytes (RFC 8785's
    canonical form, for documents like ours whose keys are ASCII).
    """
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """URL-safe base64 with or without padding; ValueError for anything else."""
    if not isinstance(text, str) or not text.isascii():
        raise ValueError("not base64 text")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64 text") from exc


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class PublicKey:
    key_id: str
    raw: bytes

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        raw = b64decode(text)
        if len(raw) != RAW_KEY_BYTES:
            raise ValueError("an Ed25519 public key is 32 bytes")
        return cls(key_id_of(raw), raw)

    @property
    def text(self) -> str:
        return b64encode(self.raw)

    def verifies(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, message)
        except InvalidSignature:
            return False
        return True


class Signer:
    """The platform's private key. It signs; it is never serialised into a response."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        raw = private.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
        self.public_key = PublicKey(key_id_of(raw), raw)

    @property
    def key_id(self) -> str:
        return self.public_key.key_id

    def __repr__(self) -> str:  # the private half never reaches a log line
        return f"<Signer {self.key_id}>"

    def sign(self, signed: Mapping[str, object]) -> dict:
        """The signed document for `signed` (see the module docstring)."""
        signature = self._private.sign(canonical_json(signed))
        return {"signed": dict(signed), "algorithm": ALGORITHM, "key_id": self.key_id,
                "signature": b64encode(signature)}

    def private_text(self) -> str:
        """The raw private key as base64, for `BAZAAR_PROVENANCE_KEY` (shown once, by the CLI)."""
        return b64encode(self._private.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
            serialization.NoEncryption()))

    def pem(self) -> bytes:
        return self._private.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())


def generate() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


class BadKey(ValueError):
    """The configured private key is not an Ed25519 key."""


def signer_from_text(text: str) -> Signer:
    """A private key given as PEM (PKCS#8) or as base64 of its 32 raw bytes."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            private = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        else:
            raw = b64decode(text)
            if len(raw) != RAW_KEY_BYTES:
                raise BadKey("an Ed25519 private key is 32 bytes")
            private = Ed25519PrivateKey.from_private_bytes(raw)
    except (ValueError, TypeError, UnicodeError) as exc:
        raise BadKey("not an Ed25519 private key (PEM or base64 of 32 bytes)") from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise BadKey("the provenance key must be an Ed25519 key")
    return Signer(private)


def load_or_create(path: Path) -> Signer:
    """The key in `path`; a new one written there (readable by its owner only) if none is."""
    if path.exists():
        return signer_from_text(path.read_text(encoding="ascii"))
    signer = generate()
    write_key(path, signer)
    return signer


def write_key(path: Path, signer: Signer) -> None:
    """Write the private key so that only this user can read it, replacing any other atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(signer.pem())
    os.replace(partial, path)


class Invalid(Exception):
    """A document that does not verify: `code` says which check failed, `reason` says it in
    one English sentence (pages translate the code)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def check(document: object, keys: Mapping[str, PublicKey]) -> dict:
    """The signed fields of `document` if its signature verifies with the published `keys`
    (key id -> key); Invalid otherwise. Every field counts: change one byte and it fails."""
    if not isinstance(document, dict) or not isinstance(document.get("signed"), dict):
        raise Invalid("malformed", "not a signed document: it has no signed fields")
    if document.get("algorithm") != ALGORITHM:
        raise Invalid("malformed", f"unsupported algorithm {document.get('algorithm')!r}")
    key_id = document.get("key_id")
    key = keys.get(key_id) if isinstance(key_id, str) else None
    if key is None:
        raise Invalid("unknown_key",
                      f"signed with an unknown key {key_id!r}: no such key is published")
    try:
        signature = b64decode(document.get("signature"))
        message = canonical_json(document["signed"])
    except (ValueError, TypeError) as exc:
        raise Invalid("malformed", "the signature or the fields are malformed") from exc
    if not key.verifies(message, signature):
        raise Invalid("signature", "the signature does not match: a field was changed after "
                      "signing, or it was not signed by this key")
    return document["signed"]
