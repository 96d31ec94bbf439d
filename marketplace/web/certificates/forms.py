from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from marketplace.catalog.certificates import today


class CertificateForm(FlaskForm):
    """A certificate as its holder uploads it; the status is the verifier's (S06)."""

    type = SelectField(_l("Certificate"), coerce=int)
    holder = SelectField(_l("For"), coerce=int, default=0)  # 0: the shop itself; else a listing
    issuer = StringField(_l("Issued by"), validators=[DataRequired(), Length(max=200)])
    number = StringField(_l("Certificate number"), validators=[DataRequired(), Length(max=80)])
    issued_on = DateField(_l("Issued on"), validators=[DataRequired()])
    expires_on = DateField(_l("Valid until (empty if it does not expire)"),
                           validators=[Optional()])
    evidence = FileField(_l("A scan or photo of the certificate (JPEG, PNG, WebP or PDF)"),
                         validators=[FileRequired()])

    def validate_issued_on(self, field) -> None:
        if field.data and field.data > today():
            raise ValidationError(_l("The issue date cannot be in the future."))

    def validate_expires_on(self, field) -> None:
        if field.data is None:
            return
        if field.data < today():
            raise ValidationError(_l("This certificate has expired already."))
        if self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError(_l("It cannot expire before it was issued."))

    def expiry(self) -> date | None:
        return self.expires_on.data


class RejectForm(FlaskForm):
    reason = StringField(_l("Why it is not accepted (the holder reads this)"),
                         validators=[DataRequired(), Length(max=300)])


class CertificateTypeForm(FlaskForm):
    slug = StringField(_l("Short name in links"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Lower-case letters, digits and "
                                                       "hyphens, such as ocop-4-star."))])
    name_fa = StringField(_l("Name (Persian)"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=120)])
    for_artisans = BooleanField(_l("Artisans can hold it"))
    for_cooperatives = BooleanField(_l("Cooperatives can hold it"))
    for_listings = BooleanField(_l("Listings (products) can hold it"))
    cooperatives_verify = BooleanField(_l("Cooperative admins may verify their members' "
                                          "certificates of this type"))

    def validate_for_listings(self, field) -> None:
        if not (self.for_artisans.data or self.for_cooperatives.data or field.data):
            raise ValidationError(_l("Choose who can hold it."))
