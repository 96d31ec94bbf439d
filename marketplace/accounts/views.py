"""Register, log in, log out, and the language switch."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from marketplace import identity
from marketplace.accounts.forms import (
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    LogoutForm,
    RegisterForm,
)
from marketplace.accounts.redirects import safe_next
from marketplace.extensions import db, limiter

bp = Blueprint("accounts", __name__, url_prefix="/account")


def _start_session(user, remember: bool = False) -> None:
    # A fresh session at login, so an id fixed before login is worthless after it (S12).
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("storefront.home"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("accounts/register.html", form=form), 400 if form.errors else 200
    try:
        user = identity.register(
            db.session,
            email=form.email.data,
            password=form.password.data,
            display_name=form.display_name.data,
            locale=session.get("lang"),
            fast_hash=current_app.config.get("PASSWORD_HASH_FAST", False),
        )
    except identity.EmailTaken:
        form.email.errors.append(_("An account with this email already exists. Log in instead."))
        return render_template("accounts/register.html", form=form), 400
    db.session.commit()
    _start_session(user)
    flash(_("Welcome to Bazaar, %(name)s!", name=user.display_name), "success")
    return redirect(url_for("storefront.home"))


def _login_account() -> str:
    return "login:" + identity.normalise_email(request.form.get("email", ""))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])  # per address
@limiter.limit("5 per minute; 20 per hour", methods=["POST"], key_func=_login_account)
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
