"""The one form of the public pages that is not the cart's: reporting a listing."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.models import ReportReason

REASONS = (
    (ReportReason.NOT_HANDMADE, _l("Not handmade (factory goods)")),
    (ReportReason.WRONG_ORIGIN, _l("The origin is not true")),
    (ReportReason.PROHIBITED, _l("Prohibited or unsafe item")),
    (ReportReason.OFFENSIVE, _l("Offensive words or photos")),
    (ReportReason.OTHER, _l("Something else")),
)


class ReportForm(FlaskForm):
    reason = RadioField(_l("What is wrong?"), choices=[(r.value, label) for r, label in REASONS],
                        validators=[DataRequired(_l("Choose what is wrong."))])
    details = TextAreaField(_l("Details (optional)"), validators=[Length(max=500)])
