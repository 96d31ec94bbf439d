"""Forms every blueprint shares."""
from __future__ import annotations

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A button that changes something: only a CSRF token (S15)."""
