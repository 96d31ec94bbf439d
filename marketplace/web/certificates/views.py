"""Certificates on the web: the public page a badge opens, the evidence for its holder and
verifiers only (S46), and the artisan's own certificates in her studio."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.file import FileField
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace import permissions
from marketplace.accounts import applications
from marketplace.catalog import certificates
from marketplace.core import images, uploads
from marketplace.extensions import db
from marketplace.models import (
    ArtisanProfile,
    Certificate,
    CertificateType,
    Cooperative,
    HolderKind,
    Listing,
    ListingStatus,
)
from marketplace.web.certificates.forms import CertificateForm, RejectForm
from marketplace.web.forms import ActionForm
from marketplace.web.templating import current_lang

bp = Blueprint("certificates", __name__)


@bp.get("/certificates/<int:certificate_id>")
def public(certificate_id: int):
    """What anyone can check: who holds it, who issued it, its number and dates, and whether
    it is valid today. Pending and rejected certificates have no page."""
    certificate = certificates.public(db.session, certificate_id) or abort(404)
    return render_template("certificates/public.html", certificate=certificate,
                           shown=certificate.shown_on(certificates.today()))


@bp.get("/certificates/<int:certificate_id>/evidence")
@login_required
def evidence(certificate_id: int):
    """The scan or PDF, to its holder, its verifiers and the deciders of the application it
    came with; a download that is never rendered as a page (S46)."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not certificate.evidence_file \
            or not uploads.is_evidence_name(certificate.evidence_file):
        abort(404)
    application = applications.naming_licence(db.session, certificate)
    if not permissions.can_view_evidence(current_user, certificate, application):
        abort(404)
    extension = certificate.evidence_file.rsplit(".", 1)[1]
    response = send_from_directory(
        current_app.config["EVIDENCE_DIR"], certificate.evidence_file, max_age=0,
        as_attachment=certificate.evidence_is_pdf,
        download_name=f"certificate-{certificate.id}.{extension}")
    if not certificate.evidence_is_pdf:
        response.headers["Content-Disposition"] = \
            f'inline; filename="certificate-{certificate.id}.{extension}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Shared by the studio, the cooperative admin and the platform admin ----------------------------


def store_evidence(field: FileField) -> str | None:
    """Keep the evidence uploaded in `field`; its stored name, or None with the field's error
    set (or an abort for a file too large, 413, or a server too busy, 503)."""
    config = current_app.config
    try:
        return certificates.store_evidence(
            field.data.stream, config["EVIDENCE_DIR"], max_bytes=config["IMAGE_MAX_BYTES"],
            max_pixels=config["IMAGE_MAX_PIXELS"],
            max_decoded_bytes=config["IMAGE_MAX_DECODED_BYTES"],
            slots=images.work_slots(current_app))
    except (images.ImageTooLarge, uploads.UploadTooLarge):
        abort(413)
    except images.ImagesBusy:
        abort(503)
    except (images.ImageRejected, uploads.UploadRejected):
        field.errors = [_("That file is neither a photo nor a PDF we can keep. Upload a JPEG, "
                          "PNG, WebP or PDF of the certificate.")]
        return None


def upload_for(holder: ArtisanProfile | Cooperative | Listing, form: CertificateForm,
               kind: CertificateType) -> Certificate | None:
    """Store the evidence and record the certificate, waiting for a verifier; None (nothing
    kept, the form's errors set) if the file or the type does not fit."""
    stored = store_evidence(form.evidence)
    if stored is None:
        return None
    try:
        return certificates.upload(
            db.session, holder=holder, by=current_user, evidence_file=stored,
            data=certificates.CertificateInput(kind, form.issuer.data, form.number.data,
                                               form.issued_on.data, form.expiry()))
    except certificates.NotForThisHolder:
        images.delete_stored(current_app.config["EVIDENCE_DIR"], stored)
        form.type.errors = [_("This kind of certificate is not for that holder.")]
        return None


def type_choices(*kinds: HolderKind) -> list[tuple[int, str]]:
    lang = current_lang()
    return [(t.id, t.localized("name", lang)) for t in certificates.types_for(db.session, *kinds)]


def certificate_for_verifier(certificate_id: int) -> Certificate:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not permissions.can_verify_certificate(current_user, certificate):
        abort(404)
    return certificate


def decide(certificate: Certificate, *, verify: bool, back: str):
    """A verifier's decision (the caller checked she may make it), then back to her queue."""
    if verify:
        if not ActionForm().validate_on_submit():
            abort(400)
        try:
            certificates.verify(db.session, certificate=certificate, by=current_user,
                                on=certificates.today())
        except certificates.AlreadyExpired:
            flash(_("It has expired already; ask the holder for the renewed certificate."),
                  "error")
            return redirect(back), 303
        except certificates.InvalidCertificateMove:
            abort(404)
        message = _("Verified. Its badge shows now.")
    else:
        form = RejectForm()
        if not form.validate_on_submit():
            flash(_("Say why it is not accepted: the holder reads it."), "error")
            return redirect(back), 303
        try:
            certificates.reject(db.session, certificate=certificate, by=current_user,
                                reason=form.reason.data)
        except certificates.InvalidCertificateMove:
            abort(404)
        message = _("Turned down. The holder is told why.")
    db.session.commit()
    flash(message, "success")
    return redirect(back)


# The artisan's certificates --------------------------------------------------------------------


def _artisan() -> ArtisanProfile:
    return permissions.artisan_of(current_user) or abort(404)


def _studio_form(artisan: ArtisanProfile) -> CertificateForm:
    form = CertificateForm()
    form.type.choices = type_choices(HolderKind.ARTISAN, HolderKind.LISTING)
    lang = current_lang()
    own = db.session.scalars(
        select(Listing).where(Listing.artisan_id == artisan.id,
                              Listing.status != ListingStatus.REMOVED,
                              Listing.reserved_for_id.is_(None))
        .options(selectinload(Listing.translations)).order_by(Listing.id.desc()))
    form.holder.choices = [(0, _("My shop (all my listings)"))] + [
        (item.id, item.text(lang).title) for item in own]
    return form


@bp.route("/studio/certificates/", methods=["GET", "POST"])
@login_required
def studio():
    artisan = _artisan()
    form = _studio_form(artisan)
    if form.validate_on_submit():
        kind = db.session.get(CertificateType, form.type.data) or abort(400)
        holder = artisan
        if form.holder.data:
            holder = db.session.get(Listing, form.holder.data)
            if holder is None or not permissions.can_edit_listing(current_user, holder):
                abort(400)
        if upload_for(holder, form, kind) is not None:
            db.session.commit()
            flash(_("Uploaded. A verifier will check it; its badge shows once it is verified."),
                  "success")
            return redirect(url_for("certificates.studio"))
    return render_template("certificates/studio.html", artisan=artisan, form=form,
                           held=certificates.of_artisan(db.session, artisan),
                           today=certificates.today()), 400 if form.errors else 200

