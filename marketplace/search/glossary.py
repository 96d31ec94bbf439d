"""The crafts glossary: words in Persian, English and Vietnamese that shoppers use for the same
craft, material, object or motif, so that a search in one finds listings written in another.

Each concept lists its written forms; `analysis` turns them into terms. A listing's text gets a
concept's token (`CONCEPT_MARK` + name, which no typed text can produce) once for every word of
the concept it contains, and a query word of the concept matches that token: "سفال" finds
listings titled "سرامیکی", "ceramic" and "gốm", and "scarves" finds "شال‌گردن".

Only words that mean the same thing to a shopper belong together. Words that are also colours
are left out (لاکی is lacquered and madder-red, عسلی honey-coloured, آبی blue and the water
of نیلوفر آبی, the lotus), and so are Vietnamese
words that spell an English word or a place once their accents are folded (đồng, bát, bình).
bench/search_quality.py measures what the glossary gains and whether it floods results.
"""
from __future__ import annotations

CONCEPT_MARK = "~"

# name: (Persian, English, Vietnamese) written forms
CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # crafts and materials
    "pottery": (("سفال", "سفالی", "سرامیک", "سرامیکی", "سفالگری"),
                ("pottery", "ceramic", "ceramics", "earthenware", "stoneware"), ("gốm", "gốm sứ")),
    "carpet": (("فرش", "قالی", "قالیچه"), ("carpet", "rug"), ("thảm",)),
    "kilim": (("گلیم", "گلیمی", "گلیمچه"), ("kilim",), ()),
    "silk": (("ابریشم", "ابریشمی"), ("silk", "silken"), ("lụa", "tơ tằm")),
    "wool": (("پشم", "پشمی"), ("wool", "woollen", "woolen"), ("len",)),
    "wood": (("چوب", "چوبی"), ("wood", "wooden"), ("gỗ",)),
    "copper": (("مس", "مسی"), ("copper", "copperware"), ()),
    "embroidery": (("سوزن‌دوزی", "گلدوزی", "رودوزی"), ("embroidery", "embroidered", "embroider",
                                                       "needlework"), ("thêu",)),
    "carving": (("منبت", "منبت‌کاری"), ("carved", "carving", "woodcarving"), ("chạm khắc",)),
    "engraving": (("قلم‌زنی",), ("engraved", "engraving"), ()),
    "hammered": (("چکش‌کاری",), ("hammered",), ()),
    "inlay": (("صدف‌کاری", "صدف"), ("inlay", "inlaid", "mother-of-pearl"), ("khảm trai", "khảm")),
    "lacquer": (("لاک",), ("lacquer", "lacquerware"), ("sơn mài",)),
    "rattan": (("رتان",), ("rattan",), ()),
    "bamboo": (("بامبو",), ("bamboo",), ("tre",)),
    "willow": (("ترکه",), ("willow", "wicker"), ()),
    "handwoven": (("دست‌باف",), ("handwoven", "hand-woven"), ()),
    "handmade": (("دست‌ساز",), ("handmade", "hand-made"), ("thủ công",)),
    "honey": (("عسل",), ("honey",), ("mật ong",)),
    "tea": (("چای",), ("tea",), ("trà", "chè")),
    "dried-fruit": (("خشکبار",), ("dried fruit",), ()),
    "walnut": (("گردو",), ("walnut",), ()),
    "apricot": (("زردآلو",), ("apricot",), ()),
    "raisin": (("کشمش",), ("raisin",), ()),
    "mulberry": (("توت",), ("mulberry",), ()),
    "thyme": (("آویشن",), ("thyme",), ()),
    "astragalus": (("گون",), ("astragalus",), ()),
    "wildflower": (("چندگیاه",), ("wildflower", "multifloral"), ()),
    # things
    "ao-dai": (("آئو دای",), ("ao dai",), ()),
    "jajim": (("جاجیم",), ("jajim",), ()),
    "gabbeh": (("گبه",), ("gabbeh",), ()),
    "verni": (("ورنی",), ("verni",), ()),
    "khorjin": (("خورجین",), ("khorjin", "saddlebag"), ()),
    "basket": (("سبد",), ("basket",), ("giỏ",)),
    "tray": (("سینی",), ("tray",), ("khay",)),
    "bowl": (("کاسه",), ("bowl",), ()),
    "vase": (("گلدان",), ("vase",), ()),
    "plate": (("بشقاب",), ("plate",), ("đĩa",)),
    "jug": (("پارچ", "کوزه"), ("jug", "pitcher"), ()),
    "pot": (("دیگ",), ("pot", "cooking pot"), ()),
    "tea-set": (("سرویس چای", "قوری"), ("tea set", "teapot"), ()),
    "scarf": (("شال‌گردن", "روسری"), ("scarf", "headscarf"), ("khăn",)),
    "shawl": (("شال",), ("shawl", "stole"), ()),
    "tie": (("کراوات",), ("tie", "necktie"), ("cà vạt",)),
    "fabric": (("پارچه",), ("fabric", "cloth"), ("vải",)),
    "cushion": (("کوسن",), ("cushion", "pillow"), ()),
    "tablecloth": (("رومیزی",), ("tablecloth",), ()),
    "runner": (("کناره", "رانر"), ("runner",), ()),
    "prayer-mat": (("جانماز", "سجاده"), ("prayer mat", "prayer rug"), ()),
    "bag": (("کیف",), ("bag", "handbag", "purse"), ("túi",)),
    "socks": (("جوراب",), ("sock",), ()),
    "hat": (("کلاه",), ("hat", "beanie"), ("mũ",)),
    "waistcoat": (("جلیقه",), ("waistcoat", "vest"), ()),
    "lampshade": (("آباژور",), ("lampshade", "lamp shade"), ()),
    "box": (("جعبه",), ("box",), ("hộp",)),
    "mirror": (("آینه",), ("mirror",), ("gương",)),
    "spoon": (("قاشق",), ("spoon",), ()),
    "chopsticks": (("چوب غذا",), ("chopstick",), ("đũa",)),
    "statue": (("مجسمه",), ("statue", "sculpture", "figurine"), ("tượng",)),
    "picture": (("تابلو", "تابلوی"), ("picture",), ("tranh",)),
    # motifs
    "dragon": (("اژدها",), ("dragon",), ("rồng",)),
    "lotus": (("نیلوفر",), ("lotus",), ()),
    "crane": (("درنا",), ("crane",), ("hạc",)),
    "bird": (("پرنده", "مرغ"), ("bird",), ()),
    "fish": (("ماهی",), ("fish",), ()),
    "carp": (("ماهی کپور", "کپور"), ("carp", "koi"), ("cá chép",)),
    "paisley": (("بته‌جقه",), ("paisley",), ()),
    "cypress": (("سرو",), ("cypress",), ()),
    "pomegranate": (("انار",), ("pomegranate",), ()),
    "chrysanthemum": (("گل داوودی", "داوودی"), ("chrysanthemum",), ("hoa cúc",)),
    "peach-blossom": (("شکوفه هلو",), ("peach blossom",), ("hoa đào",)),
    # colours a shopper types in the other language
    "red": (("قرمز", "سرخ"), ("red",), ("đỏ",)),
    "green": (("سبز",), ("green",), ()),
    "black": (("مشکی", "سیاه"), ("black",), ()),
    "white": (("سفید",), ("white",), ("trắng",)),
    "golden": (("طلایی",), ("gold", "golden"), ()),
    "crimson": (("زرشکی",), ("crimson",), ()),
    "navy": (("سرمه‌ای",), ("navy",), ()),
    "turquoise": (("فیروزه‌ای", "فیروزه"), ("turquoise",), ()),
    "indigo": (("نیلی",), ("indigo",), ()),
}
