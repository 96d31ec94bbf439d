"""The platform's signatures: canonical JSON, Ed25519, key ids, and what makes a check fail."""
from __future__ import annotations

import os
import stat

import pytest

from marketplace.core import signing
from marketplace.insights import provenance

FIELDS = {"number": "BZ-AAAAA-BBBBB", "made_in": {"village": "کردشت", "county": "جلفا"},
          "quantity": 1, "certifications": []}


def test_canonical_json_sorts_keys_drops_whitespace_and_keeps_persian_as_utf8():
    assert signing.canonical_json({"b": 1, "a": {"d": "ده", "c": None}}) == \
        '{"a":{"c":null,"d":"ده"},"b":1}'.encode()


def test_a_signed_certificate_verifies_with_the_published_key():
    """S49: a certificate of origin verifies with the published key."""
    key = signing.generate()
    document = key.sign(FIELDS)
    assert signing.check(document, {key.key_id: key.public_key}) == FIELDS


@pytest.mark.parametrize("change", [
    lambda d: d["signed"]["made_in"].update(village="جلفا"),
    lambda d: d["signed"].update(quantity=2),
    lambda d: d["signed"]["certifications"].append("handmade-seal"),
    lambda d: d["signed"].update(extra="x"),
])
def test_any_changed_field_fails(change):
    """S49: change the village, the quantity, add a certification or a field: refused."""
    key = signing.generate()
    document = key.sign(FIELDS)
    change(document)
    with pytest.raises(signing.Invalid) as refused:
        signing.check(document, {key.key_id: key.public_key})
    assert refused.value.code == "signature"


def test_a_key_nobody_published_is_refused_even_if_its_signature_is_right():
    """S49: a forger's own key, named in the document, proves nothing."""
    ours, forger = signing.generate(), signing.generate()
    document = forger.sign(FIELDS)
    with pytest.raises(signing.Invalid) as refused:
        signing.check(document, {ours.key_id: ours.public_key})
    assert refused.value.code == "unknown_key"
    document["key_id"] = ours.key_id  # claiming our key id does not help either
    with pytest.raises(signing.Invalid) as refused:
        signing.check(document, {ours.key_id: ours.public_key})
    assert refused.value.code == "signature"


@pytest.mark.parametrize("document", [None, [], {"signed": "x"}, {"signed": {}, "algorithm": "RSA"},
                                      {"signed": {}, "algorithm": "Ed25519", "key_id": 7}])
def test_malformed_documents_are_refused_not_crashed_on(document):
    key = signing.generate()
    with pytest.raises(signing.Invalid):
        signing.check(document, {key.key_id: key.public_key})


def test_a_rotated_key_still_verifies_what_the_old_one_signed():
    """S49: after rotation both keys are published; each verifies its own certificates."""
    old = signing.generate()
    before = old.sign(FIELDS)
    new = signing.generate()
    after = new.sign({**FIELDS, "number": "BZ-CCCCC-DDDDD"})
    published = {old.key_id: old.public_key, new.key_id: new.public_key}
    assert signing.check(before, published)["number"] == "BZ-AAAAA-BBBBB"
    assert signing.check(after, published)["number"] == "BZ-CCCCC-DDDDD"


def test_keys_read_back_from_base64_and_pem_are_the_same_key():
    key = signing.generate()
    assert signing.signer_from_text(key.private_text()).key_id == key.key_id
    assert signing.signer_from_text(key.pem().decode()).key_id == key.key_id
    with pytest.raises(signing.BadKey):
        signing.signer_from_text("not a key")


def test_the_key_file_is_readable_by_its_owner_only_and_made_once(tmp_path):
    """S49: the private key stays on the server: a file only its owner reads, never in a repr."""
    path = tmp_path / "provenance-key.pem"
    first = provenance.load_or_create(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert provenance.load_or_create(path).key_id == first.key_id
    assert first.private_text() not in repr(first)
