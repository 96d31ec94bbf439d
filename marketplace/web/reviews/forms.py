from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from marketplace.catalog.reviews import MAX_PHOTOS, MAX_WORDS_CHARS
from marketplace.models import ReviewReportReason

STARS = [(5, _l("5 stars: excellent")), (4, _l("4 stars: good")), (3, _l("3 stars: all right")),
         (2, _l("2 stars: disappointing")), (1, _l("1 star: bad"))]

REVIEW_REPORT_REASONS = (
    (ReviewReportReason.OFFENSIVE, _l("Offensive or hateful words or photos")),
    (ReviewReportReason.NOT_ABOUT_THE_PIECE, _l("Not about this piece (advertising, spam)")),
    (ReviewReportReason.PERSONAL_DATA, _l("Shows someone's personal details")),
    (ReviewReportReason.FAKE, _l("Not a real buyer's experience")),
    (ReviewReportReason.OTHER, _l("Something else")),
)


class ReviewForm(FlaskForm):
    """Only these reach a review: a `reply_body`, `author_id` or `status` sent along is never
    read (S06, S44)."""

    rating = RadioField(_l("Your rating"), choices=STARS, coerce=int,
                        validators=[InputRequired(_l("Choose from one to five stars."))])
    body = TextAreaField(_l("Your review"), validators=[Length(max=MAX_WORDS_CHARS)],
                         description=_l("What you liked, how it arrived, how it looks at home. "
                                        "Write in your own language."))
    photos = MultipleFileField(_l("Photos (up to 3: JPEG, PNG or WebP)"))

    def validate_photos(self, field) -> None:
        # Counted before any photo is decoded (S42).
        if len(field.data or []) > MAX_PHOTOS:
            raise ValidationError(_l("At most three photos, please."))


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your public answer"),
                         validators=[DataRequired(_l("Write your answer first.")),
                                     Length(max=MAX_WORDS_CHARS)])


class ReviewReportForm(FlaskForm):
    reason = SelectField(_l("What is wrong?"),
                         choices=[(r.value, label) for r, label in REVIEW_REPORT_REASONS],
                         validators=[DataRequired()])
    details = TextAreaField(_l("Details (optional)"), validators=[Length(max=500)])
