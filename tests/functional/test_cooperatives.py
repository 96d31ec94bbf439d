"""Cooperative admin and the shareholder portal: each cooperative's data stays its own
(S03, S05, S06, S07); shares never go negative and dividends add up (S29, S30)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.commerce import fx
from marketplace.cooperatives import dividends, ledger, shares
from marketplace.core.money import Money
from marketplace.extensions import db
from marketplace.models import (
    DividendAllocation,
    LedgerTransaction,
    Listing,
    ListingStatus,
    Membership,
    MembershipStatus,
    Role,
    Shareholder,
    ShareMovement,
)
from tests import factories
from tests.conftest import csrf_token, login, set_language


def post(client, path, data=None):
    data = dict(data or {})
    data["csrf_token"] = csrf_token(client, "/")
    return client.post(path, data=data)


def sell(catalog, reference="order:1", amount=125_000_000, ambassador=None):
    return ledger.post_sale(
        db.session, reference=reference, artisan_id=catalog.weaver.id, ambassador_id=ambassador,
        lines=[ledger.SaleLine(catalog.kilim.id, Money(amount, "IRR"), 500, catalog.coop.id,
                               catalog.coop.commission_bps)])


@pytest.fixture
def world(catalog):
    """Jolfa (X) with its admin, shareholders and a sale; Bat Trang (Y) with its own admin."""
    other = factories.other_cooperative(db.session, catalog)
    admin_x = factories.coop_admin(db.session, catalog.coop, "admin-x@example.com")
    admin_y = factories.coop_admin(db.session, other, "admin-y@example.com")
    local = factories.user(db.session, "local@example.com", name="Reza Karimi")
    abroad = factories.user(db.session, "abroad@example.com", name="Sara Weber")
    h_local = shares.register_shareholder(db.session, cooperative=catalog.coop, user=local,
                                          country_code="IR")
    h_abroad = shares.register_shareholder(db.session, cooperative=catalog.coop, user=abroad,
                                           country_code="DE")
    shares.issue(db.session, cooperative=catalog.coop, shareholder=h_local, quantity=60)
    shares.issue(db.session, cooperative=catalog.coop, shareholder=h_abroad, quantity=40)
    sell(catalog, ambassador=h_abroad.id)
    dividend = dividends.declare(db.session, cooperative=catalog.coop,
                                 amount=Money(1_000_001, "IRR"))
    catalog.kilim.status = ListingStatus.PENDING_REVIEW
    pending = Membership(cooperative=catalog.coop, artisan=catalog.potter,
                         status=MembershipStatus.PENDING)
    db.session.add(pending)
    db.session.commit()
    return {"x": catalog.coop, "y": other, "admin_x": admin_x, "admin_y": admin_y,
            "h_local": h_local, "h_abroad": h_abroad, "dividend": dividend, "pending": pending,
            "catalog": catalog}


def coop_routes(world) -> tuple[list[str], list[tuple[str, dict]]]:
    x, catalog = world["x"], world["catalog"]
    base = f"/coop/{x.slug}/admin"
    allocation = world["dividend"].allocations[0]
    holders = [str(world["h_local"].id), str(world["h_abroad"].id)]
    gets = [f"{base}/", f"{base}/members", f"{base}/shareholders", f"{base}/dividends"]
    posts = [
        (f"{base}/commission", {"percent": "49"}),
        (f"{base}/listings/{catalog.kilim.id}/review", {"decision": "approve"}),
        (f"{base}/members/invite", {"email": "potter@example.com"}),
        (f"{base}/members/{world['pending'].id}/approve", {}),
        (f"{base}/members/payout", {"artisan": str(catalog.weaver.id), "amount": "1000"}),
        (f"{base}/shareholders", {"email": "admin-y@example.com", "country": "IR"}),
        (f"{base}/shares/issue", {"issue-shareholder": holders[0], "issue-quantity": "5"}),
        (f"{base}/shares/transfer", {"transfer-giver": holders[0], "transfer-receiver": holders[1],
                                     "transfer-quantity": "5"}),
        (f"{base}/shares/redeem", {"redeem-shareholder": holders[0], "redeem-quantity": "5"}),
        (f"{base}/dividends", {"amount": "10"}),
        (f"{base}/dividends/allocations/{allocation.id}/paid", {}),
    ]
    return gets, posts


def state(world) -> tuple:
    x = world["x"]
    db.session.expire_all()
    return (
        x.commission_bps,
        db.session.get(Listing, world["catalog"].kilim.id).status,
        db.session.scalar(select(func.count()).select_from(Membership)),
        db.session.get(Membership, world["pending"].id).status,
        db.session.scalar(select(func.count()).select_from(Shareholder)),
        db.session.scalar(select(func.count()).select_from(ShareMovement)),
        db.session.scalar(select(func.count()).select_from(LedgerTransaction)),
        db.session.scalar(select(func.count()).select_from(DividendAllocation)
                          .where(DividendAllocation.paid_at.is_not(None))),
    )


@pytest.mark.parametrize("who", ["admin-y@example.com", "weaver@example.com",
                                 "local@example.com", "abroad@example.com"])
def test_other_cooperatives_admins_and_members_get_404(client, world, who):
    """S03, S05: only cooperative X's admins reach X's admin pages; rows stay unchanged."""
    set_language(client, "en")
    login(client, who)
    gets, posts = coop_routes(world)
    before = state(world)
    for path in gets:
        assert client.get(path).status_code == 404, path
    for path, data in posts:
        assert post(client, path, data).status_code == 404, path
    assert state(world) == before


def test_admin_of_y_cannot_reach_x_objects_through_y_urls(client, world):
    """S03: X's allocation, listing, membership and shareholders under Y's slug are 404 too."""
    login(client, "admin-y@example.com")
    y = world["y"].slug
    before = state(world)
    allocation = world["dividend"].allocations[0]
    for path, data in [
        (f"/coop/{y}/admin/dividends/allocations/{allocation.id}/paid", {}),
        (f"/coop/{y}/admin/listings/{world['catalog'].kilim.id}/review", {"decision": "approve"}),
        (f"/coop/{y}/admin/members/{world['pending'].id}/approve", {}),
        (f"/coop/{y}/admin/shares/issue", {"issue-shareholder": str(world["h_local"].id),
                                            "issue-quantity": "5"}),
    ]:
        response = post(client, path, data)
        # 404, or Y's own form sent back refusing a shareholder Y does not have
        assert response.status_code in (400, 404), path
        assert "Reza Karimi" not in response.get_data(as_text=True)
    assert state(world) == before
    assert "Reza Karimi" not in client.get(f"/coop/{y}/admin/shareholders").get_data(as_text=True)


def test_admin_pages_work_for_their_admin(client, world):
    set_language(client, "en")
    login(client, "admin-x@example.com")
    base = f"/coop/{world['x'].slug}/admin"
    for path in ["/", "/members", "/shareholders", "/dividends"]:
        assert client.get(base + path).status_code == 200, path
    dashboard = client.get(base + "/").get_data(as_text=True)
    assert "Sara Weber" in dashboard  # the ambassador behind the sale
    assert "Handwoven Jolfa kilim" in dashboard  # awaiting approval


def test_admin_runs_the_cooperative(client, world):
    """Commission, approval, members, the share register and a dividend, end to end."""
    login(client, "admin-x@example.com")
    x, catalog = world["x"], world["catalog"]
    base = f"/coop/{x.slug}/admin"
    post(client, f"{base}/commission", {"percent": "12.5", "cooperative_id": "999"})
    post(client, f"{base}/listings/{catalog.kilim.id}/review", {"decision": "approve"})
    post(client, f"{base}/members/{world['pending'].id}/approve")
    db.session.expire_all()
    assert x.commission_bps == 1250
    assert db.session.get(Listing, catalog.kilim.id).status == ListingStatus.ACTIVE
    assert db.session.get(Membership, world["pending"].id).status == MembershipStatus.ACTIVE

    h_local, h_abroad = world["h_local"], world["h_abroad"]
    post(client, f"{base}/shares/transfer", {"transfer-giver": h_local.id,
         "transfer-receiver": h_abroad.id, "transfer-quantity": "10", "shares": "999999"})
    post(client, f"{base}/shares/redeem", {"redeem-shareholder": h_abroad.id,
                                            "redeem-quantity": "51"})  # holds 50: refused
    assert shares.holdings(db.session, x.id) == {h_local.id: 50, h_abroad.id: 50}

    retained = ledger.retained_earnings(db.session, x.id, "IRR").amount_minor
    too_much = post(client, f"{base}/dividends", {"amount": str(retained // 10 + 1)})
    assert too_much.status_code == 409
    page = too_much.get_data(as_text=True)
    assert "سود سهام نمی‌تواند از سود انباشته تعاونی بیشتر باشد." in page
    assert f'value="{retained // 10 + 1}"' in page  # what was typed is still there
    assert len(dividends.of_cooperative(db.session, x)) == 1
    post(client, f"{base}/dividends", {"amount": "33333", "status": "paid"})  # toman
    newest = dividends.of_cooperative(db.session, x)[0]
    assert newest.amount_minor == 333_330
    # 33,333 toman between two equal holders: whole toman each, never 16,666.5.
    assert sorted(a.amount_minor for a in newest.allocations) == [166_660, 166_670]
    assert all(a.paid_at is None for a in newest.allocations)
    post(client, f"{base}/dividends/allocations/{newest.allocations[0].id}/paid")
    db.session.expire_all()
    assert newest.allocations[0].paid_at is not None
    assert ledger.verify(db.session) == []


def test_register_shareholder_marks_foreign_residents(client, world):
    login(client, "admin-x@example.com")
    factories.user(db.session, "newcomer@example.com")
    db.session.commit()
    post(client, f"/coop/{world['x'].slug}/admin/shareholders",
         {"email": "newcomer@example.com", "country": "ca", "is_foreign": "n",
          "referral_code": "MINE"})
    holder = db.session.scalar(select(Shareholder).order_by(Shareholder.id.desc()))
    assert holder.country_code == "CA" and holder.is_foreign
    assert holder.referral_code != "MINE" and len(holder.referral_code) == 8


def test_holdings_show_only_my_own(client, world):
    """S07: a shareholder sees their holding and the cooperative's totals, no one else's."""
    set_language(client, "en")
    login(client, "abroad@example.com")
    html = client.get("/me/holdings").get_data(as_text=True)
    assert "Jolfa Handicraft Cooperative" in html
    assert world["h_abroad"].referral_code in html
    assert "1 order came through your link" in html
    assert "Reza Karimi" not in html and "local@example.com" not in html
    csv = client.get("/me/holdings/statement.csv")
    assert csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True)
    assert "dividend declared" in text and "shares issue" in text
    assert "Reza" not in text
    mine = world["dividend"].allocations
    share = next(a for a in mine if a.shareholder_id == world["h_abroad"].id)
    assert str(Money(share.amount_minor, "IRR").to_decimal()) in text


def test_a_shareholder_abroad_reads_rial_amounts_in_their_own_currency_too(client, world):
    fx.set_rate(db.session, "USD", "0.0000238")
    db.session.commit()
    set_language(client, "en")
    login(client, "abroad@example.com")
    html = client.get("/me/holdings").get_data(as_text=True)
    # 40 of 100 shares of a 1,000,001-rial dividend: 400,000 rials (40,000 toman), about $9.52.
    assert "40,000 toman" in html and "≈ $9.52" in html
    set_language(client, "fa")
    assert "≈" not in client.get("/me/holdings").get_data(as_text=True)  # toman readers


def test_someone_without_holdings_sees_none(client, world):
    factories.user(db.session, "nobody@example.com", Role.SHOPPER)
    db.session.commit()
    set_language(client, "en")
    login(client, "nobody@example.com")
    html = client.get("/me/holdings").get_data(as_text=True)
    assert "You hold no cooperative shares." in html
    assert "Sara Weber" not in html


def test_referral_link_is_remembered_for_checkout(client, world):
    code = world["h_abroad"].referral_code
    client.get(f"/coops/{world['x'].slug}?ref={code}")
    with client.session_transaction() as session:
        assert session["ref"] == code
    client.get("/?ref=NOTACODE")
    with client.session_transaction() as session:
        assert session["ref"] == code


def test_artisan_accepts_an_invitation(client, world):
    login(client, "admin-x@example.com")
    post(client, f"/coop/{world['y'].slug}/admin/members/invite", {"email": "weaver@example.com"})
    assert db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.cooperative_id == world["y"].id)) == 1  # X's admin invited nobody to Y
    post(client, "/account/logout")
    login(client, "admin-y@example.com")
    post(client, f"/coop/{world['y'].slug}/admin/members/invite", {"email": "weaver@example.com"})
    invitation = db.session.scalar(select(Membership).where(
        Membership.cooperative_id == world["y"].id,
        Membership.artisan_id == world["catalog"].weaver.id))
    assert invitation.status == MembershipStatus.INVITED
    post(client, "/account/logout")
    login(client, "weaver@example.com")
    post(client, f"/studio/memberships/{invitation.id}/accept")
    db.session.expire_all()
    assert invitation.status == MembershipStatus.ACTIVE


def test_an_invitation_with_a_mistyped_email_comes_back_with_the_reason_and_what_was_typed(
        client, world):
    login(client, "admin-y@example.com")
    set_language(client, "en")
    invite = f"/coop/{world['y'].slug}/admin/members/invite"
    before = state(world)
    for typed, reason in (("weaver@example,com", "does not look like an email address"),
                          ("nobody@example.com", "No artisan has an account with that email.")):
        response = post(client, invite, {"email": typed})
        page = response.get_data(as_text=True)
        assert response.status_code == 400, typed
        assert reason in page and f'value="{typed}"' in page
    assert state(world) == before
