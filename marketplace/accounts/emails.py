"""Account emails, written to the mail outbox (sent after commit, S31).

Every request on the registration and reset forms sends exactly one email, whether or not
the address has an account, so neither the page nor its timing tells the two apart (S09).
"""
from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.mail import outbox
from marketplace.mail.outbox import language_of
from marketplace.models import ApplicationStatus, ShopApplication


def signup_link(session: Session, *, email: str, lang: str | None, token: str) -> None:
    with force_locale(language_of(lang)):
        outbox.enqueue(
            session,
            to=email,
            subject=_("Finish creating your Bazaar account"),
            body=_(
                "Open this link to choose a password and finish creating your account "
                "(it works for two days):\n\n%(link)s\n\nIf you did not ask for an account, "
                "ignore this email.",
                link=url_for("accounts.finish_signup", token=token, _external=True),
            ),
        )


def signup_for_existing_account(session: Session, *, email: str, lang: str | None) -> None:
    with force_locale(language_of(lang)):
        outbox.enqueue(
            session,
            to=email,
            subject=_("Someone tried to create a Bazaar account with your email"),
            body=_(
                "Someone asked to create a Bazaar account for this email, but you already "
                "have one. If it was you, log in: %(login)s\nForgot your password? Reset it: "
                "%(reset)s\n\nIf it was not you, ignore this email; your account is unchanged.",
                login=url_for("accounts.login", _external=True),
                reset=url_for("accounts.forgot_password", _external=True),
            ),
        )


def reset_link(session: Session, *, email: str, lang: str | None, token: str) -> None:
    with force_locale(language_of(lang)):
        outbox.enqueue(
            session,
            to=email,
            subject=_("Reset your Bazaar password"),
            body=_(
                "Open this link to choose a new password (it works once, for one hour):\n\n"
                "%(link)s\n\nIf you did not ask for this, ignore this email; your password "
                "is unchanged.",
                link=url_for("accounts.reset_password", token=token, _external=True),
            ),
        )


def reset_without_account(session: Session, *, email: str, lang: str | None) -> None:
    with force_locale(language_of(lang)):
        outbox.enqueue(
            session,
            to=email,
            subject=_("Reset your Bazaar password"),
            body=_(
                "Someone asked to reset the Bazaar password for this email, but no account "
                "uses it. To create one: %(register)s\n\nIf it was not you, ignore this email.",
                register=url_for("accounts.register", _external=True),
            ),
        )


def application_decided(session: Session, application: ShopApplication) -> None:
    """The applicant hears the decision on her shop, with the reason if it was turned down."""
    user = application.artisan.user
    with force_locale(language_of(user.locale)):
        if application.status == ApplicationStatus.APPROVED:
            subject = _("Your Bazaar shop is approved")
            body = _("Your application to sell on Bazaar is approved. You can now publish your "
                     "listings in your studio:\n\n%(link)s",
                     link=url_for("studio.index", _external=True))
        else:
            subject = _("Your application to sell on Bazaar")
            body = _("Your application to sell on Bazaar was not approved this time. The reason "
                     "given: %(reason)s\n\nYou can correct your shop's details and apply again:"
                     "\n\n%(link)s", reason=application.reason,
                     link=url_for("shop_application.apply", _external=True))
        outbox.enqueue(session, to=user.email, subject=subject, body=body)
