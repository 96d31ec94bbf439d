"""Bilingual listing texts and artisan stories, composed from the craft catalogue with a seeded rng.

Persian and English sentences are chosen together, so the two texts of a listing say the same thing.
"""
from __future__ import annotations

from dataclasses import dataclass
from random import Random

from marketplace.core.formatting import persian_digits
from marketplace.demo.crafts import Colour, Craft, Product, Size
from marketplace.demo.data import Phrase
from marketplace.models import MembershipStatus


@dataclass(frozen=True)
class Piece:
    """One thing an artisan could list: which product, in which size, motif and colour."""

    product: Product
    size: Size
    motif: Phrase
    colour: Colour | None


@dataclass(frozen=True)
class ListingText:
    title: Phrase
    description: Phrase
    materials: Phrase


PRONOUNS = {
    "she": {"Sub": "She", "sub": "she", "Pos": "Her", "pos": "her", "obj": "her",
            "self": "herself"},
    "he": {"Sub": "He", "sub": "he", "Pos": "His", "pos": "his", "obj": "him", "self": "himself"},
}

_OPENINGS = (
    Phrase("{name} {years} سال است که در {village} {maker} است.",
           "{name} has been {a_maker} in {village} for {years} years."),
    Phrase("{name}، {maker} اهل {village}، {years} سال است که کار می‌کند.",
           "{name}, {a_maker} from {village}, has been at work for {years} years."),
)
_APPRENTICESHIPS = (
    Phrase("این پیشه را از {teacher} آموخت.", "{Sub} learned the craft from {teacher}."),
    Phrase("از کودکی کنار {teacher} کار کرده است.", "{Sub} grew up working beside {teacher}."),
)
_TEACHERS = (
    Phrase("مادرش", "{pos} mother"),
    Phrase("مادربزرگش", "{pos} grandmother"),
    Phrase("پدرش", "{pos} father"),
    Phrase("پدربزرگش", "{pos} grandfather"),
    Phrase("عمه‌اش", "{pos} aunt"),
    Phrase("یکی از استادکاران قدیمی {village}", "one of the old masters of {village}"),
)
_TIES = {
    MembershipStatus.ACTIVE: Phrase("کارهایش را از راه {coop} می‌فروشد و {goal}",
                                    "{Sub} sells through the {coop} and {goal}"),
    MembershipStatus.PENDING: Phrase("به‌تازگی برای عضویت در {coop} درخواست داده است و {goal}",
                                     "{Sub} has recently applied to join the {coop} and {goal}"),
    None: Phrase("به‌صورت مستقل کار می‌کند و {goal}", "{Sub} works independently and {goal}"),
}
_GOALS = (
    Phrase("امیدوار است جوان‌های {village} هم این پیشه را ادامه دهند.",
           "hopes the young people of {village} will keep it going."),
    Phrase("می‌خواهد کارش به دست خریدارانی در آن سوی مرزها هم برسد.",
           "wants {pos} work to reach buyers beyond the border."),
    Phrase("در کارگاه خانگی‌اش به چند نوآموز آموزش می‌دهد.",
           "teaches a few apprentices in {pos} home workshop."),
    Phrase("هر سال در نمایشگاه‌های استانی و ملی شرکت می‌کند.",
           "shows {pos} work at provincial and national fairs every year."),
    Phrase("به دنبال مواد اولیه بهتر و بازاری پایدار برای کارگاهش است.",
           "is looking for better raw materials and a steady market for {pos} workshop."),
)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def draw_piece(rng: Random, craft: Craft) -> Piece:
    product = rng.choice(craft.products)
    colour = rng.choice(craft.colours) if craft.colours else None
    return Piece(product, rng.choice(product.sizes), rng.choice(craft.motifs), colour)


def title(piece: Piece) -> Phrase:
    """"Heriz-pattern wool kilim, madder red, 120 × 180 cm" and its Persian word order."""
    noun, motif = piece.product.noun, piece.motif
    fa = [f"{noun.fa} {motif.fa}"]
    # English puts a describing word before the noun, a "with ..." phrase after it.
    en = [f"{noun.en} {motif.en}" if motif.en.startswith("with ") else f"{motif.en} {noun.en}"]
    for extra in (piece.colour.name if piece.colour else None, piece.size.label):
        if extra is not None:
            fa.append(extra.fa)
            en.append(extra.en)
    return Phrase("، ".join(fa), capitalised(", ".join(en)))


def listing_text(
    rng: Random, craft: Craft, piece: Piece, *, artisan: Phrase, village: Phrase
) -> ListingText:
    """Title, 2–4 sentences of description (maker and place, technique, care) and materials."""
    sentences = [rng.choice(craft.intros)]
    sentences += rng.sample(craft.techniques, rng.randint(1, min(2, len(craft.techniques))))
    if rng.random() < 0.6:
        sentences.append(rng.choice(craft.care))
    noun = piece.product.noun
    description = Phrase(
        " ".join(s.fa.format(artisan=artisan.fa, village=village.fa, noun=noun.fa)
                 for s in sentences),
        " ".join(s.en.format(artisan=artisan.en, village=village.en, noun=noun.en)
                 for s in sentences),
    )
    return ListingText(title(piece), description, piece.product.materials)


def artisan_story(
    rng: Random,
    craft: Craft,
    *,
    name: Phrase,
    pronoun: str,
    village: Phrase,
    cooperative: Phrase | None,
    membership: MembershipStatus | None,
) -> Phrase:
    """Four sentences: who and where, how they learned, a fact of the craft, their ties and hope."""
    years = rng.randint(8, 40)
    teacher = rng.choice(_TEACHERS)
    sentences = (
        rng.choice(_OPENINGS),
        rng.choice(_APPRENTICESHIPS),
        rng.choice(craft.story),
        _TIES[membership],
    )
    goal = rng.choice(_GOALS)
    coop = cooperative or Phrase("", "")
    en_words = {**PRONOUNS[pronoun], "village": village.en}
    fa_words = {"village": village.fa}
    en_words |= {
        "name": name.en, "years": years, "maker": craft.maker.en,
        "a_maker": with_article(craft.maker.en), "coop": coop.en,
        "teacher": teacher.en.format(**en_words), "goal": goal.en.format(**en_words),
    }
    fa_words |= {
        "name": name.fa, "years": persian_digits(str(years)), "maker": craft.maker.fa,
        "coop": coop.fa, "teacher": teacher.fa.format(**fa_words),
        "goal": goal.fa.format(**fa_words),
    }
    return Phrase(
        " ".join(s.fa.format(**fa_words) for s in sentences),
        " ".join(s.en.format(**en_words) for s in sentences),
    )
