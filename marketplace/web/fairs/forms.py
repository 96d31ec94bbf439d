"""Forms of the fair pages: the organiser's fair, decisions, booth places and schedule, and the
booth holder's application and booth. Dates and times are typed in the fair's own zone."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.models import FairEventKind, FairLevel
from marketplace.web.forms import WholeNumberField
from marketplace.web.local_time import FAIR_ZONES

LEVELS = [(FairLevel.COUNTY.value, _l("County")), (FairLevel.PROVINCE.value, _l("Province")),
          (FairLevel.NATIONAL.value, _l("National")),
          (FairLevel.INTERNATIONAL.value, _l("International"))]
EVENT_KINDS = [(FairEventKind.DEMONSTRATION.value, _l("Demonstration")),
               (FairEventKind.TALK.value, _l("Talk")),
               (FairEventKind.CEREMONY.value, _l("Ceremony"))]


def at(day: date, clock: time | None, zone: str) -> datetime:
    """A day and a time typed in `zone` as a UTC moment."""
    return datetime.combine(day, clock or time(0), ZoneInfo(zone)).astimezone(UTC)


class FairForm(FlaskForm):
    """Only these fields reach a fair: an organiser or slug in the request is never read (S06)."""

    organiser = SelectField(_l("Organised by"), coerce=int)  # 0: the platform; else a coop
    name_fa = StringField(_l("Name (Persian)"), validators=[DataRequired(), Length(max=160)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=160)])
    theme_fa = StringField(_l("Theme (Persian)"), validators=[Length(max=160)])
    theme_en = StringField(_l("Theme (English)"), validators=[Length(max=160)])
    story_fa = TextAreaField(_l("Story (Persian)"), validators=[Length(max=5000)])
    story_en = TextAreaField(_l("Story (English)"), validators=[Length(max=5000)])
    venue_fa = StringField(_l("Venue (Persian)"), validators=[Length(max=200)])
    venue_en = StringField(_l("Venue (English)"), validators=[Length(max=200)])
    level = SelectField(_l("Level"), choices=LEVELS, validators=[DataRequired()])
    province = SelectField(_l("Region"), coerce=int)
    timezone = SelectField(_l("Time zone of the venue"), choices=[(z, z) for z in FAIR_ZONES])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    opens_time = TimeField(_l("at"), validators=[Optional()])
    permanent = BooleanField(_l("Permanent (a bazaar that stays open)"))
    closes_on = DateField(_l("Closes on"), validators=[Optional()])
    closes_time = TimeField(_l("at"), validators=[Optional()])
    booth_count = WholeNumberField(_l("Number of booths"), validators=[
        InputRequired(), NumberRange(1, 2000)])
    features_per_booth = WholeNumberField(_l("Listings each booth may feature"), default=6,
                                          validators=[InputRequired(), NumberRange(1, 24)])

    def opens_at(self) -> datetime:
        return at(self.opens_on.data, self.opens_time.data, self.timezone.data)

    def closes_at(self) -> datetime | None:
        if self.closes_on.data is None:
            return None
        return at(self.closes_on.data, self.closes_time.data or time(23, 59), self.timezone.data)


class DecisionForm(FlaskForm):
    decision = SelectField(choices=[("accept", _l("Accept")), ("decline", _l("Decline"))])
    reason = StringField(_l("Reason (shown to the applicant)"), validators=[Length(max=300)])


class PlaceForm(FlaskForm):
    hall = StringField(_l("Hall"), validators=[Length(max=60)])
    number = StringField(_l("Booth number"), validators=[Length(max=20)])
    hours = StringField(_l("Opening hours"), validators=[Length(max=60)])


class EventForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=EVENT_KINDS)
    title_fa = StringField(_l("Title (Persian)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[Length(max=200)])
    day = DateField(_l("Day"), validators=[InputRequired()])
    starts = TimeField(_l("From"), validators=[InputRequired()])
    ends = TimeField(_l("To"), validators=[InputRequired()])
    booth = SelectField(_l("At booth"), coerce=int, default=0)


class ApplyForm(FlaskForm):
    applicant = SelectField(_l("Apply as"))  # "artisan", or "coop:<id>" of a coop one admins
    application = TextAreaField(_l("What you would bring (for the organiser)"),
                                validators=[Length(max=1000)])


class BoothForm(FlaskForm):
    listings = SelectMultipleField(_l("Listings to feature"), coerce=int,
                                   widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())
    note_fa = TextAreaField(_l("Booth note (Persian)"), validators=[Length(max=2000)])
    note_en = TextAreaField(_l("Booth note (English)"), validators=[Length(max=2000)])
