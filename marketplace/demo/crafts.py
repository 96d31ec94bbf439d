"""What each demo artisan makes: products, sizes and prices, motifs, colours and the sentences that
describe the work. Prices are in the minor units of the maker's currency (IRR or VND)."""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.core.formatting import persian_digits
from marketplace.demo.data import Phrase


@dataclass(frozen=True)
class Colour:
    name: Phrase
    rgb: tuple[int, int, int]  # drives the placeholder photo, so a "madder red" kilim looks red


@dataclass(frozen=True)
class Size:
    label: Phrase | None  # goes into the title ("120 × 180 cm", "500 g"); None when it says nothing
    length_mm: int | None
    width_mm: int | None
    height_mm: int | None
    weight_g: int | None
    price: tuple[int, int]


@dataclass(frozen=True)
class Product:
    noun: Phrase
    materials: Phrase
    sizes: tuple[Size, ...]


@dataclass(frozen=True)
class Craft:
    slug: str
    category: str
    maker: Phrase  # the person: "kilim weaver"; shown as the artisan's craft
    image_style: str
    products: tuple[Product, ...]
    motifs: tuple[Phrase, ...]
    colours: tuple[Colour, ...]
    intros: tuple[Phrase, ...]  # "{artisan} wove this {noun} in {village}."
    techniques: tuple[Phrase, ...]
    care: tuple[Phrase, ...]
    story: tuple[Phrase, ...]  # about the maker; English uses {Sub} {sub} {Pos} {pos} {obj} {self}
    stock: tuple[int, int]
    tint: tuple[int, int, int] = (180, 120, 60)  # photo colour when the craft has no colours
    handmade: bool = True  # food is not eligible for the handicrafts seal


def _rgb(hex_code: str) -> tuple[int, int, int]:
    value = int(hex_code.lstrip("#"), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _colour(fa: str, en: str, hex_code: str) -> Colour:
    return Colour(Phrase(fa, en), _rgb(hex_code))


def _cm(width: int, length: int) -> Phrase:
    return Phrase(
        f"{persian_digits(f'{width} × {length}')} سانتی‌متر", f"{width} × {length} cm"
    )


def rug(
    width_cm: int, length_cm: int, per_m2: tuple[int, int], g_per_m2: int, pile_mm: int
) -> Size:
    """A woven piece priced by area, as carpet shops price them."""
    area = width_cm * length_cm / 10_000
    return Size(
        _cm(width_cm, length_cm),
        length_cm * 10,
        width_cm * 10,
        pile_mm,
        round(area * g_per_m2),
        (round(area * per_m2[0]), round(area * per_m2[1])),
    )


def flat(width_cm: int, length_cm: int, grams: int, price: tuple[int, int]) -> Size:
    return Size(_cm(width_cm, length_cm), length_cm * 10, width_cm * 10, None, grams, price)


def across(cm: int, height_cm: int, grams: int, price: tuple[int, int]) -> Size:
    label = Phrase(f"قطر {persian_digits(str(cm))} سانتی‌متر", f"Ø {cm} cm")
    return Size(label, cm * 10, cm * 10, height_cm * 10, grams, price)


def tall(cm: int, width_cm: int, grams: int, price: tuple[int, int]) -> Size:
    label = Phrase(f"ارتفاع {persian_digits(str(cm))} سانتی‌متر", f"{cm} cm tall")
    return Size(label, width_cm * 10, width_cm * 10, cm * 10, grams, price)


def net(grams: int, gross_g: int, box_mm: tuple[int, int, int], price: tuple[int, int]) -> Size:
    if grams >= 1000:
        label = Phrase(f"{persian_digits(str(grams // 1000))} کیلوگرم", f"{grams // 1000} kg")
    else:
        label = Phrase(f"{persian_digits(str(grams))} گرم", f"{grams} g")
    return Size(label, *box_mm, gross_g, price)


def labelled(
    fa: str, en: str, box_mm: tuple[int, int, int | None], grams: int, price: tuple[int, int]
) -> Size:
    return Size(Phrase(fa, en), *box_mm, grams, price)


def unlabelled(box_mm: tuple[int, int, int | None], grams: int, price: tuple[int, int]) -> Size:
    return Size(None, *box_mm, grams, price)


def _p(fa: str, en: str) -> Phrase:
    return Phrase(fa, en)


_M = 1_000_000  # one million rials is a hundred thousand toman
_K = 1_000

_WOOL_CARE = (
    _p("دور از نور مستقیم آفتاب پهن کنید و هر چند سال یک بار به قالیشویی سنتی بسپارید.",
       "Keep it out of direct sunlight and have it washed by a traditional rug washer every "
       "few years."),
    _p("همراه با شناسنامه فرش ارسال می‌شود.", "Ships with its carpet identity card."),
)
_FLATWEAVE_CARE = (
    _p("سبک است و برای کف اتاق، روی تخت یا روی دیوار مناسب است.",
       "Light enough for the floor, a bed or a wall."),
    _p("با برس نرم تمیز کنید و هرازگاهی آن را برگردانید.",
       "Clean with a soft brush and turn it over now and then."),
)
_SILK_CARE = (
    _p("با آب سرد و با دست بشویید و در سایه خشک کنید.", "Hand-wash cold and dry in the shade."),
)
_BASKET_CARE = (
    _p("در جای خشک نگه دارید و با پارچه نم‌دار گردگیری کنید.",
       "Keep dry and dust with a damp cloth."),
)
_LACQUER_CARE = (
    _p("دور از رطوبت و نور شدید نگه دارید و با پارچه نرم گردگیری کنید.",
       "Keep away from damp and strong light; dust with a soft cloth."),
)
_HANDMADE_VARIES = _p(
    "هر قطعه دست‌ساز است و تفاوت‌های کوچکش نشانه همین دست‌ساز بودن است.",
    "Each piece is handmade; small variations are part of its character.",
)

_CARPET_COLOURS = (
    _colour("لاکی", "madder red", "#9e2a2b"),
    _colour("سرمه‌ای", "navy", "#1f2f56"),
    _colour("کرم", "ivory", "#e8dcc0"),
    _colour("لاجوردی", "lapis blue", "#2c4f8c"),
    _colour("مسی", "copper", "#b0622d"),
    _colour("سبز زیتونی", "olive green", "#6b6b2a"),
)
_KILIM_COLOURS = (
    _colour("لاکی", "madder red", "#a3312a"),
    _colour("نیلی", "indigo", "#2b3a67"),
    _colour("کرم", "natural ivory", "#e6d8b8"),
    _colour("گردویی", "walnut brown", "#6b4a2f"),
    _colour("زرد اسپرکی", "weld yellow", "#c9a227"),
)
_LACQUER_COLOURS = (
    _colour("لاک قرمز", "red lacquer", "#8e1b1b"),
    _colour("لاک مشکی", "black lacquer", "#1d1a18"),
    _colour("قهوه‌ای", "brown lacquer", "#5a3a22"),
)


CARPET = Craft(
    slug="carpet",
    category="hand-knotted-carpets",
    maker=_p("قالی‌باف", "carpet weaver"),
    image_style="carpet",
    products=(
        Product(_p("قالیچه دست‌باف", "hand-knotted rug"),
                _p("پرز پشم دست‌ریس، چله و پود پنبه‌ای، رنگ‌های گیاهی",
                   "hand-spun wool pile, cotton foundation, natural dyes"),
                tuple(rug(w, h, (150 * _M, 320 * _M), 3200, 12)
                      for w, h in ((100, 150), (120, 180), (150, 225)))),
        Product(_p("فرش دست‌باف", "hand-knotted carpet"),
                _p("پرز پشم دست‌ریس، چله و پود پنبه‌ای، رنگ‌های گیاهی",
                   "hand-spun wool pile, cotton foundation, natural dyes"),
                tuple(rug(w, h, (150 * _M, 300 * _M), 3200, 12)
                      for w, h in ((200, 300), (250, 350)))),
        Product(_p("کناره دست‌باف", "hand-knotted runner"),
                _p("پرز پشم، چله پنبه‌ای", "wool pile, cotton warp"),
                tuple(rug(w, h, (140 * _M, 280 * _M), 3000, 10)
                      for w, h in ((80, 300), (80, 400)))),
    ),
    motifs=(
        _p("طرح هریس", "Heriz-pattern"),
        _p("طرح گوراوان", "Gorevan-pattern"),
        _p("طرح شیخ صفی", "Sheikh Safi-pattern"),
        _p("طرح لچک‌ترنج", "medallion-and-corner"),
        _p("طرح ماهی درهم", "Herati (mahi)"),
        _p("طرح درختی", "tree-of-life"),
    ),
    colours=_CARPET_COLOURS,
    intros=(
        _p("{artisan} این {noun} را در {village} روی دار عمودی بافته است.",
           "{artisan} wove this {noun} on an upright loom in {village}."),
        _p("این {noun} کار دست {artisan} در {village} است.",
           "This {noun} is the work of {artisan} in {village}."),
    ),
    techniques=(
        _p("با گره ترکی (متقارن) بافته شده و پرز آن کوتاه و محکم چیده شده است.",
           "It is tied with the symmetrical Turkish knot, and the pile is clipped short and "
           "firm."),
        _p("پشم را زنان روستا دست‌ریسی کرده‌اند و رنگ‌ها از روناس، اسپرک و پوست گردو است.",
           "The wool was hand-spun in the village and dyed with madder, weld and walnut husk."),
        _p("نقشه را بافنده از حفظ می‌بافد؛ برای همین هیچ دو قطعه‌ای کاملاً یکسان نیست.",
           "The design is woven from memory, so no two pieces are quite alike."),
        _p("بافت هر متر مربع آن چند ماه کار پیوسته برده است.",
           "Each square metre took several months of steady work."),
    ),
    care=_WOOL_CARE,
    story=(
        _p("هر قالی را از روی نقشه‌ای می‌بافد که از پدربزرگش به یادگار مانده است.",
           "{Sub} weaves from a design handed down from {pos} grandfather."),
        _p("دار قالی‌اش در آفتاب‌گیرترین اتاق خانه برپاست و زمستان پرکارترین فصل اوست.",
           "{Pos} loom stands in the sunniest room of the house, and winter is {pos} busiest "
           "season."),
    ),
    stock=(1, 2),
)

SILK_CARPET = Craft(
    slug="silk-carpet",
    category="hand-knotted-carpets",
    maker=_p("بافنده فرش ابریشمی", "silk carpet weaver"),
    image_style="carpet",
    products=(
        Product(_p("قالیچه ابریشمی", "silk rug"),
                _p("پرز و چله ابریشم خالص", "pure silk pile on a silk foundation"),
                tuple(rug(w, h, (900 * _M, 2200 * _M), 2000, 6)
                      for w, h in ((60, 90), (80, 120), (100, 150), (130, 200)))),
        Product(_p("تابلوفرش ابریشمی", "silk carpet panel"),
                _p("ابریشم خالص", "pure silk"),
                tuple(rug(w, h, (1000 * _M, 2400 * _M), 1800, 5) for w, h in ((40, 60), (50, 70)))),
    ),
    motifs=(
        _p("طرح شکارگاه", "hunting-scene"),
        _p("طرح گلدانی", "vase-pattern"),
        _p("طرح لچک‌ترنج", "medallion-and-corner"),
        _p("طرح محرابی", "prayer-niche"),
        _p("طرح شاه‌عباسی", "Shah Abbasi-pattern"),
    ),
    colours=(
        _colour("فیروزه‌ای", "turquoise", "#2a9d8f"),
        _colour("لاکی", "madder red", "#9b2226"),
        _colour("عاجی", "ivory", "#efe6cf"),
        _colour("سبز زمردی", "emerald", "#1b6b4a"),
        _colour("سرمه‌ای", "navy", "#1d2d50"),
    ),
    intros=(
        _p("{artisan} این {noun} را در کارگاه خانگی‌اش در {village} بافته است.",
           "{artisan} wove this {noun} in a home workshop in {village}."),
        _p("این {noun} از کارگاه {artisan} در {village} می‌آید.",
           "This {noun} comes from {artisan}'s workshop in {village}."),
    ),
    techniques=(
        _p("با گره فارسی (نامتقارن) و رج‌شمار بالا بافته شده و جزئیات نقش بسیار ظریف است.",
           "It is woven with the asymmetrical Persian knot at a high knot count, so the design "
           "carries very fine detail."),
        _p("ابریشم پس از رنگرزی در آفتاب خشک شده و سطح فرش درخششی ملایم دارد.",
           "The silk was sun-dried after dyeing, which gives the surface a soft sheen."),
        _p("فرش ابریشمی قم دهه‌هاست در بازارهای جهانی شناخته‌شده است.",
           "Qom silk carpets have been known on world markets for decades."),
    ),
    care=(
        _p("برای آویختن روی دیوار یا پهن کردن در جای کم‌رفت‌وآمد مناسب است.",
           "Best hung on a wall or laid where there is little foot traffic."),
        _WOOL_CARE[1],
    ),
    story=(
        _p("فرش‌هایش را با رج‌شمار بسیار بالا می‌بافد و هر قطعه ماه‌ها کار می‌برد.",
           "{Sub} weaves at a very fine knot count, and each piece takes months."),
        _p("ابریشم را از بازار قم می‌خرد و رنگرزی را به رنگرزخانه‌های قدیمی شهر می‌سپارد.",
           "{Sub} buys silk in the Qom bazaar and has it dyed by the city's old dye-houses."),
    ),
    stock=(1, 1),
)

KILIM = Craft(
    slug="kilim",
    category="kilims",
    maker=_p("گلیم‌باف", "kilim weaver"),
    image_style="kilim",
    products=(
        Product(_p("گلیم پشمی", "wool kilim"),
                _p("پشم گوسفند محلی، چله پشمی، رنگ‌های گیاهی",
                   "local sheep's wool, wool warp, natural dyes"),
                tuple(rug(w, h, (40 * _M, 65 * _M), 1800, 4)
                      for w, h in ((100, 150), (120, 180), (150, 225), (200, 300)))),
        Product(_p("گلیمچه", "small kilim mat"),
                _p("پشم محلی، چله پنبه‌ای", "local wool, cotton warp"),
                tuple(rug(w, h, (40 * _M, 60 * _M), 1700, 4) for w, h in ((60, 90), (70, 100)))),
        Product(_p("کوسن گلیمی", "kilim cushion cover"),
                _p("پشم محلی، پشت پارچه کتان", "local wool, linen back"),
                (flat(45, 45, 450, (6 * _M, 14 * _M)), flat(50, 50, 550, (8 * _M, 18 * _M)))),
    ),
    motifs=(
        _p("طرح هریس", "Heriz-pattern"),
        _p("نقش لوزی", "lozenge-pattern"),
        _p("طرح محرمات", "striped (moharramat)"),
        _p("نقش درخت زندگی", "tree-of-life"),
        _p("نقش ستاره", "star-motif"),
        _p("طرح شاهسون", "Shahsavan-pattern"),
    ),
    colours=_KILIM_COLOURS,
    intros=(
        _p("{artisan} این {noun} را در {village} روی دار افقی بافته است.",
           "{artisan} wove this {noun} on a horizontal loom in {village}."),
        _p("این {noun} در خانه {artisan} در {village} بافته شده است.",
           "This {noun} was woven in {artisan}'s home in {village}."),
    ),
    techniques=(
        _p("گلیم بافتی تخت و بی‌پرز است و هر دو روی آن را می‌توان به کار برد.",
           "It is a flat weave with no pile, so both faces can be used."),
        _p("نخ‌ها با روناس، پوست انار و نیل رنگرزی شده‌اند.",
           "The yarn is dyed with madder, pomegranate rind and indigo."),
        _p("نقش‌ها همان نقش‌هایی است که مادربزرگ‌های منطقه می‌بافتند.",
           "The motifs are the ones the region's grandmothers wove."),
        _p("لبه‌ها با دست شیرازه‌دوزی شده تا سال‌ها دوام بیاورد.",
           "The edges are overcast by hand so the piece lasts for years."),
    ),
    care=_FLATWEAVE_CARE,
    story=(
        _p("نقش‌ها را از حافظه می‌بافد و پشم را خودش با روناس و پوست گردو رنگ می‌کند.",
           "{Sub} weaves the patterns from memory and dyes the wool {self} with madder and "
           "walnut husk."),
        _p("دار گلیمش کنار پنجره است تا رنگ‌ها را در نور روز کنار هم بگذارد.",
           "{Pos} loom stands by the window so {sub} can set the colours side by side in "
           "daylight."),
    ),
    stock=(1, 3),
)

VERNI = Craft(
    slug="verni",
    category="kilims",
    maker=_p("ورنی‌باف", "verni weaver"),
    image_style="kilim",
    products=(
        Product(_p("ورنی", "verni"),
                _p("پشم محلی، چله پنبه‌ای، رنگ‌های گیاهی", "local wool, cotton warp, natural dyes"),
                tuple(rug(w, h, (55 * _M, 90 * _M), 2100, 5)
                      for w, h in ((100, 150), (120, 180), (150, 200)))),
        Product(_p("ورنی کوچک", "small verni"),
                _p("پشم محلی، چله پنبه‌ای", "local wool, cotton warp"),
                tuple(rug(w, h, (55 * _M, 85 * _M), 2000, 5) for w, h in ((60, 90), (70, 110)))),
    ),
    motifs=(
        _p("نقش اژدها", "dragon-motif"),
        _p("نقش پرنده", "bird-motif"),
        _p("نقش ستاره", "star-motif"),
        _p("نقش شاخ قوچ", "ram's-horn"),
        _p("نقش جانوری", "animal-motif"),
    ),
    colours=(
        _colour("لاکی", "madder red", "#a02c2c"),
        _colour("سرمه‌ای", "navy", "#22305a"),
        _colour("نارنجی", "orange", "#d9772b"),
        _colour("کرم", "ivory", "#e9dcc0"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village}، در دامنه سبلان، بافته است.",
           "{artisan} wove this {noun} in {village}, below Mount Sabalan."),
    ),
    techniques=(
        _p("ورنی را با پیچاندن پود رنگی دور تارهای چله و بی‌آن‌که نقشه‌ای روی کاغذ باشد "
           "می‌بافند.",
           "Verni is made by wrapping coloured weft around the warps, without a paper design."),
        _p("این بافته از سنت عشایر شاهسون در دشت مغان و دامنه‌های سبلان می‌آید.",
           "The weave comes from the Shahsavan nomads of the Moghan plain and Sabalan."),
        _p("ورنی از گلیم معمولی ظریف‌تر و سنگین‌تر است.",
           "Verni is finer and heavier than an ordinary kilim."),
    ),
    care=_FLATWEAVE_CARE,
    story=(
        _p("نقش اژدها و پرنده را همان‌گونه می‌بافد که زنان شاهسون نسل‌ها بافته‌اند.",
           "{Sub} weaves the dragon and bird motifs just as Shahsavan women have for "
           "generations."),
    ),
    stock=(1, 2),
)

JAJIM = Craft(
    slug="jajim",
    category="jajim-gabbeh",
    maker=_p("جاجیم‌باف", "jajim weaver"),
    image_style="jajim",
    products=(
        Product(_p("جاجیم", "jajim"),
                _p("پشم محلی دست‌ریس", "hand-spun local wool"),
                tuple(rug(w, h, (30 * _M, 55 * _M), 1500, 3)
                      for w, h in ((100, 150), (120, 200), (150, 200)))),
        Product(_p("گبه", "gabbeh"),
                _p("پرز بلند پشمی، رنگ‌های گیاهی", "long wool pile, natural dyes"),
                tuple(rug(w, h, (80 * _M, 150 * _M), 3500, 18)
                      for w, h in ((100, 150), (120, 180)))),
        Product(_p("خورجین", "khorjin saddlebag"),
                _p("پشم محلی، بند چرمی", "local wool, leather straps"),
                (flat(40, 100, 1400, (25 * _M, 60 * _M)),)),
    ),
    motifs=(
        _p("راه‌راه", "striped"),
        _p("شطرنجی", "checked"),
        _p("نقش بز کوهی", "ibex-motif"),
        _p("ساده", "plain-field"),
        _p("نقش ستاره", "star-motif"),
    ),
    colours=(
        _colour("لاکی", "madder red", "#a8322d"),
        _colour("نیلی", "indigo", "#283c6b"),
        _colour("قهوه‌ای", "natural brown", "#7a5533"),
        _colour("سبز", "green", "#3f6e45"),
        _colour("زعفرانی", "saffron yellow", "#d9a21b"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} بافته است.",
           "{artisan} wove this {noun} in {village}."),
        _p("این {noun} در خانه {artisan} در {village} بافته شده است.",
           "This {noun} was woven in {artisan}'s home in {village}."),
    ),
    techniques=(
        _p("جاجیم را در نوارهای باریک می‌بافند و سپس نوارها را کنار هم می‌دوزند.",
           "Jajim is woven in narrow strips that are then sewn together side by side."),
        _p("پشم از گله‌های همین منطقه است و با رنگ‌های گیاهی رنگ شده است.",
           "The wool comes from local flocks and is coloured with plant dyes."),
        _p("در خانه‌های روستایی از این بافته برای رختخواب‌پیچ و روانداز استفاده می‌شود.",
           "In village homes it is used to wrap bedding or as a throw."),
    ),
    care=_FLATWEAVE_CARE,
    story=(
        _p("پشم را از گله‌های همسایه می‌خرد و روی دار باریک خانگی می‌بافد.",
           "{Sub} buys wool from the neighbours' flocks and weaves on a narrow loom at home."),
        _p("رنگ‌های تند بافته‌هایش از گیاهان کوهستان گرفته می‌شود.",
           "The bold colours of {pos} weaving come from mountain plants."),
    ),
    stock=(1, 4),
)

POTTERY = Craft(
    slug="pottery",
    category="ceramics-pottery",
    maker=_p("سفالگر", "potter"),
    image_style="ceramics",
    products=(
        Product(_p("کاسه سفالی لعابی", "glazed earthenware bowl"),
                _p("خاک رس محلی، لعاب قلیایی بدون سرب", "local clay, lead-free alkaline glaze"),
                (across(14, 7, 350, (3 * _M, 7 * _M)), across(18, 8, 550, (5 * _M, 10 * _M)),
                 across(24, 10, 900, (8 * _M, 15 * _M)))),
        Product(_p("کوزه سفالی", "clay water jug"),
                _p("خاک رس محلی، بدون لعاب", "local clay, unglazed"),
                (tall(25, 16, 1100, (5 * _M, 12 * _M)), tall(35, 20, 1800, (9 * _M, 20 * _M)))),
        Product(_p("بشقاب سفالی", "earthenware plate"),
                _p("خاک رس محلی، لعاب قلیایی بدون سرب", "local clay, lead-free alkaline glaze"),
                (across(22, 3, 600, (4 * _M, 8 * _M)), across(30, 4, 1000, (6 * _M, 12 * _M)))),
        Product(_p("گلدان سفالی", "earthenware vase"),
                _p("خاک رس محلی، لعاب قلیایی", "local clay, alkaline glaze"),
                (tall(20, 12, 700, (8 * _M, 15 * _M)), tall(30, 16, 1300, (12 * _M, 24 * _M)),
                 tall(40, 20, 2100, (18 * _M, 35 * _M)))),
    ),
    motifs=(
        _p("نقش ماهی", "fish-motif"),
        _p("نقش گل", "floral"),
        _p("نقش اسلیمی", "arabesque"),
        _p("نقش پرنده", "bird-motif"),
        _p("ساده", "plain"),
    ),
    colours=(
        _colour("فیروزه‌ای", "turquoise", "#2aa198"),
        _colour("لاجوردی", "lapis blue", "#264c8f"),
        _colour("قهوه‌ای خاکی", "earth brown", "#8a5a3b"),
        _colour("سبز مسی", "copper green", "#3f8f6b"),
        _colour("کرم", "cream", "#eadfc6"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} روی چرخ سفالگری ساخته است.",
           "{artisan} threw this {noun} on the wheel in {village}."),
        _p("این {noun} در کارگاه {artisan} در {village} شکل گرفته و پخته شده است.",
           "This {noun} was shaped and fired in {artisan}'s workshop in {village}."),
    ),
    techniques=(
        _p("گل از تپه‌های نزدیک {village} برداشته می‌شود و پیش از کار چند هفته ورز می‌خورد.",
           "The clay is dug in the hills near {village} and wedged for weeks before use."),
        _p("نقش‌ها با قلم‌مو و با دست روی لعاب کشیده شده است.",
           "The decoration is painted by hand onto the glaze."),
        _p("دو بار در کوره پخته شده است: یک بار خام و یک بار با لعاب.",
           "It is fired twice: once as bisque and once with the glaze."),
    ),
    care=(
        _p("با دست بشویید و از تغییر ناگهانی دما دور نگه دارید.",
           "Wash by hand and avoid sudden changes of temperature."),
        _HANDMADE_VARIES,
    ),
    story=(
        _p("گل را از تپه‌های نزدیک روستا می‌آورد و کوره‌اش را هنوز با هیزم روشن می‌کند.",
           "{Sub} digs clay in the hills near the village and still fires a wood kiln."),
        _p("کاسه‌های فیروزه‌ای‌اش را در بازار تبریز می‌شناسند.",
           "{Pos} turquoise bowls are known in the Tabriz bazaar."),
    ),
    stock=(1, 12),
)

CERAMICS = Craft(
    slug="ceramics",
    category="ceramics-pottery",
    maker=_p("سفالگر", "potter"),
    image_style="ceramics",
    products=(
        Product(_p("کاسه سرامیکی", "ceramic bowl"),
                _p("خاک کائولن، لعاب دست‌ساز", "kaolin clay, hand-mixed glaze"),
                (across(12, 6, 250, (150 * _K, 400 * _K)), across(16, 7, 400, (250 * _K, 650 * _K)),
                 across(20, 9, 650, (400 * _K, 900 * _K)))),
        Product(_p("سرویس چای سرامیکی", "ceramic tea set"),
                _p("خاک کائولن، لعاب دست‌ساز", "kaolin clay, hand-mixed glaze"),
                (labelled("قوری و ۶ فنجان", "teapot and 6 cups", (300, 250, 150), 1600,
                          (600 * _K, 3500 * _K)),)),
        Product(_p("گلدان سرامیکی", "ceramic vase"),
                _p("خاک کائولن، لعاب دست‌ساز", "kaolin clay, hand-mixed glaze"),
                (tall(25, 14, 900, (400 * _K, 1200 * _K)),
                 tall(40, 20, 2200, (900 * _K, 2800 * _K)),
                 tall(60, 28, 5200, (1800 * _K, 5000 * _K)))),
        Product(_p("بشقاب سرامیکی", "ceramic plate"),
                _p("خاک کائولن، لعاب دست‌ساز", "kaolin clay, hand-mixed glaze"),
                (across(20, 3, 450, (200 * _K, 600 * _K)),
                 across(27, 3, 800, (350 * _K, 1200 * _K)))),
    ),
    motifs=(
        _p("نقش اژدها", "dragon-motif"),
        _p("نقش نیلوفر آبی", "lotus-motif"),
        _p("با لعاب ترک‌دار", "crackle-glaze"),
        _p("نقش گل داوودی", "chrysanthemum-motif"),
        _p("نقش بامبو", "bamboo-motif"),
    ),
    colours=(
        _colour("آبی کبالتی", "cobalt blue", "#1f4e9c"),
        _colour("سلادن", "celadon", "#a8c3a0"),
        _colour("سبز یشمی", "jade green", "#4f8f6f"),
        _colour("قهوه‌ای سوخته", "burnt umber", "#6e4027"),
        _colour("سفید استخوانی", "bone white", "#efe9dc"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village}، روستای سفالگران کنار رود سرخ، ساخته است.",
           "{artisan} made this {noun} in {village}, a potters' village on the Red River."),
        _p("این {noun} از کوره خانوادگی {artisan} در {village} بیرون آمده است.",
           "This {noun} came out of {artisan}'s family kiln in {village}."),
    ),
    techniques=(
        _p("نقش‌ها پیش از لعاب با قلم‌موی دستی کشیده شده‌اند.",
           "The decoration is painted by hand before glazing."),
        _p("در کوره گازی و در دمای نزدیک به ۱۲۰۰ درجه پخته شده است.",
           "It is fired in a gas kiln at about 1,200 °C."),
        _p("سفالگری در {village} سده‌ها پیشینه دارد.",
           "Pottery has been made in {village} for centuries."),
    ),
    care=(_HANDMADE_VARIES,
          _p("با دقت بسته‌بندی و با بیمه ارسال می‌شود.", "Carefully packed and shipped insured.")),
    story=(
        _p("خانواده‌اش سه نسل است که همین کوره را روشن نگه داشته‌اند.",
           "{Pos} family has kept the same kiln going for three generations."),
        _p("نقش‌های آبی و سفید را با قلم‌موهایی می‌کشد که خودش می‌سازد.",
           "{Sub} paints the blue-and-white patterns with brushes {sub} makes {self}."),
    ),
    stock=(2, 25),
)

KNITWEAR = Craft(
    slug="knitwear",
    category="knitwear",
    maker=_p("بافنده بافتنی‌های پشمی", "knitter"),
    image_style="knit",
    products=(
        Product(_p("جوراب پشمی دست‌باف", "hand-knitted wool socks"),
                _p("پشم گوسفند، رنگ گیاهی", "sheep's wool, plant dyes"),
                (labelled("سایز ۳۸ تا ۴۰", "EU 38–40", (250, 100, None), 120,
                          (1_500_000, 3 * _M)),
                 labelled("سایز ۴۱ تا ۴۴", "EU 41–44", (280, 110, None), 140,
                          (1_700_000, 4 * _M)))),
        Product(_p("شال‌گردن پشمی", "wool scarf"),
                _p("پشم گوسفند، رنگ گیاهی", "sheep's wool, plant dyes"),
                (flat(25, 170, 250, (3 * _M, 8 * _M)),)),
        Product(_p("کلاه پشمی", "wool hat"),
                _p("پشم گوسفند", "sheep's wool"),
                (unlabelled((250, 220, None), 110, (2 * _M, 5 * _M)),)),
        Product(_p("جلیقه پشمی", "wool waistcoat"),
                _p("پشم گوسفند، دکمه چوبی", "sheep's wool, wooden buttons"),
                (labelled("سایز M", "size M", (600, 450, None), 450, (8 * _M, 16 * _M)),
                 labelled("سایز L", "size L", (650, 480, None), 500, (9 * _M, 18 * _M)))),
    ),
    motifs=(
        _p("نقش ستاره", "star-pattern"),
        _p("نقش لوزی", "diamond-pattern"),
        _p("نقش بته‌جقه", "paisley-pattern"),
        _p("طرح سنتی آذربایجان", "Azerbaijani folk-pattern"),
    ),
    colours=(
        _colour("زرشکی", "crimson", "#8c1c2b"),
        _colour("طوسی", "grey", "#7d7d80"),
        _colour("کرم", "cream", "#ece2c9"),
        _colour("سرمه‌ای", "navy", "#223055"),
        _colour("خردلی", "mustard", "#c49a2c"),
    ),
    intros=(
        _p("این {noun} کار دست {artisan} در {village} است.",
           "Knitted by hand by {artisan} in {village}."),
    ),
    techniques=(
        _p("پشم در خانه شسته، ریسیده و رنگ شده است.",
           "The wool was washed, spun and dyed at home."),
        _p("نقش‌ها با دو یا سه رنگ نخ و بدون الگوی نوشته بافته می‌شوند.",
           "The patterns are knitted in two or three colours without a written chart."),
        _p("این بافتنی‌ها برای زمستان‌های سرد آذربایجان بافته می‌شوند.",
           "These knits are made for Azerbaijan's hard winters."),
    ),
    care=(
        _p("با آب سرد و شوینده ملایم با دست بشویید و روی سطح صاف خشک کنید.",
           "Hand-wash cold with a mild soap and dry flat."),
    ),
    story=(
        _p("هر زمستان صدها جفت جوراب پشمی برای بازار می‌بافد.",
           "Every winter {sub} knits hundreds of pairs of wool socks for the bazaar."),
        _p("نقش‌هایش را از جوراب‌های قدیمی خانواده برداشته است.",
           "{Sub} took {pos} patterns from old family socks."),
    ),
    stock=(2, 15),
)

NEEDLE_EMBROIDERY = Craft(
    slug="needle-embroidery",
    category="embroidery",
    maker=_p("سوزن‌دوز", "embroiderer"),
    image_style="embroidery",
    products=(
        Product(_p("رومیزی سوزن‌دوزی", "embroidered tablecloth"),
                _p("پارچه کتان، نخ ابریشم", "linen ground, silk thread"),
                (flat(100, 100, 450, (12 * _M, 28 * _M)), flat(140, 200, 900, (22 * _M, 45 * _M)))),
        Product(_p("کوسن سوزن‌دوزی", "embroidered cushion cover"),
                _p("پارچه کتان، نخ ابریشم", "linen ground, silk thread"),
                (flat(45, 45, 200, (4 * _M, 10 * _M)),)),
        Product(_p("کیف سوزن‌دوزی", "embroidered handbag"),
                _p("پارچه مخمل، نخ ابریشم، آستر نخی", "velvet, silk thread, cotton lining"),
                (unlabelled((300, 100, 250), 350, (6 * _M, 15 * _M)),)),
        Product(_p("جانماز سوزن‌دوزی", "embroidered prayer mat"),
                _p("پارچه مخمل، نخ ابریشم", "velvet, silk thread"),
                (flat(60, 100, 400, (7 * _M, 16 * _M)),)),
    ),
    motifs=(
        _p("نقش بته‌جقه", "paisley"),
        _p("نقش گل انار", "pomegranate-flower"),
        _p("نقش اسلیمی", "arabesque"),
        _p("نقش پرنده", "bird-motif"),
        _p("نقش سرو", "cypress-motif"),
    ),
    colours=(
        _colour("زرشکی", "crimson", "#8e1d2c"),
        _colour("فیروزه‌ای", "turquoise", "#2a9d8f"),
        _colour("مشکی", "black", "#1c1c1c"),
        _colour("کرم", "cream", "#ece0c4"),
        _colour("سبز زمردی", "emerald", "#1e6b4d"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} با دست دوخته است.",
           "Embroidered by hand by {artisan} in {village}."),
    ),
    techniques=(
        _p("نقش را ابتدا با گچ روی پارچه می‌کشند و سپس کوک به کوک پر می‌کنند.",
           "The design is chalked onto the cloth and then filled in stitch by stitch."),
        _p("دوخت هر قطعه چند هفته کار در عصرهای زمستان است.",
           "Each piece is several weeks of winter evenings."),
        _p("رنگ نخ‌ها ثابت است و با شست‌وشو نمی‌رود.", "The threads are colourfast."),
    ),
    care=(
        _p("با آب ولرم و با دست بشویید و از پشت اتو کنید.",
           "Hand-wash lukewarm and iron on the reverse."),
    ),
    story=(
        _p("نقش‌هایش را از کاشی‌های مسجدها و خانه‌های قدیمی برمی‌دارد.",
           "{Sub} draws {pos} designs from the tiles of old mosques and houses."),
        _p("با گروهی از زنان همسایه کار می‌کند و سفارش‌های بزرگ را با هم می‌دوزند.",
           "{Sub} works with a group of neighbours, and they sew large orders together."),
    ),
    stock=(1, 6),
)

SILK_EMBROIDERY = Craft(
    slug="silk-embroidery",
    category="embroidery",
    maker=_p("گلدوز", "embroiderer"),
    image_style="embroidery",
    products=(
        Product(_p("تابلوی گلدوزی", "embroidered picture"),
                _p("نخ ابریشم روی ساتن، قاب چوبی", "silk thread on satin, wooden frame"),
                (flat(30, 40, 700, (800 * _K, 2 * _M)), flat(50, 70, 1500, (1_800_000, 4 * _M)),
                 flat(60, 90, 2300, (3 * _M, 6 * _M)))),
        Product(_p("کوسن گلدوزی", "embroidered cushion cover"),
                _p("نخ ابریشم روی ساتن", "silk thread on satin"),
                (flat(45, 45, 180, (250 * _K, 600 * _K)),)),
        Product(_p("رانر گلدوزی", "embroidered table runner"),
                _p("نخ ابریشم روی کتان", "silk thread on linen"),
                (flat(35, 150, 300, (600 * _K, 2 * _M)),)),
    ),
    motifs=(
        _p("نقش نیلوفر آبی", "lotus-motif"),
        _p("نقش درنا", "crane-motif"),
        _p("نقش بامبو", "bamboo-motif"),
        _p("نقش ماهی کپور", "carp-motif"),
        _p("نقش شکوفه هلو", "peach-blossom"),
    ),
    colours=(
        _colour("عاجی", "ivory", "#efe6d2"),
        _colour("سبز یشمی", "jade green", "#4a8c6c"),
        _colour("زرشکی", "crimson", "#8f1e2e"),
        _colour("نیلی", "indigo", "#2b3a6b"),
        _colour("طلایی", "gold", "#c9a43a"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village}، روستای گلدوزی جنوب هانوی، دوخته است.",
           "Stitched by {artisan} in {village}, the embroidery village south of Hanoi."),
    ),
    techniques=(
        _p("گلدوزی در {village} از سده هفدهم رواج داشته است.",
           "Embroidery has been practised in {village} since the seventeenth century."),
        _p("سایه‌روشن‌ها با کوک‌های بلند و کوتاه و ده‌ها رنگ نخ ساخته شده‌اند.",
           "Shading is built up with long and short stitches in dozens of thread colours."),
        _p("دوخت یک تابلوی متوسط گاهی یک ماه کار می‌برد.",
           "A mid-sized picture can take a month of work."),
    ),
    care=(_p("دور از نور مستقیم و رطوبت نگه دارید.", "Keep away from direct sun and damp."),),
    story=(
        _p("برای یک تابلوی بزرگ گاهی ماه‌ها کار می‌کند و بیش از پنجاه رنگ نخ به کار می‌برد.",
           "A large picture can take {obj} months and more than fifty thread colours."),
        _p("نقش‌هایش را از شالیزارها و برکه‌های نیلوفر روستا می‌گیرد.",
           "{Sub} takes {pos} motifs from the rice fields and lotus ponds of the village."),
    ),
    stock=(1, 8),
)

SILK = Craft(
    slug="silk",
    category="silk",
    maker=_p("بافنده ابریشم", "silk weaver"),
    image_style="silk",
    products=(
        Product(_p("روسری ابریشمی", "silk scarf"),
                _p("ابریشم خالص وان فوک", "pure Van Phuc silk"),
                (flat(90, 90, 80, (250 * _K, 900 * _K)),)),
        Product(_p("شال ابریشمی", "silk shawl"),
                _p("ابریشم خالص وان فوک", "pure Van Phuc silk"),
                (flat(70, 180, 120, (600 * _K, 1800 * _K)),)),
        Product(_p("پارچه ابریشمی", "silk fabric"),
                _p("ابریشم خالص وان فوک", "pure Van Phuc silk"),
                (labelled("۳ متر", "3 m length", (3000, 900, None), 300, (900 * _K, 2400 * _K)),)),
        Product(_p("کراوات ابریشمی", "silk tie"),
                _p("ابریشم خالص وان فوک", "pure Van Phuc silk"),
                (unlabelled((1450, 80, None), 60, (200 * _K, 500 * _K)),)),
    ),
    motifs=(
        _p("طرح ابر", "cloud-pattern"),
        _p("ساده", "plain-weave"),
        _p("گل‌دار", "floral-brocade"),
        _p("نقش اژدها", "dragon-brocade"),
    ),
    colours=(
        _colour("صورتی نیلوفری", "lotus pink", "#e08aa0"),
        _colour("سبز یشمی", "jade", "#3f8f73"),
        _colour("عاجی", "ivory", "#f1e9d6"),
        _colour("نیلی", "indigo", "#2a3a70"),
        _colour("زعفرانی", "saffron", "#e0a21f"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} روی دستگاه بافندگی خانواده بافته است.",
           "{artisan} wove this {noun} on the family loom in {village}."),
    ),
    techniques=(
        _p("ابریشم وان فوک بیش از هزار سال پیشینه دارد و روزگاری جامه دربار بوده است.",
           "Van Phuc silk has a history of more than a thousand years and once dressed the "
           "royal court."),
        _p("نقش در خود بافت پدید می‌آید و با تغییر نور جلوه‌ای دیگر پیدا می‌کند.",
           "The pattern is woven into the cloth itself and shifts with the light."),
        _p("پارچه پس از بافت در دیگ‌های کوچک رنگ می‌شود.",
           "The cloth is dyed in small batches after weaving."),
    ),
    care=_SILK_CARE,
    story=(
        _p("دستگاه بافندگی خانواده را از پدرش به ارث برده است.",
           "{Sub} inherited the family loom from {pos} father."),
        _p("تنها با ابریشم طبیعی کار می‌کند و رنگ‌ها را از گیاهان می‌گیرد.",
           "{Sub} works only with natural silk and takes {pos} colours from plants."),
    ),
    stock=(2, 20),
)

KALAGHEI = Craft(
    slug="kalaghei",
    category="silk",
    maker=_p("رنگرز کلاغی", "kalaghei dyer"),
    image_style="silk",
    products=(
        Product(_p("روسری کلاغی", "kalaghei silk headscarf"),
                _p("ابریشم خالص، رنگ‌های گیاهی، موم", "pure silk, plant dyes, wax resist"),
                (flat(110, 110, 90, (8 * _M, 25 * _M)),)),
        Product(_p("شال کلاغی", "kalaghei silk shawl"),
                _p("ابریشم خالص، رنگ‌های گیاهی، موم", "pure silk, plant dyes, wax resist"),
                (flat(70, 180, 110, (15 * _M, 45 * _M)),)),
        Product(_p("دستمال‌گردن کلاغی", "kalaghei neckerchief"),
                _p("ابریشم خالص، رنگ‌های گیاهی", "pure silk, plant dyes"),
                (flat(55, 55, 35, (4 * _M, 10 * _M)),)),
    ),
    motifs=(
        _p("نقش بته‌جقه", "paisley"),
        _p("نقش ترنج", "medallion"),
        _p("نقش سرو", "cypress-motif"),
        _p("نقش گل و مرغ", "bird-and-flower"),
    ),
    colours=(
        _colour("لاکی", "madder red", "#a3262a"),
        _colour("مشکی", "black", "#1b1b1d"),
        _colour("سبز زمردی", "emerald", "#1e6e4e"),
        _colour("لاجوردی", "lapis blue", "#27508f"),
        _colour("نارنجی", "saffron orange", "#df7f1f"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} مهر زده و رنگرزی کرده است.",
           "{artisan} block-printed and dyed this {noun} in {village}."),
    ),
    techniques=(
        _p("نقش‌ها با قالب چوبی و موم داغ روی ابریشم زده می‌شوند و پارچه چند بار در رنگ فرو "
           "می‌رود.",
           "The motifs are stamped onto the silk with wooden blocks and hot wax, and the cloth "
           "is dipped in dye several times."),
        _p("کلاغی از دیرباز روسری جشن‌های زنان آذربایجان بوده است.",
           "Kalaghei has long been the festive headscarf of Azerbaijani women."),
        _p("پس از رنگرزی، موم با آب جوش شسته می‌شود تا نقش روشن پدیدار شود.",
           "Boiling water lifts the wax afterwards and reveals the pale pattern."),
    ),
    care=_SILK_CARE,
    story=(
        _p("قالب‌های چوبی‌اش را از استادکاران قدیمی اسکو خریده و برخی بیش از صد سال عمر دارند.",
           "{Sub} bought {pos} wooden blocks from old masters in Osku; some are over a century "
           "old."),
    ),
    stock=(1, 8),
)

AO_DAI = Craft(
    slug="ao-dai",
    category="ao-dai",
    maker=_p("خیاط آئو دای", "ao dai tailor"),
    image_style="silk",
    products=(
        Product(_p("آئو دای زنانه", "women's ao dai"),
                _p("ابریشم، آستر ساتن", "silk, satin lining"),
                tuple(labelled(f"سایز {s}", f"size {s}", (1350, 450, None), 400,
                               (1200 * _K, 4500 * _K)) for s in ("S", "M", "L"))),
        Product(_p("آئو دای مردانه", "men's ao dai"),
                _p("ابریشم، آستر ساتن", "silk, satin lining"),
                tuple(labelled(f"سایز {s}", f"size {s}", (1200, 500, None), 450,
                               (1200 * _K, 3500 * _K)) for s in ("M", "L"))),
        Product(_p("آئو دای کودک", "children's ao dai"),
                _p("ابریشم مصنوعی، آستر نخی", "art silk, cotton lining"),
                (labelled("۴ تا ۶ سال", "age 4–6", (800, 300, None), 180, (500 * _K, 900 * _K)),
                 labelled("۷ تا ۹ سال", "age 7–9", (950, 350, None), 220,
                          (600 * _K, 1200 * _K)))),
    ),
    motifs=(
        _p("ساده", "plain"),
        _p("با نقش نیلوفر نقاشی‌شده", "with hand-painted lotus"),
        _p("با گلدوزی گل داوودی", "with chrysanthemum embroidery"),
        _p("با طرح ابر", "with cloud pattern"),
    ),
    colours=(
        _colour("قرمز", "red", "#b3202a"),
        _colour("سفید", "white", "#f4f1ea"),
        _colour("آبی آسمانی", "sky blue", "#7fb2d9"),
        _colour("زرد طلایی", "golden yellow", "#e2b12a"),
        _colour("صورتی", "pink", "#e48fa6"),
    ),
    intros=(
        _p("{artisan} این {noun} را در کارگاه خیاطی‌اش در {village} دوخته است.",
           "{artisan} tailored this {noun} in a workshop in {village}."),
    ),
    techniques=(
        _p("{village} روستای خیاطان آئو دای است و بیشتر خانواده‌هایش به دوخت این لباس "
           "مشغول‌اند.",
           "{village} is an ao dai tailoring village where most families sew the dress."),
        _p("برش و پرداخت با دست انجام می‌شود و یقه و دکمه‌ها با دقت جا می‌افتند.",
           "It is cut and finished by hand, with the collar and buttons set with care."),
        _p("اندازه‌ها را می‌توان هنگام سفارش تنظیم کرد.",
           "Measurements can be adjusted when you order."),
    ),
    care=(_p("خشک‌شویی کنید یا با آب سرد و با دست بشویید.", "Dry-clean or hand-wash cold."),),
    story=(
        _p("هر آئو دای را پس از گرفتن اندازه‌ها با دقت برش می‌زند.",
           "{Sub} cuts every ao dai carefully to the customer's measurements."),
        _p("برای عروسی‌ها و جشن تت سفارش‌های بسیاری می‌گیرد.",
           "{Sub} takes many orders for weddings and for Tết."),
    ),
    stock=(1, 10),
)

RATTAN = Craft(
    slug="rattan",
    category="wicker-rattan",
    maker=_p("بافنده رتان و بامبو", "rattan and bamboo weaver"),
    image_style="wicker",
    products=(
        Product(_p("سبد رتان", "rattan basket"),
                _p("رتان، بامبو، لاک طبیعی", "rattan, bamboo, natural lacquer"),
                (across(25, 20, 450, (180 * _K, 400 * _K)),
                 across(35, 28, 800, (300 * _K, 650 * _K)))),
        Product(_p("سینی رتان", "rattan tray"),
                _p("رتان، بامبو", "rattan, bamboo"),
                (flat(30, 40, 600, (150 * _K, 450 * _K)),)),
        Product(_p("آباژور بامبو", "bamboo lampshade"),
                _p("بامبو، رتان", "bamboo, rattan"),
                (across(30, 25, 400, (350 * _K, 800 * _K)),
                 across(45, 35, 700, (600 * _K, 1200 * _K)))),
        Product(_p("جعبه رتان درب‌دار", "lidded rattan box"),
                _p("رتان، بامبو، آستر پارچه‌ای", "rattan, bamboo, fabric lining"),
                (flat(20, 30, 500, (250 * _K, 800 * _K)),)),
    ),
    motifs=(
        _p("با بافت ریز", "fine-weave"),
        _p("با بافت مشبک", "open-weave"),
        _p("با بافت جناغی", "herringbone"),
        _p("با بافت ضربدری", "criss-cross"),
    ),
    colours=(
        _colour("طبیعی", "natural", "#c8a46e"),
        _colour("قهوه‌ای دودی", "smoked brown", "#6b4a2e"),
        _colour("عسلی", "honey", "#b8863b"),
        _colour("مشکی", "black", "#2a2624"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} با دست بافته است.",
           "{artisan} hand-wove this {noun} in {village}."),
    ),
    techniques=(
        _p("رشته‌های رتان را می‌جوشانند، در آفتاب خشک می‌کنند و سپس با دست می‌بافند.",
           "The rattan strands are boiled, sun-dried and then woven by hand."),
        _p("{village} از قدیمی‌ترین روستاهای بافت رتان و بامبو در هانوی است.",
           "{village} is one of Hanoi's oldest rattan and bamboo weaving villages."),
        _p("هر قطعه حدود دو روز کار یک بافنده است.",
           "Each piece is about two days of one weaver's work."),
    ),
    care=_BASKET_CARE,
    story=(
        _p("رتان را از استان‌های کوهستانی شمال می‌خرد و در حیاط خانه آفتاب می‌دهد.",
           "{Sub} buys rattan from the northern mountain provinces and sun-dries it in {pos} "
           "yard."),
        _p("طرح‌های تازه‌ای را برای خریداران ژاپنی و اروپایی آزموده است.",
           "{Sub} has tried new designs for buyers in Japan and Europe."),
    ),
    stock=(2, 20),
)

WILLOW = Craft(
    slug="willow",
    category="wicker-rattan",
    maker=_p("سبدباف", "basket maker"),
    image_style="wicker",
    products=(
        Product(_p("سبد ترکه‌ای", "willow basket"),
                _p("ترکه بید", "willow rods"),
                (across(25, 18, 400, (2 * _M, 4 * _M)), across(35, 25, 700, (3 * _M, 6 * _M)),
                 across(45, 30, 1100, (4 * _M, 8 * _M)))),
        Product(_p("سینی ترکه‌ای", "willow tray"),
                _p("ترکه بید", "willow rods"),
                (across(35, 5, 500, (3 * _M, 7 * _M)),)),
        Product(_p("سبد نان", "bread basket"),
                _p("ترکه بید، آستر پارچه‌ای", "willow rods, cloth lining"),
                (flat(20, 30, 300, (2 * _M, 4_500_000)),)),
    ),
    motifs=(
        _p("با بافت ریز", "fine-weave"),
        _p("با بافت مشبک", "open-weave"),
        _p("با بافت جناغی", "herringbone"),
    ),
    colours=(
        _colour("پوست‌دار", "bark-on brown", "#7a5a3a"),
        _colour("سفید", "peeled white", "#e2d4b0"),
        _colour("عسلی", "buff", "#b99155"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} از ترکه‌های بید بافته است.",
           "{artisan} wove this {noun} from willow rods in {village}."),
    ),
    techniques=(
        _p("ترکه‌های بید را از باغ‌های کنار دریاچه ارومیه می‌چینند و پیش از بافت در آب "
           "می‌خوابانند.",
           "The willow is cut in orchards near Lake Urmia and soaked before weaving."),
        _p("بافت ساده و محکم آن بار سنگین را هم تاب می‌آورد.",
           "The close, plain weave takes heavy loads."),
    ),
    care=_BASKET_CARE,
    story=(
        _p("ترکه‌های بید را هر پاییز خودش از باغ‌ها می‌چیند.",
           "{Sub} cuts {pos} own willow rods in the orchards each autumn."),
    ),
    stock=(1, 10),
)

WOODCARVING = Craft(
    slug="woodcarving",
    category="woodwork",
    maker=_p("منبت‌کار", "woodcarver"),
    image_style="wood",
    products=(
        Product(_p("جعبه منبت", "carved wooden box"),
                _p("چوب محلی، روغن بزرک", "local hardwood, linseed oil"),
                (flat(14, 20, 500, (8 * _M, 16 * _M)), flat(20, 30, 1100, (14 * _M, 30 * _M)))),
        Product(_p("قاشق چوبی منبت", "carved wooden spoon set"),
                _p("چوب محلی، روغن خوراکی", "local hardwood, food-safe oil"),
                (labelled("سری ۶ عددی", "set of 6", (250, 60, 30), 250,
                          (1_500_000, 5 * _M)),)),
        Product(_p("سینی چوبی منبت", "carved wooden tray"),
                _p("چوب محلی، روغن بزرک", "local hardwood, linseed oil"),
                (across(35, 4, 900, (5 * _M, 15 * _M)),)),
        Product(_p("قاب آینه منبت", "carved mirror frame"),
                _p("چوب محلی، آینه، روغن بزرک", "local hardwood, mirror glass, linseed oil"),
                (flat(40, 60, 2600, (15 * _M, 60 * _M)),)),
    ),
    motifs=(
        _p("نقش اسلیمی", "arabesque"),
        _p("نقش گل و مرغ", "bird-and-flower"),
        _p("نقش هندسی", "geometric"),
        _p("نقش تاک", "grapevine-motif"),
    ),
    colours=(
        _colour("چوب گردو", "walnut", "#5c3b24"),
        _colour("چوب گلابی", "pear-wood", "#b07a4f"),
        _colour("چوب زردآلو", "apricot-wood", "#a0613a"),
        _colour("چوب راش", "beech", "#c99e6e"),
    ),
    intros=(
        _p("{artisan} این {noun} را در {village} با مغار و قلم کنده‌کاری کرده است.",
           "Carved with gouge and chisel by {artisan} in {village}."),
    ),
    techniques=(
        _p("چوب پیش از کار چند سال در سایه خشک شده تا ترک برندارد.",
           "The wood was air-dried for several years so that it will not crack."),
        _p("نقش برجسته با دست کنده شده و با روغن طبیعی پرداخت شده است.",
           "The relief is cut by hand and finished with natural oil."),
    ),
    care=(
        _p("گاه‌به‌گاه با کمی روغن خوراکی یا موم چوب جلا دهید.",
           "Refresh now and then with a little food-safe oil or wax."),
    ),
    story=(
        _p("با چوب درختان میوه‌ای کار می‌کند که در باغ‌های روستا خشک شده‌اند.",
           "{Sub} works with wood from fruit trees that have died in the village orchards."),
        _p("ابزارهایش را خودش می‌سازد و تیز می‌کند.", "{Sub} makes and sharpens {pos} own tools."),
    ),
    stock=(1, 8),
)

LACQUER_CARVING = Craft(
    slug="lacquer-carving",
    category="woodwork",
    maker=_p("منبت‌کار و لاک‌کار", "woodcarver and lacquerer"),
    image_style="wood",
    products=(
        Product(_p("مجسمه چوبی", "carved wooden statue"),
                _p("چوب جک‌فروت، لاک طبیعی", "jackfruit wood, natural lacquer"),
                (tall(30, 12, 1200, (1500 * _K, 5 * _M)), tall(50, 18, 3500, (4 * _M, 12 * _M)),
                 tall(80, 25, 9000, (10 * _M, 25 * _M)))),
        Product(_p("سینی لاکی", "lacquered tray"),
                _p("چوب، لاک طبیعی", "wood, natural lacquer"),
                (flat(30, 40, 700, (300 * _K, 1500 * _K)),)),
        Product(_p("تابلوی منبت", "carved wooden panel"),
                _p("چوب جک‌فروت، لاک طبیعی", "jackfruit wood, natural lacquer"),
                (flat(40, 80, 3000, (2 * _M, 12 * _M)),)),
    ),
    motifs=(
        _p("نقش ققنوس", "phoenix-motif"),
        _p("نقش اژدها", "dragon-motif"),
        _p("نقش نیلوفر آبی", "lotus-motif"),
        _p("نقش ماهی کپور", "carp-motif"),
        _p("نقش چهار فصل", "four-seasons"),
    ),
    colours=_LACQUER_COLOURS + (_colour("طلاکاری", "gilded", "#c8a03c"),),
    intros=(
        _p("{artisan} این {noun} را در {village} کنده‌کاری و لاک‌کاری کرده است.",
           "Carved and lacquered by {artisan} in {village}."),
    ),
    techniques=(
        _p("{village} سده‌هاست مجسمه‌ها و اشیای آیینی معبدها را می‌سازد.",
           "{village} has made statues and temple furnishings for centuries."),
        _p("لاک طبیعی در چند لایه زده می‌شود و هر لایه پیش از لایه بعدی سمباده می‌خورد.",
           "Natural lacquer goes on in several coats, each sanded before the next."),
        _p("طلاکاری با ورق نازک طلا و با دست انجام می‌شود.",
           "Gilding is done by hand with thin gold leaf."),
    ),
    care=_LACQUER_CARE,
    story=(
        _p("خانواده‌اش نسل‌ها برای معبدهای شمال ویتنام مجسمه ساخته‌اند.",
           "{Pos} family has carved statues for temples across northern Vietnam for "
           "generations."),
    ),
    stock=(1, 6),
)

INLAY = Craft(
    slug="inlay",
    category="woodwork",
    maker=_p("صدف‌کار", "mother-of-pearl inlayer"),
    image_style="inlay",
    products=(
        Product(_p("جعبه صدف‌کاری", "mother-of-pearl inlaid box"),
                _p("چوب، صدف، لاک طبیعی", "wood, mother-of-pearl, natural lacquer"),
                (flat(15, 20, 500, (600 * _K, 1500 * _K)), flat(20, 30, 900, (1 * _M, 3500 * _K)))),
        Product(_p("سینی صدف‌کاری", "inlaid tray"),
                _p("چوب، صدف، لاک طبیعی", "wood, mother-of-pearl, natural lacquer"),
                (flat(30, 40, 900, (800 * _K, 4 * _M)),)),
        Product(_p("تابلوی صدف‌کاری", "inlaid picture"),
                _p("چوب، صدف، لاک طبیعی", "wood, mother-of-pearl, natural lacquer"),
                (flat(40, 60, 2200, (2 * _M, 8 * _M)), flat(60, 90, 4200, (5 * _M, 15 * _M)))),
        Product(_p("چوب غذای صدف‌کاری", "inlaid chopsticks"),
                _p("چوب، صدف", "wood, mother-of-pearl"),
                (labelled("۱۰ جفت", "10 pairs", (250, 80, 30), 300, (200 * _K, 600 * _K)),)),
    ),
    motifs=(
        _p("نقش نیلوفر آبی", "lotus-motif"),
        _p("نقش درنا", "crane-motif"),
        _p("نقش بامبو", "bamboo-motif"),
        _p("با منظره روستا", "village-scene"),
        _p("نقش شکوفه هلو", "peach-blossom"),
    ),
    colours=_LACQUER_COLOURS,
    intros=(
        _p("{artisan} این {noun} را در {village} ساخته است.",
           "{artisan} made this {noun} in {village}."),
    ),
    techniques=(
        _p("صدف را به تکه‌های ریز می‌برند و یکی‌یکی در شیارهایی که در چوب کنده شده "
           "می‌نشانند.",
           "The shell is cut into tiny pieces and set one by one into grooves cut in the wood."),
        _p("{village} شناخته‌شده‌ترین روستای صدف‌کاری ویتنام است.",
           "{village} is Vietnam's best-known mother-of-pearl inlay village."),
        _p("پس از نشاندن صدف، سطح کار لاک می‌خورد و صیقل داده می‌شود.",
           "After inlaying, the surface is lacquered and polished."),
    ),
    care=_LACQUER_CARE,
    story=(
        _p("صدف را از سواحل جنوب ویتنام می‌خرد و با اره‌های ظریف دستی می‌برد.",
           "{Sub} buys shell from Vietnam's southern coast and cuts it with fine hand saws."),
    ),
    stock=(1, 8),
)

COPPER = Craft(
    slug="copper",
    category="metalwork",
    maker=_p("مسگر", "coppersmith"),
    image_style="metal",
    products=(
        Product(_p("سینی مسی", "copper tray"),
                _p("مس خالص", "pure copper"),
                (across(30, 3, 900, (28 * _M, 50 * _M)), across(40, 3, 1400, (40 * _M, 70 * _M)),
                 across(50, 4, 2100, (60 * _M, 100 * _M)))),
        Product(_p("کاسه مسی", "copper bowl"),
                _p("مس خالص، داخل سفیدگری‌شده با قلع", "pure copper, tin-lined"),
                (across(14, 7, 400, (14 * _M, 25 * _M)), across(20, 9, 700, (22 * _M, 38 * _M)))),
        Product(_p("پارچ مسی", "copper jug"),
                _p("مس خالص، داخل سفیدگری‌شده با قلع", "pure copper, tin-lined"),
                (tall(20, 13, 800, (25 * _M, 45 * _M)), tall(25, 15, 1100, (32 * _M, 55 * _M)))),
        Product(_p("دیگ مسی", "copper pot"),
                _p("مس خالص، داخل سفیدگری‌شده با قلع", "pure copper, tin-lined"),
                (labelled("گنجایش ۴ لیتر", "4 L", (240, 240, 160), 2300, (65 * _M, 110 * _M)),
                 labelled("گنجایش ۸ لیتر", "8 L", (300, 300, 200), 3600,
                          (100 * _M, 160 * _M)))),
    ),
    motifs=(
        _p("چکش‌کاری‌شده", "hand-hammered"),
        _p("قلم‌زنی‌شده", "hand-engraved"),
        _p("ساده", "plain"),
        _p("با قلم‌زنی اسلیمی", "arabesque-engraved"),
    ),
    colours=(
        _colour("مس طبیعی", "natural copper", "#b8693a"),
        _colour("آنتیک", "antique patina", "#7a4a2c"),
        _colour("براق", "polished", "#d9874f"),
    ),
    intros=(
        _p("{artisan} این {noun} را در کارگاه مسگری‌اش در {village} ساخته است.",
           "{artisan} made this {noun} in a copper workshop in {village}."),
    ),
    techniques=(
        _p("ورق مس روی سندان و با هزاران ضربه چکش شکل گرفته است.",
           "The copper sheet is shaped on the anvil with thousands of hammer blows."),
        _p("درون ظرف‌های آشپزخانه به روش سنتی سفیدگری شده تا برای غذا بی‌خطر باشد.",
           "Cookware is tinned inside the traditional way so that it is safe for food."),
        _p("نقش‌ها با قلم فولادی و چکش کوچک روی مس زده می‌شوند.",
           "Patterns are chased into the copper with a steel punch and a small hammer."),
    ),
    care=(
        _p("با آبلیمو و نمک جلا دهید و سفیدگری درون ظرف را هر چند سال تازه کنید.",
           "Polish with lemon and salt; have the tin lining renewed every few years."),
    ),
    story=(
        _p("صدای چکش کارگاهش از صبح زود در کوچه می‌پیچد.",
           "The sound of {pos} hammer fills the lane from early morning."),
        _p("ظرف‌های کهنه مسی را هم سفیدگری و تعمیر می‌کند.",
           "{Sub} also re-tins and mends old copperware."),
    ),
    stock=(1, 6),
)

HONEY = Craft(
    slug="honey",
    category="honey",
    maker=_p("زنبوردار", "beekeeper"),
    image_style="honey",
    products=(
        Product(_p("عسل", "honey"),
                _p("عسل خام طبیعی", "raw natural honey"),
                (net(500, 720, (90, 90, 110), (2_500_000, 4 * _M)),
                 net(1000, 1350, (100, 100, 150), (4 * _M, 8 * _M)),
                 net(2000, 2600, (130, 130, 190), (8 * _M, 15 * _M)))),
    ),
    motifs=(
        _p("گون", "astragalus"),
        _p("آویشن", "thyme"),
        _p("چندگیاه", "wildflower"),
        _p("موم‌دار", "comb"),
        _p("کوهی", "mountain"),
    ),
    colours=(),
    intros=(
        _p("{artisan} این {noun} را از کندوهایش در کوهپایه‌های {village} برداشت کرده است.",
           "{artisan} took this {noun} from hives on the hillsides around {village}."),
    ),
    techniques=(
        _p("کندوها تابستان به مراتع بالادست کوچ داده می‌شوند تا زنبورها از گل‌های کوهی "
           "تغذیه کنند.",
           "In summer the hives move up to the high pastures, where the bees forage on "
           "mountain flowers."),
        _p("عسل بدون حرارت و تنها با صافی از شان جدا شده است.",
           "The honey is strained from the comb without heating."),
        _p("شکرک زدن عسل طبیعی نشانه خالص بودن آن است.",
           "Natural honey crystallises over time; that is a sign that it is pure."),
    ),
    care=(
        _p("در دمای اتاق و دور از نور نگه دارید.", "Store at room temperature, away from light."),
    ),
    story=(
        _p("بیش از صد کندو دارد و تابستان‌ها همراه زنبورها به مراتع بالادست کوچ می‌کند.",
           "{Sub} keeps more than a hundred hives and moves with them to the high pastures each "
           "summer."),
        _p("عسلش را بی‌حرارت و تنها با صافی از شان جدا می‌کند.",
           "{Sub} strains {pos} honey from the comb without heating it."),
    ),
    stock=(5, 25),
    tint=(201, 130, 24),
    handmade=False,
)

DRIED_FRUIT = Craft(
    slug="dried-fruit",
    category="dried-fruit-nuts",
    maker=_p("باغدار و تولیدکننده خشکبار", "grower and dried-fruit maker"),
    image_style="dried-fruit",
    products=(
        Product(_p("برگه زردآلو", "dried apricots"),
                _p("زردآلوی آفتاب‌خشک، بدون گوگرد", "sun-dried apricots, no sulphur"),
                (net(500, 560, (200, 140, 60), (1_200_000, 2_500_000)),
                 net(1000, 1080, (240, 170, 70), (2_300_000, 4_800_000)))),
        Product(_p("کشمش", "raisins"),
                _p("انگور آفتاب‌خشک", "sun-dried grapes"),
                (net(500, 560, (200, 140, 60), (800_000, 1_600_000)),
                 net(1000, 1080, (240, 170, 70), (1_500_000, 3 * _M)))),
        Product(_p("مغز گردو", "walnut kernels"),
                _p("گردوی محلی", "local walnuts"),
                (net(500, 560, (200, 140, 60), (2_500_000, 4_500_000)),)),
        Product(_p("توت خشک", "dried white mulberries"),
                _p("توت سفید آفتاب‌خشک", "sun-dried white mulberries"),
                (net(500, 560, (200, 140, 60), (1_200_000, 2_200_000)),)),
        Product(_p("چیپس سیب", "apple crisps"),
                _p("سیب محلی، بدون شکر افزوده", "local apples, no added sugar"),
                (net(250, 300, (200, 140, 60), (700_000, 1_400_000)),)),
    ),
    motifs=(
        _p("درجه یک", "first-grade"),
        _p("محصول امسال", "new-season"),
        _p("دست‌چین", "hand-picked"),
    ),
    colours=(),
    intros=(
        _p("این {noun} از باغ‌های {artisan} در {village} است.",
           "These {noun} come from {artisan}'s orchards in {village}."),
    ),
    techniques=(
        _p("میوه‌ها روی سکوهای چوبی و زیر آفتاب تابستان خشک می‌شوند، بدون گوگرد و افزودنی.",
           "The fruit dries on wooden racks in the summer sun, with no sulphur or additives."),
        _p("باغ‌های {village} با آب چشمه‌های کوهستان آبیاری می‌شوند.",
           "The orchards of {village} are watered from mountain springs."),
        _p("محصول پس از خشک شدن با دست سورت و در بسته‌های کوچک بسته‌بندی می‌شود.",
           "After drying, everything is sorted by hand and packed in small batches."),
    ),
    care=(
        _p("در جای خشک و خنک و در ظرف دربسته نگه دارید.",
           "Keep in a cool, dry place in a closed container."),
    ),
    story=(
        _p("باغ خانوادگی‌اش زردآلو، انگور و گردو دارد و میوه‌ها را روی بام خانه خشک می‌کند.",
           "{Pos} family orchard grows apricots, grapes and walnuts, which {sub} dries on the "
           "roof of the house."),
    ),
    stock=(5, 25),
    tint=(196, 112, 40),
    handmade=False,
)

TEA = Craft(
    slug="tea",
    category="tea",
    maker=_p("چایکار", "tea grower"),
    image_style="tea",
    products=(
        Product(_p("چای سبز", "green tea"),
                _p("برگ چای تازه، بدون افزودنی", "fresh tea leaves, nothing added"),
                (net(100, 160, (80, 80, 120), (120 * _K, 300 * _K)),
                 net(200, 280, (90, 90, 150), (200 * _K, 500 * _K)),
                 net(500, 640, (110, 110, 190), (450 * _K, 1100 * _K)))),
        Product(_p("جعبه هدیه چای سبز", "green tea gift box"),
                _p("برگ چای تازه، جعبه چوبی", "fresh tea leaves, wooden box"),
                (labelled("۲ × ۱۰۰ گرم", "2 × 100 g", (220, 120, 100), 450,
                          (350 * _K, 900 * _K)),)),
    ),
    motifs=(
        _p("برگ قلابی", "hook-leaf"),
        _p("جوانه", "bud"),
        _p("بهاره", "spring-harvest"),
        _p("دست‌چین", "hand-picked"),
    ),
    colours=(),
    intros=(
        _p("{artisan} این {noun} را در تپه‌های {village} کاشته، چیده و فرآوری کرده است.",
           "{artisan} grew, picked and processed this {noun} on the hills of {village}."),
    ),
    techniques=(
        _p("برگ‌ها در تابه‌های آهنی و با دست تفت داده و لوله می‌شوند.",
           "The leaves are roasted and rolled by hand in iron pans."),
        _p("چای تان کونگ به طعم گس و پس‌مزه شیرینش شناخته می‌شود.",
           "Tan Cuong tea is known for its brisk taste and sweet aftertaste."),
        _p("از هر شاخه تنها جوانه و دو برگ بالایی چیده می‌شود.",
           "Only the bud and the top two leaves of each shoot are picked."),
    ),
    care=(
        _p("با آب حدود ۸۰ درجه دم کنید و در ظرف دربسته نگه دارید.",
           "Brew with water at about 80 °C and keep sealed."),
    ),
    story=(
        _p("تپه‌های چای خانواده را بی‌کود شیمیایی نگه داشته است.",
           "{Sub} keeps the family's tea hills free of chemical fertiliser."),
        _p("برگ‌ها را هنوز در تابه آهنی و با دست تفت می‌دهد.",
           "{Sub} still roasts the leaves by hand in an iron pan."),
    ),
    stock=(5, 25),
    tint=(92, 128, 52),
    handmade=False,
)

CRAFTS: dict[str, Craft] = {
    craft.slug: craft
    for craft in (
        CARPET, SILK_CARPET, KILIM, VERNI, JAJIM, POTTERY, CERAMICS, KNITWEAR, NEEDLE_EMBROIDERY,
        SILK_EMBROIDERY, SILK, KALAGHEI, AO_DAI, RATTAN, WILLOW, WOODCARVING, LACQUER_CARVING,
        INLAY, COPPER, HONEY, DRIED_FRUIT, TEA,
    )
}
