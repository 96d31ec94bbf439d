"""The platform's verifiers: every certificate waiting to be checked, and the registry of
certificate types (S05: everyone else gets 404); the rules live in catalog/certificates.py."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from marketplace.catalog import certificates
from marketplace.extensions import db
from marketplace.models import CertificateType
from marketplace.web.admin.access import platform_admins_only
from marketplace.web.certificates.forms import CertificateTypeForm
from marketplace.web.certificates.views import certificate_for_verifier, decide
from marketplace.web.forms import ActionForm

bp = Blueprint("admin_certificates", __name__, url_prefix="/admin/certificates")
bp.before_request(platform_admins_only)


@bp.get("/")
def queue():
    return render_template("admin/certificates.html",
                           waiting=certificates.waiting_for_platform(db.session),
                           action=ActionForm())


@bp.post("/<int:certificate_id>/verify")
def verify(certificate_id: int):
    return decide(certificate_for_verifier(certificate_id), verify=True,
                  back=url_for("admin_certificates.queue"))


@bp.post("/<int:certificate_id>/reject")
def reject(certificate_id: int):
    return decide(certificate_for_verifier(certificate_id), verify=False,
                  back=url_for("admin_certificates.queue"))


@bp.route("/types/", methods=["GET", "POST"])
def types():
    """The registry: what Bazaar recognises, who can hold it, who may verify it."""
    form = CertificateTypeForm()
    if form.validate_on_submit():
        try:
            certificates.save_type(db.session, data=_type_input(form))
        except certificates.DuplicateSlug:
            form.slug.errors = [_("Another type already uses this short name.")]
        else:
            db.session.commit()
            flash(_("Certificate type added."), "success")
            return redirect(url_for("admin_certificates.types"))
    return render_template("admin/certificate_types.html", form=form,
                           types=certificates.types(db.session)), 400 if form.errors else 200


@bp.route("/types/<int:type_id>", methods=["GET", "POST"])
def edit_type(type_id: int):
    kind = db.session.get(CertificateType, type_id) or abort(404)
    form = CertificateTypeForm(obj=kind)
    form.slug.data = kind.slug  # links use it: it stays
    if form.validate_on_submit():
        certificates.save_type(db.session, data=_type_input(form), existing=kind)
        db.session.commit()
        flash(_("Certificate type saved."), "success")
        return redirect(url_for("admin_certificates.types"))
    return render_template("admin/certificate_type.html", form=form, kind=kind), \
        400 if form.errors else 200


def _type_input(form: CertificateTypeForm) -> certificates.TypeInput:
    return certificates.TypeInput(
        slug=form.slug.data, name_fa=form.name_fa.data, name_en=form.name_en.data,
        for_artisans=form.for_artisans.data, for_cooperatives=form.for_cooperatives.data,
        for_listings=form.for_listings.data, cooperatives_verify=form.cooperatives_verify.data)
