from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from marketplace.accounts.identity import PASSWORD_MAX, PASSWORD_MIN, is_guessable


class StrongPassword:
    """Rejects common and easily guessed passwords, also ones built from the form's own fields."""

    def __init__(self, *hint_fields: str):
        self.hint_fields = hint_fields

    def __call__(self, form, field):
        hints = tuple(str(form[name].data or "") for name in self.hint_fields)
        hints += tuple(getattr(form, "password_hints", ()))  # e.g. the email a link was sent to
        if field.data and is_guessable(field.data, hints=hints):
            raise ValidationError(
                _l("This password is too common or easy to guess. Try a short phrase.")
            )


def _new_password_field(label, *hint_fields: str):
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(min=PASSWORD_MIN, max=PASSWORD_MAX),
            StrongPassword(*hint_fields),
        ],
        description=_l("At least %(n)d characters.", n=PASSWORD_MIN),
    )


class RegisterForm(FlaskForm):
    """Step one of two: the password is chosen on the page the emailed link opens (S09)."""

    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class NewPasswordForm(FlaskForm):
    """Choosing a password from an emailed link (finishing sign-up, or a reset)."""

    password = _new_password_field(_l("Password"))
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )

    def __init__(self, *args, password_hints: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.password_hints = password_hints


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)]
    )
    password = _new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)])
    remember = BooleanField(_l("Keep me logged in"))
    next = HiddenField()


class LanguageForm(FlaskForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class LogoutForm(FlaskForm):
    pass
