"""Messages between a shopper and an artisan: a question before buying, an order's
conversation, offers, and who may read what (S45)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.commerce import messages
from marketplace.extensions import db
from marketplace.models import Conversation, Listing, MailOutbox, Message
from tests import factories
from tests.conftest import csrf_token, login, set_language
from tests.unit.test_ledger_orders import paid_order


def signed_in(app, email: str):
    client = app.test_client()
    set_language(client, "en")
    login(client, email)
    return client


def post(client, path: str, data: dict | None = None):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/")})


@pytest.fixture
def people(app, shop):
    """The shop's people, plus an admin of the weaver's cooperative."""
    factories.coop_admin(db.session, shop.catalog.coop, "coop@example.com")
    db.session.commit()
    return shop


def ask_about_kilim(app, shop) -> Conversation:
    leila = signed_in(app, "leila@example.com")
    response = post(leila, f"/messages/ask/{shop.catalog.kilim.id}",
                    {"body": "Could you weave it 2 metres long, in indigo?"})
    assert response.status_code == 302
    return db.session.scalar(select(Conversation))


def test_a_shopper_asks_about_a_kilim_and_the_weaver_answers(app, people):
    conversation = ask_about_kilim(app, people)
    assert conversation.listing_id == people.catalog.kilim.id
    assert db.session.scalar(select(MailOutbox.to).order_by(MailOutbox.id.desc())) \
        == "weaver@example.com"

    weaver = signed_in(app, "weaver@example.com")
    maryam = people.catalog.weaver.user
    assert messages.unread_count(db.session, maryam) == 1
    assert "Handwoven Jolfa kilim" in weaver.get("/messages/").get_data(as_text=True)
    page = weaver.get(f"/messages/{conversation.id}").get_data(as_text=True)
    assert "2 metres long, in indigo" in page
    assert messages.unread_count(db.session, maryam) == 0
    assert post(weaver, f"/messages/{conversation.id}",
                {"body": "Yes, in six weeks."}).status_code == 302

    leila = signed_in(app, "leila@example.com")
    assert "Yes, in six weeks." in leila.get(f"/messages/{conversation.id}").get_data(
        as_text=True)
    assert [m.body for m in db.session.scalars(select(Message).order_by(Message.id))] == [
        "Could you weave it 2 metres long, in indigo?", "Yes, in six weeks."]


def test_asking_again_about_the_same_listing_continues_the_same_conversation(app, people):
    first = ask_about_kilim(app, people)
    leila = signed_in(app, "leila@example.com")
    response = leila.get(f"/messages/ask/{people.catalog.kilim.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/messages/{first.id}")
    assert db.session.scalar(select(Conversation.id).where(Conversation.id != first.id)) is None


def test_an_empty_message_is_refused_with_the_form_again(app, people):
    conversation = ask_about_kilim(app, people)
    weaver = signed_in(app, "weaver@example.com")
    assert post(weaver, f"/messages/{conversation.id}", {"body": "   "}).status_code == 400
    assert db.session.query(Message).count() == 1


def test_a_conversation_is_readable_and_writable_only_by_its_two_people(app, people):
    """S45: a stranger, another artisan and the cooperative's admin (not asked in) get 404 on
    every message URL of someone else's conversation; nothing is written."""
    conversation = ask_about_kilim(app, people)
    urls = [("get", f"/messages/{conversation.id}"),
            ("post", f"/messages/{conversation.id}"),
            ("post", f"/messages/{conversation.id}/offer"),
            ("post", f"/messages/{conversation.id}/cooperative")]
    for email in ("sam@example.com", "potter@example.com", "coop@example.com",
                  "admin@example.com"):
        outsider = signed_in(app, email)
        assert "Handwoven Jolfa kilim" not in outsider.get("/messages/").get_data(as_text=True)
        for method, url in urls:
            if method == "get":
                response = outsider.get(url)
            else:
                response = post(outsider, url, {"body": "let me in", "cooperative": "1"})
            assert response.status_code == 404, (email, url)
    assert db.session.query(Message).count() == 1
    anonymous = app.test_client()
    assert anonymous.get(f"/messages/{conversation.id}").status_code == 302


def test_only_the_artisan_makes_an_offer_in_a_question(app, people):
    """S45: the shopper cannot make an offer in her own question (only the seller can)."""
    conversation = ask_about_kilim(app, people)
    offer = {"title_fa": "گلیم نیلی", "title_en": "Indigo kilim", "price": "3000000",
             "prep_days": "40", "note": "Made for you"}
    leila = signed_in(app, "leila@example.com")
    assert post(leila, f"/messages/{conversation.id}/offer", offer).status_code == 404
    weaver = signed_in(app, "weaver@example.com")
    assert post(weaver, f"/messages/{conversation.id}/offer", offer).status_code == 302
    piece = db.session.scalar(select(Listing).where(Listing.reserved_for_id.is_not(None)))
    assert piece.reserved_for_id == people.shopper.id
    assert piece.price_minor == 30_000_000  # typed in toman, stored in rials
    assert "Indigo kilim" in leila.get(f"/messages/{conversation.id}").get_data(as_text=True)


def test_an_orders_conversation_lets_the_cooperative_in_only_when_the_artisan_asks(app, people):
    """S45: the buyer and the artisan write about an order; a stranger cannot even start it;
    the cooperative's admins read it only once the artisan asks them in."""
    order = paid_order(people.catalog, people.shopper)
    db.session.commit()
    sam = signed_in(app, "sam@example.com")
    assert post(sam, f"/messages/orders/{order.id}", {"body": "hi"}).status_code == 404
    assert sam.get(f"/messages/orders/{order.id}").status_code == 404

    leila = signed_in(app, "leila@example.com")
    assert post(leila, f"/messages/orders/{order.id}",
                {"body": "Please ship before Nowruz."}).status_code == 302
    conversation = db.session.scalar(select(Conversation).where(Conversation.order_id == order.id))

    coop = signed_in(app, "coop@example.com")
    assert coop.get(f"/messages/{conversation.id}").status_code == 404
    weaver = signed_in(app, "weaver@example.com")
    assert post(weaver, f"/messages/{conversation.id}/cooperative",
                {"cooperative": str(people.catalog.coop.id)}).status_code == 302
    assert "before Nowruz" in coop.get(f"/messages/{conversation.id}").get_data(as_text=True)
    assert post(coop, f"/messages/{conversation.id}",
                {"body": "We will ship it on Monday."}).status_code == 302
