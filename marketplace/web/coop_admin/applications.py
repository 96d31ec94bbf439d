"""Applications to sell under a cooperative, decided by its admins (404 for everyone else,
S03); approval makes the artisan an active member."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_login import login_required

from marketplace.accounts import applications
from marketplace.extensions import db
from marketplace.models import Cooperative, ShopApplication
from marketplace.web.coop_admin.views import cooperative_for_admin
from marketplace.web.forms import ActionForm
from marketplace.web.studio.applications import application_for_reviewer, decide

bp = Blueprint("coop_applications", __name__, url_prefix="/coop/<slug>/admin/applications")


@bp.get("/")
@login_required
def queue(slug: str):
    coop = cooperative_for_admin(slug)
    return render_template("cooperatives/applications.html", coop=coop, action=ActionForm(),
                           waiting=applications.waiting(db.session, cooperative=coop))


def _under(coop: Cooperative, application_id: int) -> ShopApplication:
    """An application under this cooperative (an admin of X and Y cannot reach X's under Y)."""
    application = application_for_reviewer(application_id)
    if application.cooperative_id != coop.id:
        abort(404)
    return application


@bp.post("/<int:application_id>/approve")
@login_required
def approve(slug: str, application_id: int):
    coop = cooperative_for_admin(slug)
    return decide(_under(coop, application_id), approve=True,
                  back=url_for("coop_applications.queue", slug=coop.slug))


@bp.post("/<int:application_id>/reject")
@login_required
def reject(slug: str, application_id: int):
    coop = cooperative_for_admin(slug)
    return decide(_under(coop, application_id), approve=False,
                  back=url_for("coop_applications.queue", slug=coop.slug))
