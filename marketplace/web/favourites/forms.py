from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import InputRequired, NumberRange

from marketplace.web.forms import WholeNumberField
from marketplace.web.hostile_input import MAX_ID


class HeartForm(FlaskForm):
    """The heart on a listing card or page: which listing, and where to come back to."""

    listing_id = WholeNumberField(validators=[InputRequired(), NumberRange(1, MAX_ID)])
    next = HiddenField()


class FollowForm(FlaskForm):
    next = HiddenField()
