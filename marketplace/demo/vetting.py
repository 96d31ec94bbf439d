"""The demo's trust between strangers: certificates waiting for their verifiers, one turned
down, one expired and one about to, an application to sell waiting for the Jolfa cooperative,
and conversations between shoppers and artisans (a question before buying, an order's).

Everything here is history dated before `now` and drawn from its own random stream, after the
catalogue: nothing in it changes a listing the judged search queries were written on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import applications, identity
from marketplace.catalog import certificates, listings
from marketplace.core.images import StoredImage, thumbnails
from marketplace.demo import images
from marketplace.demo.crafts import CRAFTS
from marketplace.demo.data import SHIPPING
from marketplace.models import (
    ArtisanProfile,
    Category,
    Certificate,
    CertificateStatus,
    CertificateType,
    Conversation,
    ConversationRead,
    Cooperative,
    Listing,
    ListingStatus,
    Message,
    Order,
    OrderStatus,
    Role,
    ShippingRate,
    ShippingZone,
    User,
    Village,
)

APPLICANT = "applicant@bazaar.test"
# Her licence expires within the reminder's 30 days of the demo's present (README).
EXPIRING_SOON_ARTISAN = "shilan-mohammadi"


@dataclass(frozen=True)
class TrustLogin:
    role: str
    email: str
    note: str


def seed_trust(session: Session, *, now: datetime, upload_dir: Path, evidence_dir: Path,
               password: str, fast_hash: bool) -> list[TrustLogin]:
    rng = Random("trust between strangers")
    demo = _Demo(session, rng, now, upload_dir, evidence_dir)
    demo.certificates_to_verify()
    demo.certificates_decided_and_dated()
    applicant = demo.application(password, fast_hash)
    demo.conversations()
    session.flush()
    return [TrustLogin(Role.ARTISAN.value, applicant.email,
                       "new kilim weaver in Ushtebin, her shop waiting for the Jolfa "
                       "cooperative's approval")]


class _Demo:
    def __init__(self, session: Session, rng: Random, now: datetime, upload_dir: Path,
                 evidence_dir: Path) -> None:
        self.session, self.rng, self.now = session, rng, now
        self.upload_dir, self.evidence_dir = upload_dir, evidence_dir
        evidence_dir.mkdir(parents=True, exist_ok=True)
        self.types = {t.slug: t for t in session.scalars(select(CertificateType))}

    def user(self, email: str) -> User:
        return self.session.scalar(select(User).where(User.email == email))

    def artisan(self, slug: str) -> ArtisanProfile:
        return self.session.scalar(select(ArtisanProfile).where(ArtisanProfile.slug == slug))

    def cooperative(self, slug: str) -> Cooperative:
        return self.session.scalar(select(Cooperative).where(Cooperative.slug == slug))

    def days_ago(self, days: int) -> datetime:
        return self.now - timedelta(days=days, hours=self.rng.randint(1, 9))

    def scan(self) -> str:
        name = f"{self.rng.getrandbits(128):032x}.jpg"
        images.save_jpeg(images.certificate_scan(self.rng), self.evidence_dir / name)
        return name

    def pdf(self, title: str) -> str:
        name = f"{self.rng.getrandbits(128):032x}.pdf"
        (self.evidence_dir / name).write_bytes(_one_page_pdf(title))
        return name

    def upload(self, holder, slug: str, *, issuer: str, number: str, issued: date,
               expires: date | None, evidence: str, by: User, days_ago: int) -> Certificate:
        certificate = certificates.upload(
            self.session, holder=holder, by=by, evidence_file=evidence,
            data=certificates.CertificateInput(self.types[slug], issuer, number, issued, expires))
        certificate.created_at = certificate.updated_at = self.days_ago(days_ago)
        return certificate

    def certificates_to_verify(self) -> None:
        """The platform admin's queue: a seal for one of the demo artisan's kilims, and the
        Bat Trang cooperative's sustainable-production label (a PDF)."""
        fatemeh = self.user("artisan@bazaar.test")
        kilim = self.session.scalar(
            select(Listing).where(Listing.artisan_id == fatemeh.artisan_profile.id,
                                  Listing.status == ListingStatus.ACTIVE,
                                  ~Listing.id.in_(select(Certificate.listing_id)
                                                  .where(Certificate.listing_id.is_not(None))))
            .order_by(Listing.id))
        self.upload(kilim, "handmade-seal", by=fatemeh,
                    issuer="وزارت میراث فرهنگی، گردشگری و صنایع‌دستی",
                    number="HS-1405-02417", issued=date(2026, 10, 12),
                    expires=date(2029, 10, 11), evidence=self.scan(), days_ago=6)
        bat_trang = self.cooperative("bat-trang-ceramics")
        self.upload(bat_trang, "sustainable-production", by=bat_trang.admins[0],
                    issuer="Hanoi Department of Industry and Trade", number="SPC-2026-0133",
                    issued=date(2026, 10, 28), expires=date(2029, 10, 27),
                    evidence=self.pdf("Sustainable production label - Bat Trang"), days_ago=3)

    def certificates_decided_and_dated(self) -> None:
        """A label turned down with its reason, a seal that expired last month, and a licence
        that expires within the month (the reminder job writes to its holder)."""
        admin = self.user("admin@bazaar.test")
        shilan = self.artisan(EXPIRING_SOON_ARTISAN)
        turned_down = self.upload(
            shilan, "sustainable-production", by=shilan.user,
            issuer="اداره کل صنعت، معدن و تجارت آذربایجان غربی", number="SPC-1404-77",
            issued=date(2026, 9, 1), expires=date(2028, 8, 31), evidence=self.scan(),
            days_ago=20)
        certificates.move(turned_down, CertificateStatus.REJECTED)
        turned_down.decided_by_id, turned_down.decided_at = admin.id, self.days_ago(18)
        turned_down.rejection_reason = ("The number is not in the issuer's register. Upload "
                                        "the certificate with its stamp and signature.")
        licence = self.session.scalar(select(Certificate).where(
            Certificate.artisan_id == shilan.id, Certificate.status == CertificateStatus.VERIFIED))
        licence.expires_on = (self.now + timedelta(days=50)).date()

        carpet = self.session.scalar(
            select(Listing).join(ArtisanProfile)
            .where(ArtisanProfile.slug == "gholamreza-abbasi",
                   Listing.status == ListingStatus.ACTIVE).order_by(Listing.id))
        expired = Certificate(
            type=self.types["handmade-seal"], listing=carpet, status=CertificateStatus.EXPIRED,
            issuer="وزارت میراث فرهنگی، گردشگری و صنایع‌دستی", number="HS-1402-00871",
            issued_on=date(2023, 10, 10), expires_on=(self.now - timedelta(days=20)).date(),
            decided_by_id=admin.id, decided_at=datetime(2023, 10, 20, tzinfo=UTC))
        self.session.add(expired)

    def application(self, password: str, fast_hash: bool) -> User:
        """Golnar, a young weaver in Ushtebin, applies under the Jolfa cooperative with photos
        of her kilims and her home-business licence, and prepares a first listing."""
        user = identity.register(self.session, email=APPLICANT, password=password,
                                 display_name="گلنار رحیمی", locale="fa", fast_hash=fast_hash)
        user.created_at = user.updated_at = self.days_ago(4)
        photos = []
        for colour in ((160, 52, 40), (40, 70, 120)):
            photo = images.listing_photo("kilim", colour, self.rng)
            filename = f"{self.rng.getrandbits(128):032x}.jpg"
            images.save_jpeg(photo, self.upload_dir / filename)
            names = [f"{self.rng.getrandbits(128):032x}.webp" for _ in range(2)]
            for name, data in zip(names, thumbnails(photo), strict=True):
                (self.upload_dir / name).write_bytes(data)
            photos.append(StoredImage(filename, names[0], names[1], photo.width, photo.height))
        ushtebin = self.session.scalar(select(Village).where(Village.slug == "ushtebin"))
        application = applications.apply(
            self.session, user=user, cooperative=self.cooperative("jolfa-handicraft-bazaar"),
            photos=photos,
            details=applications.ShopDetails(
                display_name_fa="گلنار رحیمی", display_name_en="Golnar Rahimi",
                craft_fa="گلیم‌باف", craft_en="Kilim weaver",
                story_fa="از دوازده‌سالگی کنار مادرم پای دار گلیم نشسته‌ام. نقش‌های اشتبین را "
                         "از او یاد گرفتم و حالا در خانه با پشم دست‌ریس و رنگ روناس می‌بافم.",
                story_en="I have sat at the kilim loom beside my mother since I was twelve. She "
                         "taught me Ushtebin's motifs; now I weave at home with hand-spun wool "
                         "and madder dye.",
                village=ushtebin, women_led=True),
            licence=certificates.CertificateInput(
                self.types["home-business-licence"],
                "اداره کل تعاون، کار و رفاه اجتماعی آذربایجان شرقی", "HB-1404-31877",
                date(2026, 8, 3), date(2030, 8, 2)),
            licence_file=self.scan(),
        )
        application.created_at = application.updated_at = self.days_ago(2)
        self.first_draft(application.artisan, photos[0])
        return user

    def first_draft(self, artisan: ArtisanProfile, like: StoredImage) -> None:
        """While she waits: her shipping rates, and a first kilim saved as a draft."""
        domestic, international, free_over = SHIPPING["IRR"]
        self.session.add_all([
            ShippingRate(artisan_id=artisan.id, zone=ShippingZone.DOMESTIC, currency="IRR",
                         amount_minor=domestic, free_over_minor=free_over),
            ShippingRate(artisan_id=artisan.id, zone=ShippingZone.INTERNATIONAL, currency="IRR",
                         amount_minor=international),
        ])
        kilims = self.session.scalar(select(Category)
                                     .where(Category.slug == CRAFTS["kilim"].category))
        draft = listings.create_listing(
            self.session, artisan=artisan, publish=False,
            data=listings.ListingInput(
                category=kilims, price_minor=38_000_000, stock=1,
                length_mm=1200, width_mm=800, weight_g=2600,
                texts={"fa": listings.ListingText("گلیم اشتبین، نقش ستاره، روناسی، ۸۰ × ۱۲۰",
                                                  "گلیم پشمی با نقش ستاره.", "پشم، روناس")}))
        names = [f"{self.rng.getrandbits(128):032x}.{ext}" for ext in ("jpg", "webp", "webp")]
        sources = (like.filename, like.thumbnail, like.thumbnail_small)
        for name, source in zip(names, sources, strict=True):
            (self.upload_dir / name).write_bytes((self.upload_dir / source).read_bytes())
        listings.add_image(self.session, listing=draft, filename=names[0], thumbnail=names[1],
                           thumbnail_small=names[2], width=like.width, height=like.height)
        draft.created_at = draft.updated_at = self.now - timedelta(days=1, hours=5)

    def conversations(self) -> None:
        """Sophie asks a Bat Trang potter for a set of six; the domestic shopper writes to the
        demo artisan about a paid order (so a link in it is clickable)."""
        sophie, hoa = self.user("buyer@bazaar.test"), self.artisan("le-thi-hoa")
        bowl = self.session.scalar(select(Listing).where(
            Listing.artisan_id == hoa.id, Listing.status == ListingStatus.ACTIVE,
            Listing.stock > 0).order_by(Listing.id))
        self.thread(Conversation(shopper=sophie, artisan=hoa, listing=bowl), days_ago=5, lines=[
            (sophie, "Hello! Could you make this in a set of six, in celadon green? I would "
                     "need them in Lyon before the end of January."),
            (hoa.user, "Hello Sophie, yes: six in celadon take about three weeks in our kiln, "
                       "then ten days by post to France. I will send you an offer this week."),
        ])
        shopper = self.user("shopper@bazaar.test")
        fatemeh = self.user("artisan@bazaar.test")
        order = self.session.scalar(
            select(Order).where(Order.buyer_id == shopper.id,
                                Order.artisan_id == fatemeh.artisan_profile.id,
                                Order.status.in_((OrderStatus.PAID, OrderStatus.SHIPPED,
                                                  OrderStatus.DELIVERED)))
            .order_by(Order.id.desc()))
        self.thread(Conversation(shopper=shopper, artisan=fatemeh.artisan_profile, order=order),
                    days_ago=2, lines=[
            (shopper, "سلام خانم علیزاده، گلیم را برای هدیهٔ عید خریده‌ام. پیش از پایان "
                      "اسفند به تهران می‌رسد؟"),
            (fatemeh, "سلام، بله حتماً. این هفته با پست پیشتاز می‌فرستم و کد رهگیری را همین‌جا "
                      "می‌گذارم. راهنمای شست‌وشوی گلیم: https://example.com/kilim-care"),
        ])

    def thread(self, conversation: Conversation, *, days_ago: int,
               lines: list[tuple[User, str]]) -> None:
        at = self.days_ago(days_ago)
        conversation.created_at = at
        self.session.add(conversation)
        for n, (sender, body) in enumerate(lines):
            sent = at + timedelta(hours=3 * n)
            conversation.messages.append(Message(sender_id=sender.id, body=body, created_at=sent))
            conversation.last_message_at = sent
        self.session.flush()
        # The shopper read the answer; the artisan has not opened the latest yet.
        self.session.add(ConversationRead(conversation_id=conversation.id,
                                          user_id=lines[0][0].id,
                                          last_read_id=conversation.messages[-1].id))


def _one_page_pdf(title: str) -> bytes:
    """A minimal, valid one-page PDF with one line of text (ASCII)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)
