"""What certificate holders are told by email, each in their own language (outbox, S31)."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.core.formatting import format_date
from marketplace.mail import outbox
from marketplace.mail.outbox import language_of
from marketplace.models import Certificate, CertificateStatus, User


def certificate_decided(session: Session, certificate: Certificate, users: list[User]) -> None:
    for user in users:
        lang = language_of(user.locale)
        with force_locale(lang):
            name = certificate.type.localized("name", lang)
            if certificate.status == CertificateStatus.VERIFIED:
                subject = _("Your certificate “%(name)s” is verified", name=name)
                body = _("Your certificate “%(name)s” (number %(number)s) is verified. Its badge "
                         "now shows on your listings.", name=name, number=certificate.number)
            else:
                subject = _("Your certificate “%(name)s” was not accepted", name=name)
                body = _("Your certificate “%(name)s” (number %(number)s) was not accepted: "
                         "%(reason)s\n\nYou can upload it again in your studio.", name=name,
                         number=certificate.number, reason=certificate.rejection_reason)
            outbox.enqueue(session, to=user.email, subject=subject, body=body)


def certificate_expires_soon(session: Session, certificate: Certificate,
                             users: list[User]) -> None:
    for user in users:
        lang = language_of(user.locale)
        with force_locale(lang):
            name = certificate.type.localized("name", lang)
            outbox.enqueue(
                session, to=user.email,
                subject=_("Your certificate “%(name)s” expires on %(date)s", name=name,
                          date=format_date(certificate.expires_on, lang)),
                body=_("Your certificate “%(name)s” (number %(number)s) expires on %(date)s. "
                       "After that day its badge no longer shows. When you have the renewed "
                       "certificate, upload it in your studio under Certificates.",
                       name=name, number=certificate.number,
                       date=format_date(certificate.expires_on, lang)),
            )
