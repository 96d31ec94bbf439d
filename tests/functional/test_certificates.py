"""Certificates that can be checked: a holder uploads, a verifier decides, anyone checks the
public page from the badge, and the badge goes when it expires (S46)."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from marketplace.catalog import certificates
from marketplace.extensions import db
from marketplace.models import Certificate, CertificateStatus
from tests import factories
from tests.conftest import csrf_token, login, set_language


def signed_in(app, email: str):
    client = app.test_client()
    set_language(client, "en")
    login(client, email)
    return client


def scan() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), "#2b6ca4").save(data, "PNG")
    data.seek(0)
    return data


@pytest.fixture
def ocop(app, shop):
    kind = certificates.save_type(db.session, data=certificates.TypeInput(
        slug="ocop-4-star", name_fa="اوکاپ چهار ستاره", name_en="OCOP 4 stars",
        for_artisans=True, for_listings=True, cooperatives_verify=True))
    factories.coop_admin(db.session, shop.catalog.coop, "coop@example.com")
    db.session.commit()
    return kind


def upload_for_kilim(app, shop, ocop, *, expires: date | None = None) -> Certificate:
    weaver = signed_in(app, "weaver@example.com")
    today = certificates.today()
    response = weaver.post("/studio/certificates/", data={
        "type": str(ocop.id), "holder": str(shop.catalog.kilim.id), "issuer": "OCOP council",
        "number": "OCOP-1403-77", "issued_on": (today - timedelta(days=10)).isoformat(),
        "expires_on": (expires or today + timedelta(days=365)).isoformat(),
        "evidence": (scan(), "scan.png"), "csrf_token": csrf_token(weaver, "/")})
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(Certificate))


def verify_as(client, certificate: Certificate, path: str):
    return client.post(path, data={"csrf_token": csrf_token(client, "/")})


def test_a_verified_certificate_shows_a_badge_whose_public_page_anyone_can_check(app, shop, ocop):
    """S46: no badge and no public page while pending; once the platform verifies it, the
    listing's badge links to a page anyone can open with its number and issuer."""
    certificate = upload_for_kilim(app, shop, ocop)
    assert certificate.status == CertificateStatus.PENDING
    anyone = app.test_client()
    set_language(anyone, "en")
    assert anyone.get(f"/certificates/{certificate.id}").status_code == 404
    listing_url = f"/listings/{shop.catalog.kilim.id}"
    assert f"/certificates/{certificate.id}" not in \
        signed_in(app, "sam@example.com").get(listing_url).get_data(as_text=True)

    admin = signed_in(app, "admin@example.com")
    assert verify_as(admin, certificate,
                     f"/admin/certificates/{certificate.id}/verify").status_code == 302
    db.session.refresh(certificate)
    assert certificate.status == CertificateStatus.VERIFIED
    page = signed_in(app, "sam@example.com").get(listing_url).get_data(as_text=True)
    assert f"/certificates/{certificate.id}" in page
    public = anyone.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "OCOP-1403-77" in public and "OCOP council" in public
    assert "valid today" in public


def test_an_expired_certificate_loses_its_badge_but_its_page_says_so(app, shop, ocop):
    """S46: past its expiry date the badge is gone and the public page says it expired."""
    certificate = upload_for_kilim(app, shop, ocop,
                                   expires=certificates.today() + timedelta(days=5))
    certificates.verify(db.session, certificate=certificate, by=shop.admin,
                        on=certificates.today())
    db.session.commit()
    assert certificates.expire_lapsed(
        db.session, on=certificates.today() + timedelta(days=6)) == 1
    db.session.commit()
    sam = signed_in(app, "sam@example.com")
    page = sam.get(f"/listings/{shop.catalog.kilim.id}").get_data(as_text=True)
    assert f"/certificates/{certificate.id}" not in page
    public = sam.get(f"/certificates/{certificate.id}").get_data(as_text=True)
    assert "has expired" in public


def test_evidence_is_served_only_to_its_holder_and_its_verifiers(app, shop, ocop):
    """S46: the scan downloads for the weaver, the platform admin and her cooperative's admin
    (the type is delegated); a shopper, another artisan and a visitor get 404."""
    certificate = upload_for_kilim(app, shop, ocop)
    url = f"/certificates/{certificate.id}/evidence"
    for email in ("weaver@example.com", "admin@example.com", "coop@example.com"):
        response = signed_in(app, email).get(url)
        assert response.status_code == 200, email
        assert response.headers["Cache-Control"] == "private, no-store"
    for email in ("sam@example.com", "potter@example.com"):
        assert signed_in(app, email).get(url).status_code == 404, email
    assert app.test_client().get(url).status_code == 302  # to the sign-in page


def test_only_verifiers_decide_and_a_holder_cannot_verify_her_own(app, shop, ocop):
    """S46: the weaver cannot verify her own certificate through either queue; the potter's
    cooperative admin (not hers) cannot either; her cooperative's admin can."""
    certificate = upload_for_kilim(app, shop, ocop)
    other = factories.other_cooperative(db.session, shop.catalog)
    factories.coop_admin(db.session, other, "bat-trang@example.com")
    db.session.commit()
    weaver = signed_in(app, "weaver@example.com")
    assert verify_as(weaver, certificate,
                     f"/admin/certificates/{certificate.id}/verify").status_code in (403, 404)
    assert verify_as(weaver, certificate, f"/coop/{shop.catalog.coop.slug}/admin/certificates/"
                                          f"{certificate.id}/verify").status_code in (403, 404)
    stranger = signed_in(app, "bat-trang@example.com")
    assert verify_as(stranger, certificate, f"/coop/{other.slug}/admin/certificates/"
                                            f"{certificate.id}/verify").status_code == 404
    db.session.refresh(certificate)
    assert certificate.status == CertificateStatus.PENDING
    coop = signed_in(app, "coop@example.com")
    assert verify_as(coop, certificate, f"/coop/{shop.catalog.coop.slug}/admin/certificates/"
                                        f"{certificate.id}/verify").status_code == 302
    db.session.refresh(certificate)
    assert certificate.status == CertificateStatus.VERIFIED


def test_a_turned_down_certificate_tells_the_holder_why_and_has_no_page(app, shop, ocop):
    certificate = upload_for_kilim(app, shop, ocop)
    admin = signed_in(app, "admin@example.com")
    response = admin.post(f"/admin/certificates/{certificate.id}/reject",
                          data={"reason": "The number is not in the OCOP register.",
                                "csrf_token": csrf_token(admin, "/")})
    assert response.status_code == 302
    db.session.refresh(certificate)
    assert certificate.status == CertificateStatus.REJECTED
    assert app.test_client().get(f"/certificates/{certificate.id}").status_code == 404
    studio = signed_in(app, "weaver@example.com").get("/studio/certificates/")
    assert "not in the OCOP register" in studio.get_data(as_text=True)
