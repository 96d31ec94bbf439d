from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

MAX_DOCUMENT_BYTES = 64 * 1024


class VerifyForm(FlaskForm):
    """A certificate to check: pasted, or the downloaded file."""

    document = TextAreaField(_l("Certificate (JSON)"),
                             validators=[Optional(), Length(max=MAX_DOCUMENT_BYTES)])
    upload = FileField(_l("…or its file"))

    def text(self) -> str | None:
        """The certificate's text, from the file if one was chosen; None if neither is usable."""
        upload = self.upload.data
        if upload and getattr(upload, "filename", ""):
            raw = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
            if len(raw) > MAX_DOCUMENT_BYTES:
                return None
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return None
        text = (self.document.data or "").strip()
        return text or None
