"""A cooperative's certificates: its own (uploaded by its admins, verified by the platform)
and its members' certificates of the types the platform lets cooperatives verify. Only that
cooperative's admins (404 for everyone else, S03)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from marketplace.catalog import certificates
from marketplace.extensions import db
from marketplace.models import CertificateType, HolderKind
from marketplace.web.certificates.forms import CertificateForm
from marketplace.web.certificates.views import (
    certificate_for_verifier,
    decide,
    type_choices,
    upload_for,
)
from marketplace.web.coop_admin.views import cooperative_for_admin
from marketplace.web.forms import ActionForm

bp = Blueprint("coop_certificates", __name__, url_prefix="/coop/<slug>/admin/certificates")


@bp.route("/", methods=["GET", "POST"])
@login_required
def page(slug: str):
    coop = cooperative_for_admin(slug)
    form = CertificateForm()
    form.type.choices = type_choices(HolderKind.COOPERATIVE)
    del form.holder
    if form.validate_on_submit():
        kind = db.session.get(CertificateType, form.type.data) or abort(400)
        if upload_for(coop, form, kind) is not None:
            db.session.commit()
            flash(_("Uploaded. Bazaar's team will verify it."), "success")
            return redirect(url_for("coop_certificates.page", slug=coop.slug))
    return render_template(
        "cooperatives/certificates.html", coop=coop, form=form, action=ActionForm(),
        held=certificates.of_cooperative(db.session, coop),
        waiting=certificates.waiting_for_cooperative(db.session, coop),
        today=certificates.today(),
    ), 400 if form.errors else 200


def _member_certificate(coop, certificate_id: int):
    """A certificate this cooperative's admins may decide on, under this cooperative's URL."""
    certificate = certificate_for_verifier(certificate_id)
    if certificate not in certificates.waiting_for_cooperative(db.session, coop):
        abort(404)
    return certificate


@bp.post("/<int:certificate_id>/verify")
@login_required
def verify(slug: str, certificate_id: int):
    coop = cooperative_for_admin(slug)
    return decide(_member_certificate(coop, certificate_id), verify=True,
                  back=url_for("coop_certificates.page", slug=coop.slug))


@bp.post("/<int:certificate_id>/reject")
@login_required
def reject(slug: str, certificate_id: int):
    coop = cooperative_for_admin(slug)
    return decide(_member_certificate(coop, certificate_id), verify=False,
                  back=url_for("coop_certificates.page", slug=coop.slug))
