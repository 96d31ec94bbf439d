"""Demo reviews, answers, favourites and follows, so listing pages, storefronts and the studio
show how strangers come to trust a village shop after `make run`.

The Persian shopper's paid orders (from `cooperative_money`) are shipped and delivered, and
most are reviewed in Persian; the shopper abroad buys a few pieces by card and reviews them in
English. Artisans answer some, in their own language. Everything goes through the shop's
services (ordering, reviews, favourites, following); only the dates are set in the past, and
one order of the demo artisan is left shipped, for her to mark delivered and its buyer to
review (tests/e2e/test_reviews_and_favourites.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from random import Random

from PIL import Image
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from config import Config
from marketplace.catalog import favourites, following, reviews
from marketplace.commerce import carts, fx, hold_limits, ordering
from marketplace.core import signing
from marketplace.core.images import StoredImage, thumbnails
from marketplace.demo import images
from marketplace.models import (
    ArtisanProfile,
    Checkout,
    Cooperative,
    LedgerTransaction,
    Listing,
    ListingStatus,
    Order,
    OrderEvent,
    OrderStatus,
    PaymentMethod,
    Review,
    TransactionKind,
    User,
)

SHOPPER = "shopper@bazaar.test"  # مریم تهرانی, in Tehran
BUYER = "buyer@bazaar.test"  # Sophie Laurent, in Lyon
ARTISAN_LOGIN = "artisan@bazaar.test"
POLICY = reviews.ReviewPolicy(window=timedelta(days=Config.REVIEW_WINDOW_DAYS))

# (stars, words, the artisan's answer or None): about any handmade piece, as buyers write.
PERSIAN_REVIEWS = (
    (5, "دقیقاً همان چیزی بود که در عکس‌ها دیدم. دست‌ساز بودنش از نزدیک کاملاً پیداست و "
        "بسته‌بندی هم بی‌نقص بود.", None),
    (5, "زودتر از انتظارم رسید. کیفیت کار عالی است؛ دست هنرمندش درد نکند.",
     "خوشحالم که پسندیدید. قدمتان روی چشم!"),
    (4, "خیلی زیباست، ولی کمی کوچک‌تر از چیزی بود که تصور می‌کردم. کاش ابعاد را کنار یک "
        "وسیله آشنا نشان می‌دادند.",
     "ممنون از نظرتان. از این به بعد در عکس‌ها اندازه را کنار متر نشان می‌دهیم تا انتخاب "
     "راحت‌تر باشد."),
    (5, "برای هدیه خریدم و حسابی به دل نشست. رنگ‌ها گرم و طبیعی‌اند.", None),
    (3, "کار تمیز و ظریفی است، فقط بسته‌بندی می‌توانست محکم‌تر باشد؛ یک گوشه‌اش کمی آسیب "
        "دیده بود.",
     "بابت بسته‌بندی عذر می‌خواهم. از این پس کارها را در جعبه محکم و پارچه می‌فرستیم. ممنون "
     "که گفتید."),
    (5, "دومین خریدم از این تعاونی است و باز هم راضی‌ام. قیمتش برای کار دست منصفانه است.",
     None),
    (4, "رنگش در عکس کمی روشن‌تر بود، ولی در نور روز خیلی زیباست.", None),
    (5, "معلوم است با حوصله ساخته شده. خوشحالم که مستقیم از خود هنرمند خریدم.", None),
    (4, "ارسال کمی طول کشید، اما فروشنده مرتب خبر می‌داد. در نهایت راضی‌ام.",
     "ممنون از صبرتان. آن هفته جاده روستا بسته بود؛ خوشحالم که سالم رسید."),
    (5, "جنسش عالی است و همان‌طور که در توضیحات نوشته بود از مواد طبیعی ساخته شده.", None),
    (3, "قشنگ است، ولی با این قیمت انتظار ظرافت بیشتری داشتم.",
     "ممنون که نوشتید. هر قطعه هفته‌ها کار می‌برد، ولی نظرتان را در کارهای بعدی در نظر "
     "می‌گیرم."),
    (5, "همه مهمان‌ها پرسیدند از کجا خریده‌ام. حتماً باز هم از همین روستا خرید می‌کنم.", None),
)
ENGLISH_REVIEWS = (
    (5, "Even more beautiful than in the photos. You can feel that it was made by hand, and it "
        "arrived in Lyon wrapped in cloth.", "Thank you so much! We are happy it travelled "
                                             "safely all the way to France."),
    (5, "It took about three weeks to reach France, but the artisan sent the tracking number "
        "right away. Lovely work.", None),
    (4, "The colours are a little darker than on my screen, but the craftsmanship is "
        "excellent.", "سپاس از شما! رنگ‌ها گیاهی‌اند و در نور روز روشن‌تر دیده می‌شوند."),
    (5, "A present for my mother, who has not stopped talking about it. Knowing which village "
        "it comes from makes it special.", None),
    (4, "Beautiful piece. Customs charged a small fee on delivery: not the seller's fault, "
        "just be aware.", None),
    (3, "Nice, though smaller than I expected. Check the dimensions carefully.",
     "Thank you for the honest review. We now show the size next to a hand in the photos."),
)
FOREIGN_PURCHASES = 6
PHOTOS_ON = (0, 3)  # which English reviews carry the buyer's own photos


def seed_reviews_and_favourites(session: Session, *, now: datetime, upload_dir: Path,
                                signer: signing.Signer | None = None,
                                platform_fee_bps: int = Config.PLATFORM_FEE_BPS) -> None:
    """Needs `seed_demo`'s accounts, listings and `cooperative_money`'s sales; flushes."""
    rng = Random("trust")
    shopper = session.scalar(select(User).where(User.email == SHOPPER))
    buyer = session.scalar(select(User).where(User.email == BUYER))
    if shopper is None or buyer is None:
        return
    _review_persian_orders(session, shopper, rng, signer)
    _buy_and_review_from_abroad(session, buyer, rng, now=now, upload_dir=upload_dir,
                                platform_fee_bps=platform_fee_bps, signer=signer)
    _favourites_and_follows(session, shopper, buyer, rng)
    session.flush()


def _dated(session: Session, order: Order, status: OrderStatus, at: datetime) -> None:
    session.execute(update(OrderEvent)
                    .where(OrderEvent.order_id == order.id, OrderEvent.to_status == status)
                    .values(created_at=at))


def _ship(session: Session, order: Order, at: datetime, carrier: str, number: str) -> None:
    ordering.ship(session, order, carrier=carrier, tracking_number=number)
    _dated(session, order, OrderStatus.SHIPPED, at)


def _deliver(session: Session, order: Order, at: datetime,
             signer: signing.Signer | None) -> None:
    ordering.deliver(session, order, signer=signer)
    _dated(session, order, OrderStatus.DELIVERED, at)


def _paid_at(session: Session, order: Order) -> datetime:
    """When the books say the order was paid; its placing and history are dated so too."""
    paid = session.scalar(select(LedgerTransaction.posted_at).where(
        LedgerTransaction.kind == TransactionKind.SALE,
        LedgerTransaction.reference == f"order:{order.id}"))
    session.execute(update(OrderEvent).where(OrderEvent.order_id == order.id)
                    .values(created_at=paid))
    session.execute(update(Order).where(Order.id == order.id)
                    .values(created_at=paid, updated_at=paid))
    session.execute(update(Checkout).where(Checkout.id == order.checkout_id)
                    .values(created_at=paid, updated_at=paid))
    return paid


def _review(session: Session, order: Order, author: User, spec: tuple, at: datetime,
            photos: list[StoredImage], lang: str) -> Review:
    rating, words, answer = spec
    review = reviews.write(session, line=order.lines[0], author=author, rating=rating,
                           body=words, photos=photos, policy=POLICY, lang=lang, now=at)
    review.created_at = review.updated_at = at
    if answer:
        reviews.reply(session, review=review, body=answer)
        session.execute(update(Review).where(Review.id == review.id)
                        .values(replied_at=at + timedelta(days=1, hours=3)))
    return review


def _review_persian_orders(session: Session, shopper: User, rng: Random,
                           signer: signing.Signer | None) -> None:
    orders = list(session.scalars(
        select(Order).where(Order.buyer_id == shopper.id, Order.status == OrderStatus.PAID)
        .order_by(Order.id)))
    artisan = session.scalar(select(ArtisanProfile).join(User)
                             .where(User.email == ARTISAN_LOGIN))
    hers = [order for order in orders if artisan and order.artisan_id == artisan.id]
    waiting = hers[-1] if hers else None  # shipped, for the artisan to mark delivered
    unreviewed = hers[-2] if len(hers) > 1 else None  # delivered, its review still to come
    texts = list(PERSIAN_REVIEWS)
    for index, order in enumerate(orders):
        paid = _paid_at(session, order)
        _ship(session, order, paid + timedelta(days=1, hours=4), "پست ایران",
              f"IR{1405_0000 + order.id:08d}")
        if order is waiting:
            continue
        delivered = paid + timedelta(days=rng.randint(3, 7))
        _deliver(session, order, delivered, signer)
        if order is unreviewed or index % 3:
            continue
        spec = texts[index // 3 % len(texts)]
        _review(session, order, shopper, spec, delivered + timedelta(days=rng.randint(1, 6)),
                [], "fa")


def _buy_and_review_from_abroad(session: Session, buyer: User, rng: Random, *, now: datetime,
                                upload_dir: Path, platform_fee_bps: int,
                                signer: signing.Signer | None) -> None:
    """Sophie in Lyon buys by card in euros from Bat Trang, the Hanoi craft villages and Jolfa."""
    picks: list[Listing] = []
    for slug in ("bat-trang-ceramics", "jolfa-handicraft-bazaar", "hanoi-craft-villages"):
        found = session.scalars(
            select(Listing).join(Cooperative, Cooperative.id == Listing.cooperative_id)
            .where(Cooperative.slug == slug, Listing.status == ListingStatus.ACTIVE,
                   Listing.stock >= 2)
            .order_by(Listing.id)).all()
        picks += rng.sample(list(found), min(2, len(found)))
    rates = fx.current_rates(session)
    policy = ordering.CheckoutPolicy(
        card_hold=timedelta(minutes=30), manual_hold=timedelta(hours=48),
        platform_fee_bps=platform_fee_bps,
        limits=hold_limits.HoldLimits(per_listing=Config.HOLD_MAX_UNITS_PER_LISTING,
                                      units=Config.HOLD_MAX_UNITS,
                                      manual_checkouts=Config.HOLD_MAX_MANUAL_CHECKOUTS))
    for index, listing in enumerate(picks[:FOREIGN_PURCHASES]):
        at = now - timedelta(days=200 - index * 30, hours=rng.randrange(8, 20))
        cart = carts.find_or_create(session, user_id=buyer.id, token=None)
        carts.empty(session, cart)
        carts.add(session, cart, listing.id, 1, buyer_id=buyer.id)
        checkout = ordering.start_checkout(
            session, buyer_id=buyer.id, cart=cart,
            address=ordering.Address(name="Sophie Laurent", address="12 rue des Tisserands",
                                     city="Lyon", postcode="69001", country="FR"),
            method=PaymentMethod.CARD, currency="EUR", rates=rates, policy=policy, now=at)
        order = checkout.orders[0]
        ordering.mark_order_paid(session, order, source="demo: card payment", at=at)
        _paid_at(session, order)
        _ship(session, order, at + timedelta(days=2), "EMS", f"EE{80_000_000 + order.id}VN")
        delivered = at + timedelta(days=rng.randint(12, 21))
        _deliver(session, order, delivered, signer)
        photos = (_buyers_photos(listing, upload_dir, rng) if index in PHOTOS_ON else [])
        _review(session, order, buyer, ENGLISH_REVIEWS[index % len(ENGLISH_REVIEWS)],
                delivered + timedelta(days=2), photos, "en")


def _buyers_photos(listing: Listing, upload_dir: Path, rng: Random) -> list[StoredImage]:
    """Two close-ups of the piece "taken at home": crops of its first photo, stored under
    server-style names drawn from the seeded stream."""
    if not listing.images:
        return []
    with Image.open(upload_dir / listing.images[0].filename) as source:
        source.load()
        width, height = source.size
        photos = []
        for _ in range(2):
            scale = rng.uniform(0.45, 0.7)
            left = rng.uniform(0, width * (1 - scale))
            top = rng.uniform(0, height * (1 - scale))
            crop = source.crop((int(left), int(top), int(left + width * scale),
                                int(top + height * scale))).convert("RGB")
            filename = f"{rng.getrandbits(128):032x}.jpg"
            images.save_jpeg(crop, upload_dir / filename)
            names = [f"{rng.getrandbits(128):032x}.webp" for _ in range(2)]
            for name, data in zip(names, thumbnails(crop), strict=True):
                (upload_dir / name).write_bytes(data)
            photos.append(StoredImage(filename, names[0], names[1], crop.width, crop.height))
    return photos


def _favourites_and_follows(session: Session, shopper: User, buyer: User, rng: Random) -> None:
    active = list(session.scalars(select(Listing.id).where(Listing.status == ListingStatus.ACTIVE)
                                  .order_by(Listing.id)))
    for user, count in ((shopper, 6), (buyer, 5)):
        for listing_id in rng.sample(active, count):
            favourites.add(session, user_id=user.id, listing_id=listing_id)
    shops = {
        SHOPPER: [(ArtisanProfile, "fatemeh-alizadeh"), (Cooperative, "jolfa-handicraft-bazaar")],
        BUYER: [(Cooperative, "bat-trang-ceramics"), (ArtisanProfile, "vu-thi-lan")],
    }
    for user in (shopper, buyer):
        for model, slug in shops[user.email]:
            shop = session.scalar(select(model).where(model.slug == slug))
            if shop is not None:
                following.follow(session, user_id=user.id, shop=shop)
