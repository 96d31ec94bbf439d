"""Cooperative admin: members, listings to approve, commission, sales, shares and dividends.

Every route loads the cooperative by slug and checks `permissions.can_manage_cooperative`;
anyone but that cooperative's admins gets 404 (S03).
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import UTC, date, datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace import permissions
from marketplace.accounts.identity import normalise_email
from marketplace.catalog import listings
from marketplace.cooperatives import dividends, ledger, memberships, reports, shares
from marketplace.core.formatting import format_money, format_number
from marketplace.core.money import Money, total
from marketplace.extensions import db
from marketplace.insights import analytics, women_led
from marketplace.models import (
    ArtisanProfile,
    Category,
    Cooperative,
    County,
    DividendAllocation,
    Listing,
    ListingStatus,
    Membership,
    MembershipStatus,
    Shareholder,
    User,
    Village,
)
from marketplace.web.coop_admin.forms import (
    CommissionForm,
    DividendForm,
    InviteForm,
    IssueForm,
    PayoutForm,
    RedeemForm,
    ShareholderForm,
    TransferForm,
)
from marketplace.web.forms import ActionForm
from marketplace.web.impact.display import csv_response, period_from_request, preset_links
from marketplace.web.templating import current_lang

bp = Blueprint("cooperatives", __name__, url_prefix="/coop/<slug>/admin")


def cooperative_for_admin(slug: str) -> Cooperative:
    coop = db.first_or_404(select(Cooperative).where(Cooperative.slug == slug))
    if not permissions.can_manage_cooperative(current_user, coop):
        abort(404)
    return coop


def _of(coop: Cooperative, thing, allowed):
    """`thing` if it belongs to the cooperative in the URL and the admin may act on it; anything
    else, or nothing, is 404 (S03): an admin of X and Y cannot reach X's rows under Y's URL."""
    if thing is None or permissions.cooperative_id_of(thing) != coop.id \
            or not allowed(current_user, thing):
        abort(404)
    return thing


def _back(endpoint: str, coop: Cooperative):
    return redirect(url_for(endpoint, slug=coop.slug))


def _require(form) -> None:
    if not form.validate_on_submit():
        abort(400)


@bp.get("/")
@login_required
def dashboard(slug: str):
    coop = cooperative_for_admin(slug)
    form = CommissionForm()
    form.percent.data = coop.commission_bps / 100
    return _dashboard_page(coop, form)


def _dashboard_page(coop: Cooperative, commission_form: CommissionForm, status: int = 200):
    currency = coop.currency
    rows = ledger.sales_rows(db.session, cooperative_id=coop.id)
    listing_ids = {row.listing_id for row in rows if row.listing_id}
    owners = dict(db.session.execute(
        select(Listing.id, ArtisanProfile).join(ArtisanProfile)
        .where(Listing.id.in_(listing_ids))
    ).all()) if listing_ids else {}
    by_member: dict[ArtisanProfile, int] = defaultdict(int)
    by_ambassador: dict[int, int] = defaultdict(int)
    for row in rows:
        if row.gross.currency != currency:
            continue
        if row.listing_id in owners:
            by_member[owners[row.listing_id]] += row.gross.amount_minor
        if row.ambassador_id:
            by_ambassador[row.ambassador_id] += row.gross.amount_minor
    ambassadors = {h.id: h for h in db.session.scalars(
        select(Shareholder).where(Shareholder.id.in_(list(by_ambassador)))
        .options(selectinload(Shareholder.user)))}
    return render_template(
        "cooperatives/dashboard.html",
        coop=coop,
        bars=reports.bars(reports.monthly(rows, currency, current_lang(), date.today())),
        total_sales=total([r.gross for r in rows if r.gross.currency == currency], currency),
        retained=ledger.retained_earnings(db.session, coop.id, currency),
        by_member=sorted(((a, Money(v, currency)) for a, v in by_member.items()),
                         key=lambda item: -item[1].amount_minor),
        by_ambassador=[(ambassadors[h], Money(v, currency)) for h, v in by_ambassador.items()],
        pending=list(db.session.scalars(
            select(Listing).where(Listing.cooperative_id == coop.id,
                                  Listing.status == ListingStatus.PENDING_REVIEW)
            .options(selectinload(Listing.translations), selectinload(Listing.artisan))
        )),
        commission_form=commission_form,
        action=ActionForm(),
    ), status


@bp.post("/commission")
@login_required
def set_commission(slug: str):
    coop = cooperative_for_admin(slug)
    form = CommissionForm()
    if not form.validate_on_submit():
        return _dashboard_page(coop, form, status=400)
    coop.commission_bps = form.bps()
    db.session.commit()
    flash(_("Commission updated. It applies to sales from now on."), "success")
    return _back("cooperatives.dashboard", coop)


@bp.post("/listings/<int:listing_id>/review")
@login_required
def review_listing(slug: str, listing_id: int):
    coop = cooperative_for_admin(slug)
    listing = _of(coop, db.session.get(Listing, listing_id), permissions.can_review_listing)
    _require(ActionForm())
    approve = request.form.get("decision") == "approve"
    try:
        listings.review_listing(db.session, listing=listing, approve=approve)
    except listings.ListingError:
        abort(404)
    db.session.commit()
    flash(_("Listing approved and live.") if approve else _("Listing sent back to the artisan."),
          "success")
    return _back("cooperatives.dashboard", coop)


def _payout_form(coop: Cooperative, **kwargs) -> PayoutForm:
    form = PayoutForm(**kwargs)
    form.amount.currency = coop.currency
    form.artisan.choices = [(a.id, a.localized("display_name", current_lang()))
                            for a in coop.active_members]
    return form


@bp.get("/members")
@login_required
def members(slug: str):
    coop = cooperative_for_admin(slug)
    return _members_page(coop)


def _members_page(coop: Cooperative, *, invite_form: InviteForm | None = None,
                  payout_form: PayoutForm | None = None, status: int = 200):
    """The members page; a form sent back with its errors is shown as it was typed."""
    currency = coop.currency
    rows = list(db.session.scalars(
        select(Membership).where(Membership.cooperative_id == coop.id)
        .options(selectinload(Membership.artisan)).order_by(Membership.status, Membership.id)
    ))
    owed = {m.artisan_id: ledger.artisan_available(db.session, m.artisan_id, currency)
            for m in rows if m.status == MembershipStatus.ACTIVE}
    # What members owe their cooperatives for purchase rounds comes out of a payout first.
    owing = {m.artisan_id: ledger.owed_to_cooperatives(db.session, m.artisan_id, currency)
             for m in rows if m.status == MembershipStatus.ACTIVE}
    return render_template(
        "cooperatives/members.html", coop=coop, memberships=rows, owed=owed, owing=owing,
        invite_form=invite_form or InviteForm(formdata=None),
        payout_form=payout_form or _payout_form(coop, formdata=None),
        action=ActionForm(), currency=currency), status


@bp.post("/members/invite")
@login_required
def invite(slug: str):
    coop = cooperative_for_admin(slug)
    form = InviteForm()
    if not form.validate_on_submit():
        return _members_page(coop, invite_form=form, status=400)
    user = db.session.scalar(select(User).where(User.email == normalise_email(form.email.data)))
    if user is None or user.artisan_profile is None:
        form.email.errors.append(_("No artisan has an account with that email."))
        return _members_page(coop, invite_form=form, status=400)
    try:
        memberships.invite(db.session, cooperative=coop, artisan=user.artisan_profile)
    except memberships.AlreadyMember:
        db.session.rollback()
        form.email.errors.append(
            _("That artisan is already a member or has a pending request."))
        return _members_page(coop, invite_form=form, status=409)
    db.session.commit()
    flash(_("Invitation sent. It appears in the artisan's studio."), "success")
    return _back("cooperatives.members", coop)


@bp.post("/members/<int:membership_id>/approve")
@login_required
def approve_member(slug: str, membership_id: int):
    coop = cooperative_for_admin(slug)
    membership = _of(coop, db.session.get(Membership, membership_id),
                     permissions.can_manage_membership)
    _require(ActionForm())
    try:
        memberships.activate(db.session, membership=membership,
                             expected=MembershipStatus.PENDING)
    except memberships.WrongState:
        abort(404)
    db.session.commit()
    flash(_("Member approved."), "success")
    return _back("cooperatives.members", coop)


@bp.post("/members/payout")
@login_required
def record_payout(slug: str):
    coop = cooperative_for_admin(slug)
    form = _payout_form(coop)
    if not form.validate_on_submit():
        return _members_page(coop, payout_form=form, status=400)
    artisan = db.session.get(ArtisanProfile, form.artisan.data) or abort(404)
    amount = form.amount.money
    reference = f"payout:{secrets.token_hex(8)}"
    try:
        ledger.record_payout(db.session, artisan=artisan, amount=amount, reference=reference,
                             memo=form.note.data or "")
    except ledger.ExceedsBalance as exc:
        db.session.rollback()
        form.amount.errors.append(_(
            "That is more than can be paid to the artisan now (%(payable)s, after what they "
            "owe the cooperative).", payable=format_money(exc.available, current_lang())))
        return _members_page(coop, payout_form=form, status=409)
    settled = ledger.settled_with(db.session, reference)
    db.session.commit()
    flash(_("Payout recorded. %(settled)s went first to what the artisan owes for purchase "
            "rounds.", settled=format_money(settled, current_lang())) if settled
          else _("Payout recorded."), "success")
    return _back("cooperatives.members", coop)


def _holder_choices(coop: Cooperative) -> list[tuple[int, str]]:
    lang = current_lang()
    return [(row.shareholder.id,
             f"{row.shareholder.user.display_name} ({format_number(row.shares, lang)})")
            for row in shares.cap_table(db.session, coop)]


def _share_forms(coop: Cooperative, **kwargs) -> dict:
    choices = _holder_choices(coop)
    issue, transfer, redeem = (IssueForm(prefix="issue", **kwargs),
                               TransferForm(prefix="transfer", **kwargs),
                               RedeemForm(prefix="redeem", **kwargs))
    issue.shareholder.choices = redeem.shareholder.choices = choices
    transfer.giver.choices = transfer.receiver.choices = choices
    return {"issue_form": issue, "transfer_form": transfer, "redeem_form": redeem}


@bp.get("/shareholders")
@login_required
def shareholders(slug: str):
    coop = cooperative_for_admin(slug)
    return _shareholders_page(coop)


def _shareholders_page(coop: Cooperative, *, status: int = 200, **sent) -> tuple:
    """The shareholders page; `sent` holds a form sent back with its errors, as typed."""
    table = shares.cap_table(db.session, coop)
    names = {row.shareholder.id: row.shareholder.user.display_name for row in table}
    forms = {"register_form": ShareholderForm(formdata=None),
             **_share_forms(coop, formdata=None), **sent}
    return render_template(
        "cooperatives/shareholders.html", coop=coop, cap_table=table,
        total=sum(row.shares for row in table), names=names,
        movements=shares.movements(db.session, coop), **forms,
    ), status


@bp.post("/shareholders")
@login_required
def register_shareholder(slug: str):
    coop = cooperative_for_admin(slug)
    form = ShareholderForm()
    if not form.validate_on_submit():
        return _shareholders_page(coop, register_form=form, status=400)
    user = db.session.scalar(select(User).where(User.email == normalise_email(form.email.data)))
    if user is None:
        form.email.errors.append(
            _("There is no account with that email. Ask them to register first."))
        return _shareholders_page(coop, register_form=form, status=400)
    try:
        shares.register_shareholder(db.session, cooperative=coop, user=user,
                                    country_code=form.country.data,
                                    foreign_national=form.foreign_national.data)
    except shares.AlreadyShareholder:
        db.session.rollback()
        form.email.errors.append(_("Already a shareholder."))
        return _shareholders_page(coop, register_form=form, status=409)
    db.session.commit()
    flash(_("Shareholder registered."), "success")
    return _back("cooperatives.shareholders", coop)


def _holder(coop: Cooperative, shareholder_id: int) -> Shareholder:
    return _of(coop, db.session.get(Shareholder, shareholder_id),
               permissions.can_manage_shareholder)


@bp.post("/shares/<any(issue, transfer, redeem):kind>")
@login_required
def move_shares(slug: str, kind: str):
    coop = cooperative_for_admin(slug)
    name = f"{kind}_form"
    form = _share_forms(coop)[name]
    if not form.validate_on_submit():
        return _shareholders_page(coop, status=400, **{name: form})
    try:
        if kind == "issue":
            shares.issue(db.session, cooperative=coop, quantity=form.quantity.data,
                         shareholder=_holder(coop, form.shareholder.data), by=current_user)
        elif kind == "transfer":
            giver, receiver = _holder(coop, form.giver.data), _holder(coop, form.receiver.data)
            shares.transfer(db.session, cooperative=coop, giver=giver, receiver=receiver,
                            quantity=form.quantity.data, by=current_user)
        else:
            shares.redeem(db.session, cooperative=coop, quantity=form.quantity.data,
                          shareholder=_holder(coop, form.shareholder.data), by=current_user)
    except shares.InsufficientShares as exc:
        db.session.rollback()
        form.quantity.errors.append(_("Not enough shares: they hold %(n)s.",
                                      n=format_number(exc.held, current_lang())))
        return _shareholders_page(coop, status=409, **{name: form})
    db.session.commit()
    flash(_("The share register is updated."), "success")
    return _back("cooperatives.shareholders", coop)


@bp.get("/dividends")
@login_required
def dividend_list(slug: str):
    coop = cooperative_for_admin(slug)
    return _dividends_page(coop, DividendForm(formdata=None))


def _dividends_page(coop: Cooperative, form: DividendForm, status: int = 200):
    currency = coop.currency
    declared = dividends.of_cooperative(db.session, coop)
    holder_ids = {a.shareholder_id for d in declared for a in d.allocations}
    names = dict(db.session.execute(
        select(Shareholder.id, User.display_name).join(User, User.id == Shareholder.user_id)
        .where(Shareholder.id.in_(holder_ids))
    ).all()) if holder_ids else {}
    return render_template(
        "cooperatives/dividends.html", coop=coop, dividends=declared, names=names,
        retained=ledger.retained_earnings(db.session, coop.id, currency), currency=currency,
        form=form, action=ActionForm(),
    ), status


@bp.post("/dividends")
@login_required
def declare_dividend(slug: str):
    coop = cooperative_for_admin(slug)
    form = DividendForm()
    form.amount.currency = coop.currency
    if not form.validate_on_submit():
        return _dividends_page(coop, form, status=400)
    record_date = None
    if form.record_date.data:
        record_date = datetime.combine(form.record_date.data, time.max, tzinfo=UTC)
        if form.record_date.data >= date.today():
            record_date = None  # today (or later) means holders as of now
    try:
        dividends.declare(db.session, cooperative=coop,
                          amount=form.amount.money,
                          record_date=record_date, declared_by=current_user)
    except ledger.ExceedsBalance:
        db.session.rollback()
        form.amount.errors.append(
            _("A dividend cannot exceed the cooperative's retained earnings."))
        return _dividends_page(coop, form, status=409)
    except dividends.NoShares:
        db.session.rollback()
        form.record_date.errors.append(_("Nobody held shares on the record date."))
        return _dividends_page(coop, form, status=409)
    db.session.commit()
    flash(_("Dividend declared and allocated to the shareholders."), "success")
    return _back("cooperatives.dividend_list", coop)


@bp.post("/dividends/allocations/<int:allocation_id>/paid")
@login_required
def mark_allocation_paid(slug: str, allocation_id: int):
    coop = cooperative_for_admin(slug)
    allocation = _of(coop, db.session.get(DividendAllocation, allocation_id),
                     permissions.can_pay_allocation)
    _require(ActionForm())
    try:
        dividends.mark_paid(db.session, allocation=allocation)
    except dividends.AlreadyPaid:
        flash(_("Already marked as paid."), "info")
        return _back("cooperatives.dividend_list", coop)
    db.session.commit()
    flash(_("Marked as paid."), "success")
    return _back("cooperatives.dividend_list", coop)



@bp.post("/members/<int:membership_id>/women-led")
@login_required
def confirm_women_led(slug: str, membership_id: int):
    """The cooperative vouches for a member's own declaration that her shop is women-led."""
    coop = cooperative_for_admin(slug)
    membership = _of(coop, db.session.get(Membership, membership_id),
                     permissions.can_manage_membership)
    _require(ActionForm())
    try:
        women_led.confirm(db.session, cooperative=coop, membership=membership)
    except women_led.CannotConfirm:
        abort(404)
    db.session.commit()
    flash(_("Confirmed: %(name)s's shop is counted as women-led.",
            name=membership.artisan.localized("display_name", current_lang())), "success")
    return _back("cooperatives.members", coop)


ANALYTICS_TABLES = {"members": "artisan", "categories": "category", "regions": "village"}


def _named_rows(coop: Cooperative):
    """The period and the cooperative's sales per member, category and region, with names."""
    period = period_from_request()
    owner = analytics.Owner(cooperative_id=coop.id)
    tables = {name: analytics.breakdown(db.session, owner=owner, period=period, by=by)
              for name, by in ANALYTICS_TABLES.items()}

    def load(model, table: str, *options) -> dict:
        ids = {row.key for row in tables[table]}
        if not ids:
            return {}
        return {item.id: item for item in db.session.scalars(
            select(model).where(model.id.in_(ids)).options(*options))}

    names = {
        "members": load(ArtisanProfile, "members"),
        "categories": load(Category, "categories"),
        "regions": load(Village, "regions",
                        selectinload(Village.county).selectinload(County.province)),
    }
    return period, owner, tables, names


@bp.get("/analytics")
@login_required
def analytics_page(slug: str):
    coop = cooperative_for_admin(slug)
    period, owner, tables, names = _named_rows(coop)
    return render_template(
        "cooperatives/analytics.html", coop=coop, period=period, tables=tables, names=names,
        destinations=analytics.breakdown(db.session, owner=owner, period=period, by="domestic"),
        preset_links=preset_links("cooperatives.analytics_page", period, slug=coop.slug),
        csv_urls={table: url_for("cooperatives.analytics_csv", slug=coop.slug, table=table,
                                 **period.as_args()) for table in ANALYTICS_TABLES},
    )


@bp.get("/analytics/<any(members, categories, regions):table>.csv")
@login_required
def analytics_csv(slug: str, table: str):
    coop = cooperative_for_admin(slug)
    period, _owner, tables, names = _named_rows(coop)
    lang = current_lang()

    def name(key) -> list:
        thing = names[table].get(key)
        if table == "members":
            return [thing.slug, thing.localized("display_name", lang)] if thing else [key, ""]
        if table == "categories":
            return [thing.slug, thing.localized("name", lang)] if thing else [key, ""]
        if thing is None:
            return [key, "", "", ""]
        return [thing.slug, thing.localized("name", lang), thing.county.localized("name", lang),
                thing.county.province.localized("name", lang)]

    header = {"members": ["artisan", "name"], "categories": ["category", "name"],
              "regions": ["village", "name", "county", "province"]}[table]
    rows = [[*name(row.key), row.currency, row.gross.to_decimal(), row.artisan.to_decimal(),
             row.cooperative.to_decimal(), row.units, row.lines] for row in tables[table]]
    return csv_response(f"{coop.slug}-{table}-{period.start}-{period.end}.csv",
                        [*header, "currency", "sales", "members_share", "commission", "units",
                         "orders"], rows)
