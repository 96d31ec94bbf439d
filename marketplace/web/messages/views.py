"""Messages. Load → `permissions.can_read_conversation` (404 for anyone else, S45) → service →
commit. Sending is rate limited per sender, across every way of sending."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from marketplace import permissions
from marketplace.catalog import listings
from marketplace.commerce import messages
from marketplace.extensions import db, limiter
from marketplace.models import Conversation, Listing, Order
from marketplace.web.messages.forms import CooperativeForm, MessageForm, OfferForm
from marketplace.web.templating import current_lang

bp = Blueprint("messages", __name__, url_prefix="/messages")


def _sender() -> str:
    """Rate-limit key: the signed-in sender (anonymous POSTs are turned away by login)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


_sending = limiter.shared_limit(lambda: current_app.config["MESSAGE_RATE_LIMIT"],
                                scope="messages", key_func=_sender, methods=["POST"])
_asking = limiter.limit(lambda: current_app.config["QUESTION_RATE_LIMIT"], key_func=_sender,
                        methods=["POST"])


def conversation_for_participant(conversation_id: int) -> Conversation:
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None or not permissions.can_read_conversation(current_user,
                                                                     conversation):
        abort(404)
    return conversation


def _order_for_its_two(order_id: int) -> Order:
    order = db.session.get(Order, order_id)
    if order is None or not permissions.can_write_about_order(current_user, order):
        abort(404)
    return order


def _askable(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        abort(404)
    try:
        messages.check_can_ask(current_user, listing)
    except messages.CannotAsk:
        abort(404)
    return listing


@bp.get("/")
@login_required
def inbox():
    return render_template("messages/inbox.html", rows=messages.inbox(db.session, current_user))


@bp.get("/<int:conversation_id>")
@login_required
def thread(conversation_id: int):
    """Opening a conversation marks it read for the reader: her own bookkeeping, which nobody
    else sees or acts on."""
    conversation = conversation_for_participant(conversation_id)
    messages.mark_read(db.session, conversation=conversation, user=current_user)
    db.session.commit()
    return _thread_page(conversation, MessageForm(formdata=None))


def _thread_page(conversation: Conversation, form: MessageForm,
                 offer_form: OfferForm | None = None) -> str:
    seller = permissions.is_seller_in(current_user, conversation)
    if offer_form is None and seller and conversation.listing is not None:
        offer_form = _offer_form(conversation, bind=False)
    invite = None
    if seller and messages.cooperatives_to_ask(conversation):
        invite = _cooperative_form(conversation)
    return render_template(
        "messages/thread.html", conversation=conversation, form=form,
        offer_form=offer_form if seller else None, invite_form=invite,
        links=messages.links_allowed(db.session, conversation),
        subject=messages.subject_of(conversation, current_lang()),
    )


@bp.post("/<int:conversation_id>")
@login_required
@_sending
def reply(conversation_id: int):
    conversation = conversation_for_participant(conversation_id)
    form = MessageForm()
    if not form.validate_on_submit():
        return _thread_page(conversation, form), 400
    messages.post(db.session, conversation=conversation, sender=current_user,
                  body=form.body.data)
    db.session.commit()
    return redirect(url_for("messages.thread", conversation_id=conversation.id,
                            _anchor="latest"))


def _offer_form(conversation: Conversation, *, bind: bool = True) -> OfferForm:
    form = OfferForm() if bind else OfferForm(formdata=None)
    form.price.currency = conversation.artisan.currency
    if not bind:
        original = conversation.listing.text("fa")
        form.title_fa.data = original.title
        english = conversation.listing.text("en")
        form.title_en.data = english.title if english.lang == "en" else ""
        form.prep_days.data = conversation.listing.prep_days
    return form


@bp.post("/<int:conversation_id>/offer")
@login_required
@_sending
def offer(conversation_id: int):
    """The artisan turns a question into a piece made for this shopper (reserved for her)."""
    conversation = conversation_for_participant(conversation_id)
    if not permissions.is_seller_in(current_user, conversation) or conversation.listing is None:
        abort(404)
    form = _offer_form(conversation)
    if not form.validate_on_submit():
        return _thread_page(conversation, MessageForm(formdata=None), form), 400
    texts = {"fa": listings.ListingText(form.title_fa.data, form.description.data or "")}
    if (form.title_en.data or "").strip():
        texts["en"] = listings.ListingText(form.title_en.data, form.description.data or "")
    try:
        messages.make_offer(db.session, conversation=conversation, by=current_user, texts=texts,
                            price_minor=form.price.money.amount_minor,
                            prep_days=form.prep_days.data, note=form.note.data or "")
    except listings.ShopNotApproved:
        db.session.rollback()
        flash(_("Your shop is not approved yet, so it cannot offer pieces for sale."), "error")
        return redirect(url_for("messages.thread", conversation_id=conversation.id)), 303
    except listings.NotAMember:
        db.session.rollback()
        flash(_("You are no longer a member of the cooperative this piece is sold under."),
              "error")
        return redirect(url_for("messages.thread", conversation_id=conversation.id)), 303
    db.session.commit()
    flash(_("Offer sent. Only this shopper can see and buy the piece."), "success")
    return redirect(url_for("messages.thread", conversation_id=conversation.id,
                            _anchor="latest"))


def _cooperative_form(conversation: Conversation) -> CooperativeForm:
    form = CooperativeForm()
    lang = current_lang()
    form.cooperative.choices = [(c.id, c.localized("name", lang))
                                for c in messages.cooperatives_to_ask(conversation)]
    return form


@bp.post("/<int:conversation_id>/cooperative")
@login_required
def ask_cooperative(conversation_id: int):
    """The artisan asks her cooperative's admins into an order's conversation."""
    conversation = conversation_for_participant(conversation_id)
    if not permissions.is_seller_in(current_user, conversation):
        abort(404)
    form = _cooperative_form(conversation)
    if not form.validate_on_submit():
        abort(400)
    cooperative = next(c for c in messages.cooperatives_to_ask(conversation)
                       if c.id == form.cooperative.data)
    messages.ask_cooperative_in(db.session, conversation=conversation, cooperative=cooperative)
    db.session.commit()
    flash(_("%(coop)s's admins can now read and answer this conversation.",
            coop=cooperative.localized("name", current_lang())), "success")
    return redirect(url_for("messages.thread", conversation_id=conversation.id))


@bp.route("/ask/<int:listing_id>", methods=["GET", "POST"])
@login_required
@_sending
@_asking
def ask(listing_id: int):
    """A question about a listing before buying (a size, a colour, a date)."""
    listing = _askable(listing_id)
    existing = messages.question_about(db.session, shopper=current_user, listing=listing)
    if existing is not None and request.method == "GET":
        return redirect(url_for("messages.thread", conversation_id=existing.id))
    form = MessageForm()
    if not form.validate_on_submit():
        return render_template("messages/start.html", form=form, listing=listing,
                               order=None), 400 if form.errors else 200
    message = messages.ask(db.session, shopper=current_user, listing=listing,
                           body=form.body.data)
    db.session.commit()
    flash(_("Sent. You will get an email when the artisan answers."), "success")
    return redirect(url_for("messages.thread", conversation_id=message.conversation_id))


@bp.route("/orders/<int:order_id>", methods=["GET", "POST"])
@login_required
@_sending
def about_order(order_id: int):
    """The conversation of an order, between its buyer and its artisan."""
    order = _order_for_its_two(order_id)
    existing = messages.about_order(db.session, order)
    if existing is not None and request.method == "GET":
        return redirect(url_for("messages.thread", conversation_id=existing.id))
    form = MessageForm()
    if not form.validate_on_submit():
        return render_template("messages/start.html", form=form, listing=None,
                               order=order), 400 if form.errors else 200
    message = messages.write_about_order(db.session, order=order, sender=current_user,
                                         body=form.body.data)
    db.session.commit()
    return redirect(url_for("messages.thread", conversation_id=message.conversation_id))
