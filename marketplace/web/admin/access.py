"""The gate of every platform-admin blueprint (S05: everyone else gets 404, not 403)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from marketplace import permissions


def platform_admins_only() -> None:
    """A `before_request` hook: the blueprint's pages do not exist for anyone else."""
    if not permissions.is_platform_admin(current_user):
        abort(404)
