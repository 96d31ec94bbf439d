"""Artisans joining cooperatives through `cooperatives.memberships`: an admin invites and the
artisan accepts, or the artisan asks and an admin approves; nobody joins twice."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.cooperatives import memberships
from marketplace.extensions import db
from marketplace.models import Membership, MembershipStatus
from tests import factories

INVITED, PENDING = MembershipStatus.INVITED, MembershipStatus.PENDING
ACTIVE = MembershipStatus.ACTIVE


def rows(coop, artisan) -> list[tuple[MembershipStatus]]:
    return db.session.execute(select(Membership.status).where(
        Membership.cooperative_id == coop.id, Membership.artisan_id == artisan.id)).all()


def test_an_invited_artisan_who_accepts_becomes_a_member(catalog):
    invitation = memberships.invite(db.session, cooperative=catalog.coop, artisan=catalog.potter)
    assert rows(catalog.coop, catalog.potter) == [(INVITED,)]
    accepted = memberships.activate(db.session, membership=invitation, expected=INVITED)
    assert accepted is invitation
    assert rows(catalog.coop, catalog.potter) == [(ACTIVE,)]


def test_an_artisan_who_asks_to_join_is_a_member_once_an_admin_approves(catalog):
    asked = memberships.request_to_join(db.session, cooperative=catalog.coop,
                                        artisan=catalog.potter)
    assert rows(catalog.coop, catalog.potter) == [(PENDING,)]
    memberships.activate(db.session, membership=asked, expected=PENDING)
    assert rows(catalog.coop, catalog.potter) == [(ACTIVE,)]


@pytest.mark.parametrize(("opened_by", "expected"), [
    ("invite", PENDING),  # an admin's approval page cannot accept an invitation for her
    ("request_to_join", INVITED),  # nor can an artisan accept a request she sent herself
])
def test_an_invitation_and_a_request_cannot_be_confused(catalog, opened_by, expected):
    opened = getattr(memberships, opened_by)(db.session, cooperative=catalog.coop,
                                             artisan=catalog.potter)
    before = opened.status
    with pytest.raises(memberships.WrongState):
        memberships.activate(db.session, membership=opened, expected=expected)
    assert rows(catalog.coop, catalog.potter) == [(before,)]


@pytest.mark.parametrize("expected", [INVITED, PENDING])
def test_an_active_membership_is_not_activated_again(catalog, expected):
    weaver_in_jolfa = next(m for m in catalog.coop.memberships
                           if m.artisan_id == catalog.weaver.id)
    with pytest.raises(memberships.WrongState):
        memberships.activate(db.session, membership=weaver_in_jolfa, expected=expected)
    assert weaver_in_jolfa.status == ACTIVE


@pytest.mark.parametrize("first", ["invite", "request_to_join"])
@pytest.mark.parametrize("second", ["invite", "request_to_join"])
def test_nobody_is_invited_or_asks_twice(catalog, first, second):
    getattr(memberships, first)(db.session, cooperative=catalog.coop, artisan=catalog.potter)
    before = rows(catalog.coop, catalog.potter)
    with pytest.raises(memberships.AlreadyMember):
        getattr(memberships, second)(db.session, cooperative=catalog.coop,
                                     artisan=catalog.potter)
    assert rows(catalog.coop, catalog.potter) == before


@pytest.mark.parametrize("opening", ["invite", "request_to_join"])
def test_a_member_cannot_be_invited_or_ask_again(catalog, opening):
    with pytest.raises(memberships.AlreadyMember):
        getattr(memberships, opening)(db.session, cooperative=catalog.coop,
                                      artisan=catalog.weaver)
    assert rows(catalog.coop, catalog.weaver) == [(ACTIVE,)]


def test_a_former_member_can_be_invited_back_on_the_same_membership(catalog):
    weaver_in_jolfa = next(m for m in catalog.coop.memberships
                           if m.artisan_id == catalog.weaver.id)
    weaver_in_jolfa.status = MembershipStatus.LEFT  # no service lets a member leave yet
    db.session.flush()
    again = memberships.invite(db.session, cooperative=catalog.coop, artisan=catalog.weaver)
    assert again.id == weaver_in_jolfa.id
    assert rows(catalog.coop, catalog.weaver) == [(INVITED,)]


def test_belonging_to_one_cooperative_does_not_stop_joining_another(catalog):
    bat_trang = factories.other_cooperative(db.session, catalog)
    memberships.invite(db.session, cooperative=catalog.coop, artisan=catalog.potter)
    assert rows(bat_trang, catalog.potter) == [(ACTIVE,)]
    assert rows(catalog.coop, catalog.potter) == [(INVITED,)]
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 3
