"""Applications of artisans who sell on their own, decided by the platform's admins (S05:
everyone else gets 404); the rules live in accounts/applications.py."""
from __future__ import annotations

from flask import Blueprint, render_template, url_for

from marketplace.accounts import applications
from marketplace.extensions import db
from marketplace.web.admin.access import platform_admins_only
from marketplace.web.forms import ActionForm
from marketplace.web.studio.applications import application_for_reviewer, decide

bp = Blueprint("admin_applications", __name__, url_prefix="/admin/applications")
bp.before_request(platform_admins_only)


@bp.get("/")
def queue():
    return render_template("admin/applications.html", action=ActionForm(),
                           waiting=applications.waiting(db.session, cooperative=None))


@bp.post("/<int:application_id>/approve")
def approve(application_id: int):
    return decide(application_for_reviewer(application_id), approve=True,
                  back=url_for("admin_applications.queue"))


@bp.post("/<int:application_id>/reject")
def reject(application_id: int):
    return decide(application_for_reviewer(application_id), approve=False,
                  back=url_for("admin_applications.queue"))
