"""Register, log in, log out, and the language switch."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    after_this_request,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from marketplace.accounts import emails, identity, links
from marketplace.extensions import db, limiter
from marketplace.web.accounts import devices
from marketplace.web.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    NewPasswordForm,
    RegisterForm,
)
from marketplace.web.favourites.views import AFTER_LOGIN
from marketplace.web.redirects import safe_next

bp = Blueprint("accounts", __name__, url_prefix="/account")


# What a visitor chose before logging in and keeps after: language, an ambassador's link, the
# heart or follow a guest pressed (done once signed in, web/favourites).
_KEPT_AT_LOGIN = ("lang", "ref", AFTER_LOGIN)


def get_locale_name() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "fa"


def _start_session(user, remember: bool = False) -> None:
    # A fresh session at login, so an id fixed before login is worthless after it (S12).
    kept = {key: session[key] for key in _KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)
    login_user(user, remember=remember)
    after_this_request(lambda response: devices.remember(response, user))


def _form_email() -> str:
    """Rate-limit key for the account a form names (Flask-Limiter scopes it per route)."""
    return "email:" + identity.normalise_email(request.form.get("email", ""))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_form_email)
def register():
    """Step one: name and email. The same answer and one email whether or not the address
    has an account (S09); the account is made when the link's owner chooses a password."""
    if current_user.is_authenticated:
        return redirect(url_for("storefront.home"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("accounts/register.html", form=form), 400 if form.errors else 200
    email = identity.normalise_email(form.email.data)
    lang = session.get("lang") or get_locale_name()
    existing = identity.find_user(db.session, email)
    if existing is not None:
        emails.signup_for_existing_account(db.session, email=email, lang=existing.locale or lang)
    else:
        token = links.signup_token(email, form.display_name.data.strip(), session.get("lang"))
        emails.signup_link(db.session, email=email, lang=lang, token=token)
    db.session.commit()
    return redirect(url_for("accounts.check_email"))


@bp.get("/check-email")
def check_email():
    return render_template("accounts/check_email.html")


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def finish_signup(token: str):
    """Step two, from the emailed link: choose a password; the account is created and open."""
    signup = links.read_signup(db.session, token)
    if signup is None:
        return render_template("accounts/link_invalid.html"), 400
    form = NewPasswordForm(password_hints=(signup.email, signup.display_name))
    if not form.validate_on_submit():
        return render_template(
            "accounts/new_password.html", form=form, email=signup.email,
            title=_("Choose your password"), action=url_for("accounts.finish_signup", token=token),
        ), 400 if form.errors else 200
    try:
        user = identity.register(
            db.session,
            email=signup.email,
            password=form.password.data,
            display_name=signup.display_name,
            locale=signup.locale,
            fast_hash=current_app.config.get("PASSWORD_HASH_FAST", False),
        )
    except identity.EmailTaken:  # the same link used twice at once
        db.session.rollback()
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    _start_session(user)
    flash(_("Welcome to Bazaar, %(name)s!", name=user.display_name), "success")
    return redirect(url_for("storefront.home"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_form_email)
def forgot_password():
    """One email either way (a link, or "no account uses this address"); the same page (S09)."""
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200
    email = identity.normalise_email(form.email.data)
    lang = session.get("lang") or get_locale_name()
    user = identity.find_user(db.session, email)
    if user is not None and user.active:
        emails.reset_link(db.session, email=email, lang=user.locale or lang,
                          token=links.reset_token(user))
    else:
        emails.reset_without_account(db.session, email=email, lang=lang)
    db.session.commit()
    return redirect(url_for("accounts.check_email"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_password(token: str):
    """S11: the link works once (the new hash no longer matches its salt) and expires."""
    user = links.read_reset(db.session, token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = NewPasswordForm(password_hints=(user.email, user.display_name))
    if not form.validate_on_submit():
        return render_template(
            "accounts/new_password.html", form=form, email=user.email,
            title=_("Choose a new password"),
            action=url_for("accounts.reset_password", token=token),
        ), 400 if form.errors else 200
    identity.set_password(user, form.password.data,
                          fast_hash=current_app.config.get("PASSWORD_HASH_FAST", False))
    db.session.commit()
    _start_session(user)
    flash(_("Your password is changed. Other devices have been logged out."), "success")
    return redirect(url_for("storefront.home"))


# Failed logins are counted per account and address together (tight), so that failing from one
# address for someone else's email locks out only that address, and per account (loose), to
# catch guessing spread over many addresses. A browser that signed in to the account before is
# exempt from the per-account ceiling, so nobody can lock the owner out of her own device (S08,
# S40). Only refused logins count; every attempt counts per address.
LOGIN_PER_ADDRESS = "10 per minute"
LOGIN_PER_ACCOUNT_AND_ADDRESS = "5 per minute; 20 per hour"
LOGIN_FAILURES_PER_ACCOUNT_HOURLY = 50
LOGIN_PER_ACCOUNT = f"{LOGIN_FAILURES_PER_ACCOUNT_HOURLY} per hour"


def _form_email_and_address() -> str:
    return f"{_form_email()}|address:{get_remote_address()}"


def _login_refused(response) -> bool:
    return response.status_code == 400


def _from_a_known_device() -> bool:
    # Flask-Limiter asks on every request to the view; only a POST names an account.
    return request.method == "POST" and devices.is_known_for(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_PER_ADDRESS, methods=["POST"])
@limiter.limit(LOGIN_PER_ACCOUNT_AND_ADDRESS, methods=["POST"], key_func=_form_email_and_address,
               deduct_when=_login_refused)
@limiter.limit(LOGIN_PER_ACCOUNT, methods=["POST"], key_func=_form_email,
               deduct_when=_login_refused, exempt_when=_from_a_known_device)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("storefront.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 400 if form.errors else 200
    user = identity.authenticate(db.session, email=form.email.data, password=form.password.data)
    if user is None:
        form.password.errors.append(_("Wrong email or password."))
        return render_template("accounts/login.html", form=form), 400
    db.session.commit()
    _start_session(user, remember=form.remember.data)
    return redirect(safe_next(form.next.data, url_for("storefront.home")))


@bp.post("/logout")
@login_required
def logout():
    if not LogoutForm().validate_on_submit():
        abort(400)
    identity.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("storefront.home"))


@bp.get("/csrf-token")
def csrf_token():
    """A form token for pages served from the shared page cache (static/js/csrf.js)."""
    response = jsonify(csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/language")
def language():
    form = LanguageForm()
    if not form.validate_on_submit() or form.lang.data not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = form.lang.data
    if current_user.is_authenticated:
        current_user.locale = form.lang.data
        db.session.commit()
    return redirect(safe_next(form.next.data, url_for("storefront.home")))


@bp.get("/")
@login_required
def profile():
    return render_template("accounts/profile.html", password_form=ChangePasswordForm())


@bp.post("/password")
@login_required
@limiter.limit("10 per hour")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            identity.change_password(
                current_user,
                current=form.current.data,
                new=form.password.data,
                fast_hash=current_app.config.get("PASSWORD_HASH_FAST", False),
            )
        except identity.WrongPassword:
            form.current.errors.append(_("That is not your current password."))
        else:
            db.session.commit()
            _start_session(current_user._get_current_object())  # re-issue with the new token
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", password_form=form), 400
