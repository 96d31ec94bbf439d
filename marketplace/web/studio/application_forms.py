"""The application to sell: who she is, what she makes, photos of her work, her licence."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from marketplace.accounts.applications import MAX_PHOTOS
from marketplace.catalog.certificates import today


class ApplyForm(FlaskForm):
    """Only these fields reach her shop (S06): approval is never hers to set."""

    display_name_fa = StringField(_l("Your name as shoppers see it (Persian)"),
                                  validators=[DataRequired(), Length(max=120)])
    display_name_en = StringField(_l("Your name in English letters"),
                                  validators=[DataRequired(), Length(max=120)])
    craft_fa = StringField(_l("Your craft (Persian), e.g. گلیم‌باف"),
                           validators=[DataRequired(), Length(max=120)])
    craft_en = StringField(_l("Your craft (English), e.g. kilim weaver"),
                           validators=[Length(max=120)])
    story_fa = TextAreaField(_l("Your story (Persian): how you learnt, where you work"),
                             validators=[DataRequired(), Length(max=4000)])
    story_en = TextAreaField(_l("Your story (English)"), validators=[Length(max=4000)])
    village = SelectField(_l("The village where you work"), coerce=int)
    cooperative = SelectField(_l("Sell under a cooperative"), coerce=int, default=0)
    women_led = BooleanField(_l("A woman-led workshop"))
    photos = MultipleFileField(_l("Photos of your work (1 to 4; JPEG, PNG or WebP)"))
    licence_type = SelectField(_l("Licence or certificate (optional)"), coerce=int, default=0)
    licence_issuer = StringField(_l("Issued by"), validators=[Length(max=200)])
    licence_number = StringField(_l("Licence number"), validators=[Length(max=80)])
    licence_issued_on = DateField(_l("Issued on"), validators=[Optional()])
    licence_expires_on = DateField(_l("Valid until"), validators=[Optional()])
    licence_evidence = FileField(_l("A scan or photo of it (JPEG, PNG, WebP or PDF)"))

    def uploaded_photos(self) -> list:
        return [f for f in (self.photos.data or []) if getattr(f, "filename", "")]

    def validate_photos(self, field) -> None:
        if not 1 <= len(self.uploaded_photos()) <= MAX_PHOTOS:
            raise ValidationError(_l("Add between 1 and %(n)d photos of your work.",
                                     n=MAX_PHOTOS))

    def validate_licence_type(self, field) -> None:
        """A licence comes whole (who issued it, its number and date, a scan) or not at all."""
        if not field.data:
            return
        issued, expires = self.licence_issued_on.data, self.licence_expires_on.data
        if not (self.licence_issuer.data or "").strip() or not (
                self.licence_number.data or "").strip() or issued is None \
                or not getattr(self.licence_evidence.data, "filename", ""):
            raise ValidationError(_l("Give the licence's issuer, number, issue date and a "
                                     "scan, or choose none."))
        if issued > today():
            raise ValidationError(_l("The issue date cannot be in the future."))
        if expires is not None and (expires < today() or expires < issued):
            raise ValidationError(_l("This licence has expired already."))


class DecisionForm(FlaskForm):
    reason = TextAreaField(_l("Why not (the applicant reads this)"),
                           validators=[Length(max=500)])
