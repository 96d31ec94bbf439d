"""The shareholder portal (`/me/holdings`) and ambassador referral links (`?ref=CODE`).

A shareholder sees their own holdings and dividends and the cooperative's aggregate results;
never another holder's data (S07).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import Blueprint, Response, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.cooperatives import ledger, reports, shares
from marketplace.core.money import Money, total
from marketplace.extensions import db
from marketplace.insights import impact, periods
from marketplace.models import (
    Dividend,
    DividendAllocation,
    Shareholder,
    ShareMovement,
)
from marketplace.web.templating import current_lang

bp = Blueprint("holdings", __name__, url_prefix="/me")

@dataclass
class Holding:
    holder: Shareholder
    shares: int
    total_shares: int
    sales_12m: Money
    retained: Money
    allocations: list[DividendAllocation]
    referred_sales: Money
    referred_count: int
    impact: impact.Impact  # the cooperative's impact over the last 12 months

    @property
    def percent(self) -> Decimal:
        if not self.total_shares:
            return Decimal(0)
        return (Decimal(100 * self.shares) / self.total_shares).quantize(Decimal("0.01"))

    @property
    def owed(self) -> Money:
        return self._sum(paid=False)

    @property
    def paid(self) -> Money:
        return self._sum(paid=True)

    def _sum(self, *, paid: bool) -> Money:
        currency = self.retained.currency
        return total([Money(a.amount_minor, currency) for a in self.allocations
                      if (a.paid_at is not None) == paid], currency)


def _my_holdings() -> list[Holding]:
    holders = db.session.scalars(
        select(Shareholder).where(Shareholder.user_id == current_user.id)
        .options(selectinload(Shareholder.cooperative)).order_by(Shareholder.id)
    )
    result = []
    today = date.today()
    for holder in holders:
        coop = holder.cooperative
        currency = coop.currency
        held = shares.holdings(db.session, coop.id)
        rows = ledger.sales_rows(db.session, cooperative_id=coop.id)
        months = reports.monthly(rows, currency, "en", today)
        referred = [r for r in rows
                    if r.ambassador_id == holder.id and r.gross.currency == currency]
        allocations = list(db.session.scalars(
            select(DividendAllocation).where(DividendAllocation.shareholder_id == holder.id)
            .join(Dividend).options(selectinload(DividendAllocation.dividend))
            .order_by(Dividend.declared_at.desc())
        ))
        result.append(Holding(
            holder=holder, shares=held.get(holder.id, 0), total_shares=sum(held.values()),
            sales_12m=total([m for _, m in months], currency),
            retained=ledger.retained_earnings(db.session, coop.id, currency),
            allocations=allocations,
            referred_sales=total([r.gross for r in referred], currency),
            referred_count=len({r.transaction_id for r in referred if r.gross.amount_minor > 0}),
            impact=impact.figures(db.session, period=periods.last_12_months(today),
                                  scope=impact.Scope(cooperative=coop)),
        ))
    return result


@bp.get("/holdings")
@login_required
def holdings():
    mine = _my_holdings()
    links = {
        h.holder.id: url_for("storefront.cooperative", slug=h.holder.cooperative.slug,
                             ref=h.holder.referral_code, _external=True)
        for h in mine if h.holder.referral_code
    }
    return render_template("holdings/index.html", holdings=mine, links=links,
                           lang=current_lang())


def _cell(value: object) -> str:
    """Spreadsheet-safe text: a leading = + - @ would be run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/holdings/statement.csv")
@login_required
def statement():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "cooperative", "event", "shares", "amount", "currency"])
    for holding in _my_holdings():
        holder, coop = holding.holder, holding.holder.cooperative
        moves = db.session.scalars(
            select(ShareMovement).where(
                (ShareMovement.to_shareholder_id == holder.id)
                | (ShareMovement.from_shareholder_id == holder.id)
            ).order_by(ShareMovement.recorded_at, ShareMovement.id)
        )
        for move in moves:
            sign = 1 if move.to_shareholder_id == holder.id else -1
            event = f"shares {move.kind.value}" + (" in" if sign > 0 else " out") * (
                move.kind == "transfer")
            writer.writerow([move.recorded_at.date().isoformat(), _cell(coop.name_en), event,
                             sign * move.quantity, "", ""])
        for allocation in reversed(holding.allocations):
            dividend = allocation.dividend
            amount = str(Money(allocation.amount_minor, dividend.currency).to_decimal())
            writer.writerow([dividend.declared_at.date().isoformat(), _cell(coop.name_en),
                             "dividend declared", allocation.shares, amount, dividend.currency])
            if allocation.paid_at:
                writer.writerow([allocation.paid_at.date().isoformat(), _cell(coop.name_en),
                                 "dividend paid", "", amount, dividend.currency])
    return Response(
        out.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=bazaar-holdings.csv",
                 "Cache-Control": "no-store"},
    )
