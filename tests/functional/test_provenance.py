"""Certificates of origin on the web and offline: the card with its QR code, the signed JSON,
the published keys, the check form and `flask provenance verify` (S49)."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from marketplace.core import signing
from marketplace.extensions import db
from marketplace.insights import provenance
from marketplace.models import OriginCertificate
from tests.conftest import csrf_token, login, set_language
from tests.functional.checkout_helpers import TEHRAN, add_to_cart, checkout_from, place_order


@pytest.fixture
def delivered(app, client, shop):
    """The shopper's kilim order, confirmed paid, shipped and marked delivered by the weaver."""
    buyer = app.test_client()
    login(buyer, shop.shopper.email)
    add_to_cart(buyer, shop.catalog.kilim, "1")
    checkout = checkout_from(place_order(buyer, method="bank_transfer", address=TEHRAN))
    order_id = checkout.orders[0].id
    seller = app.test_client()
    login(seller, "weaver@example.com")
    token = csrf_token(seller, "/studio/orders/")
    for step, data in (("confirm-payment", {}), ("ship", {"carrier": "Post",
                                                          "tracking_number": "RR1IR"}),
                       ("deliver", {})):
        response = seller.post(f"/studio/orders/{order_id}/{step}",
                               data={**data, "csrf_token": token})
        assert response.status_code == 302, step
    certificate = db.session.scalar(select(OriginCertificate))
    return {"buyer": buyer, "seller": seller, "certificate": certificate, "order_id": order_id}


def test_the_buyer_finds_the_certificate_and_its_page_says_it_is_genuine(client, delivered):
    """S49: the certificate page re-checks the signature, shows a QR code of its own address
    and the piece, its maker and where it was made."""
    number = delivered["certificate"].number
    order_page = delivered["buyer"].get(f"/orders/{delivered['order_id']}").get_data(as_text=True)
    assert f"/provenance/{number}" in order_page
    set_language(client, "en")
    page = client.get(f"/provenance/{number}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Genuine: the signature verifies" in html
    assert "Handwoven Jolfa kilim" in html and "Maryam Ahmadi" in html
    assert "Jolfa" in html and "East Azerbaijan" in html
    assert re.search(r"<svg[^>]*>.*<path", html, re.S)  # the QR code, inline
    assert "leila@example.com" not in html and "Leila" not in html  # nothing of the buyer


def test_a_tampered_download_is_refused_by_the_check_form_and_the_original_accepted(
        client, delivered):
    """S49: the downloaded JSON verifies; the same file with another village is refused."""
    number = delivered["certificate"].number
    download = client.get(f"/provenance/{number}.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(download.get_data(as_text=True))
    set_language(client, "en")
    token = csrf_token(client, "/provenance/verify")
    genuine = client.post("/provenance/verify",
                          data={"document": json.dumps(document), "csrf_token": token})
    assert genuine.status_code == 200 and "Genuine" in genuine.get_data(as_text=True)
    document["signed"]["made_in"]["village"]["name"]["en"] = "Tabriz"
    forged = client.post("/provenance/verify",
                         data={"document": json.dumps(document), "csrf_token": token})
    assert forged.status_code == 422
    assert "the signature does not match" in forged.get_data(as_text=True)


def test_the_check_form_survives_anything_pasted(client, delivered):
    token = csrf_token(client, "/provenance/verify")
    for text in ["", "{", "[]", '{"signed": 1}', "x" * 70_000]:
        response = client.post("/provenance/verify", data={"document": text, "csrf_token": token})
        assert response.status_code in (400, 422), text[:10]


def test_the_published_keys_hold_public_halves_only(app, client, delivered):
    """S49: the keys' stable address publishes the public key by id; the private key is not
    in it, nor in the certificate's page or download."""
    keys = client.get("/.well-known/bazaar-provenance-keys.json")
    assert keys.status_code == 200
    published = keys.get_json()["keys"]
    signer = provenance.signer(app)
    assert published[signer.key_id]["public_key"] == signer.public_key.text
    number = delivered["certificate"].number
    bodies = [keys.get_data(as_text=True),
              client.get(f"/provenance/{number}").get_data(as_text=True),
              client.get(f"/provenance/{number}.json").get_data(as_text=True)]
    assert all(signer.private_text() not in body for body in bodies)


def test_flask_provenance_verify_checks_a_file_offline(app, client, delivered, tmp_path):
    """S49: `flask provenance verify` accepts the downloaded certificate with the downloaded
    keys and refuses a copy with a changed village, saying why."""
    number = delivered["certificate"].number
    certificate = tmp_path / "certificate.json"
    certificate.write_text(client.get(f"/provenance/{number}.json").get_data(as_text=True))
    keys = tmp_path / "keys.json"
    keys.write_text(client.get("/.well-known/bazaar-provenance-keys.json").get_data(as_text=True))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["provenance", "verify", str(certificate), "--keys", str(keys)])
    assert result.exit_code == 0 and result.output.startswith("valid:"), result.output
    document = json.loads(certificate.read_text())
    document["signed"]["made_in"]["village"]["slug"] = "tabriz"
    certificate.write_text(json.dumps(document))
    result = runner.invoke(args=["provenance", "verify", str(certificate), "--keys", str(keys)])
    assert result.exit_code == 1
    assert "invalid: the signature does not match" in result.output


def test_after_rotate_key_old_certificates_still_verify_offline(app, client, delivered,
                                                                tmp_path):
    """S49: `flask provenance rotate-key` signs new certificates with a new key; the old
    certificate still verifies against the keys published after the rotation."""
    old_key = provenance.signer(app).key_id
    certificate = tmp_path / "old.json"
    certificate.write_text(client.get(f"/provenance/{delivered['certificate'].number}.json")
                           .get_data(as_text=True))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["provenance", "rotate-key"]).exit_code == 0
    assert provenance.signer(app).key_id != old_key
    keys = tmp_path / "keys.json"
    keys.write_text(client.get("/.well-known/bazaar-provenance-keys.json").get_data(as_text=True))
    assert set(json.loads(keys.read_text())["keys"]) == {old_key, provenance.signer(app).key_id}
    result = runner.invoke(args=["provenance", "verify", str(certificate), "--keys", str(keys)])
    assert result.exit_code == 0, result.output
    assert client.get(f"/provenance/{delivered['certificate'].number}").get_data(
        as_text=True).count("verdict-valid") == 1


def test_a_certificate_signed_by_a_key_never_published_is_refused_offline(app, tmp_path):
    forged = signing.generate().sign({"format": provenance.FORMAT, "number": "BZ-AAAAA-AAAAA"})
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged))
    result = app.test_cli_runner().invoke(args=["provenance", "verify", str(path)])
    assert result.exit_code == 1 and "unknown key" in result.output


def test_unknown_certificate_numbers_are_404(client):
    for number in ["BZ-AAAAA-AAAAA", "x" * 300, "<script>"]:
        assert client.get(f"/provenance/{number}").status_code == 404
        assert client.get(f"/provenance/{number}.json").status_code == 404


@pytest.mark.parametrize("probe", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
def test_what_is_pasted_into_the_check_form_comes_back_escaped(client, probe):
    """S17, S47: a pasted certificate is shown back escaped, never as markup."""
    token = csrf_token(client, "/provenance/verify")
    html = client.post("/provenance/verify",
                       data={"document": probe, "csrf_token": token}).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
