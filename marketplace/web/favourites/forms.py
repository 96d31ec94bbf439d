from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, NumberRange

from marketplace.web.forms import WholeNumberField

# Listing ids are INTEGER columns: PostgreSQL refuses to compare one with a larger number.
MAX_LISTING_ID = 2**31 - 1


class HeartForm(FlaskForm):
    """The heart on a listing card or page: which listing, and where to come back to."""

    listing_id = WholeNumberField(validators=[InputRequired(), NumberRange(1, MAX_LISTING_ID)])
    next = HiddenField()


class FollowForm(FlaskForm):
    next = HiddenField()
