"""The demo's places, categories, certificate types, cooperatives and artisans, written by hand.

Places and institutions follow the field reports in shared/context: Jolfa's permanent handicraft
bazaar, Shabestar's women-led workshops, Sarein and Ardabil weavers, Qom's export cooperative with
foreign-resident shareholders, West Azerbaijan's licensed home businesses, Hanoi's craft villages.
"""
from __future__ import annotations

from dataclasses import dataclass

from marketplace.models import CooperativeKind, HolderKind, MembershipStatus, Role


@dataclass(frozen=True)
class Phrase:
    """The same words in Persian and English."""

    fa: str
    en: str


@dataclass(frozen=True)
class VillageSpec:
    slug: str
    name: Phrase
    description: Phrase


@dataclass(frozen=True)
class CountySpec:
    slug: str
    name: Phrase
    villages: tuple[VillageSpec, ...]


@dataclass(frozen=True)
class ProvinceSpec:
    slug: str
    country_code: str
    name: Phrase
    description: Phrase
    counties: tuple[CountySpec, ...]


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: Phrase
    children: tuple[CategorySpec, ...] = ()


@dataclass(frozen=True)
class CertificateTypeSpec:
    slug: str
    name: Phrase
    holders: tuple[HolderKind, ...]
    issuer: Phrase  # written on the demo's certificates: Persian in Iran, English in Vietnam
    valid_months: int
    number_prefix: str
    cooperatives_verify: bool = False


@dataclass(frozen=True)
class CooperativeSpec:
    slug: str
    name: Phrase
    kind: CooperativeKind
    province: str
    village: str | None
    description: Phrase
    commission_bps: int
    founded_year: int


@dataclass(frozen=True)
class AccountSpec:
    email: str
    role: Role
    display_name: str
    locale: str
    administers: str | None  # cooperative slug
    note: str


@dataclass(frozen=True)
class ArtisanSpec:
    slug: str
    name: Phrase
    pronoun: str  # "she" or "he": English stories need it; Persian has no gender
    village: str
    craft: str
    cooperative: str | None
    membership: MembershipStatus | None
    home_business: bool = False


# Prices are quoted the way shops quote them: whole thousands of toman, whole thousands of dong.
PRICE_STEP = {"IRR": 10_000, "VND": 1_000}


def _village(slug: str, fa: str, en: str, about_fa: str, about_en: str) -> VillageSpec:
    return VillageSpec(slug, Phrase(fa, en), Phrase(about_fa, about_en))


PROVINCES: tuple[ProvinceSpec, ...] = (
    ProvinceSpec(
        "east-azerbaijan",
        "IR",
        Phrase("آذربایجان شرقی", "East Azerbaijan"),
        Phrase(
            "استانی در شمال‌غرب ایران به مرکزیت تبریز؛ از جلفا در کنار ارس تا شبستر در کرانه "
            "دریاچه ارومیه، کارگاه‌های گلیم، فرش و سفال دارد.",
            "North-western Iran around Tabriz, with kilim, carpet and pottery workshops from "
            "Jolfa on the Aras to Shabestar on Lake Urmia.",
        ),
        (
            CountySpec("jolfa", Phrase("جلفا", "Jolfa"), (
                _village(
                    "kordasht", "کردشت", "Kordasht",
                    "روستایی تاریخی در شهرستان جلفا در کنار رود ارس که به حمام دوره صفوی‌اش "
                    "شناخته می‌شود. زنان کردشت هنوز گلیم و جاجیم را روی دارهای خانگی می‌بافند.",
                    "A historic village in Jolfa county on the Aras river, known for its "
                    "Safavid-era bathhouse. Women in Kordasht still weave kilims and jajims on "
                    "looms at home.",
                ),
                _village(
                    "ushtebin", "اشتبین", "Ushtebin",
                    "روستایی پلکانی بر دامنه دره ارس در بخش سیه‌رود جلفا، با خانه‌های سنگی و "
                    "باغ‌های میوه.",
                    "A terraced village above the Aras valley in Jolfa's Siah Rud district, with "
                    "stone houses and orchards.",
                ),
            )),
            CountySpec("marand", Phrase("مرند", "Marand"), (
                _village(
                    "zonuzaq", "زنوزق", "Zonuzaq",
                    "روستایی سنگی و پلکانی در کوهستان مرند و یکی از روستاهای هدف گردشگری استان.",
                    "A stepped stone village in the mountains of Marand county and one of the "
                    "province's rural tourism villages.",
                ),
            )),
            CountySpec("heris", Phrase("هریس", "Heris"), (
                _village(
                    "gorevan", "گوراوان", "Gorevan",
                    "روستایی در شهرستان هریس که نامش بر فرش‌های هندسی و پرنقش گوراوان مانده است.",
                    "A village in Heris county that gives its name to the bold geometric Gorevan "
                    "carpets.",
                ),
            )),
            CountySpec("osku", Phrase("اسکو", "Osku"), (
                _village(
                    "kandovan", "کندوان", "Kandovan",
                    "روستای صخره‌ای دامنه سهند که خانه‌هایش در دل مخروط‌های آتشفشانی کنده شده‌اند. "
                    "عسل و آب معدنی کندوان شهرت دارد.",
                    "A cliff village on the slopes of Mount Sahand, its homes carved into "
                    "volcanic cones. Kandovan is famous for its honey and mineral water.",
                ),
            )),
            CountySpec("shabestar", Phrase("شبستر", "Shabestar"), (
                _village(
                    "kuzeh-kanan", "کوزه‌کنان", "Kuzeh Kanan",
                    "شهری در شمال دریاچه ارومیه در شهرستان شبستر که نامش یادآور کوزه‌گری است.",
                    "A town north of Lake Urmia in Shabestar county whose name recalls its "
                    "potters.",
                ),
                _village(
                    "khameneh", "خامنه", "Khameneh",
                    "شهری باغ‌دار در شهرستان شبستر با خانه‌های قدیمی و کارگاه‌های خانگی بافتنی.",
                    "A town of gardens in Shabestar county, with old houses and home knitting "
                    "workshops.",
                ),
                _village(
                    "tasuj", "تسوج", "Tasuj",
                    "شهری کوچک در کرانه شمالی دریاچه ارومیه که ترکه‌های بید باغ‌هایش به کار "
                    "سبدبافان می‌آید.",
                    "A small town on the northern shore of Lake Urmia whose orchard willows "
                    "supply the basket makers.",
                ),
            )),
        ),
    ),
    ProvinceSpec(
        "ardabil",
        "IR",
        Phrase("اردبیل", "Ardabil"),
        Phrase(
            "سرزمین سبلان و چشمه‌های آب گرم؛ خاستگاه فرش اردبیل و بافته‌های عشایر شاهسون.",
            "The land of Mount Sabalan and hot springs; home of the Ardabil carpet and of "
            "Shahsavan nomad weaving.",
        ),
        (
            CountySpec("ardabil", Phrase("اردبیل", "Ardabil"), (
                _village(
                    "kalkhoran", "کلخوران", "Kalkhoran",
                    "روستایی در نزدیکی اردبیل که آرامگاه شیخ جبرئیل، پدر شیخ صفی‌الدین "
                    "اردبیلی، در آن است.",
                    "A village just outside Ardabil, site of the tomb of Sheikh Jebrail, father "
                    "of Sheikh Safi al-Din.",
                ),
            )),
            CountySpec("sarein", Phrase("سرعین", "Sarein"), (
                _village(
                    "alvars", "الوارس", "Alvars",
                    "بلندترین روستای دامنه سبلان در شهرستان سرعین، با مراتع تابستانی و "
                    "زنبورستان‌های کوهستانی.",
                    "The highest village on the slopes of Sabalan, in Sarein county, with summer "
                    "pastures and mountain apiaries.",
                ),
                _village(
                    "viladareq", "ویلادرق", "Viladareq",
                    "روستایی در کنار سرعین با چشمه‌های آب گرم که زمستان‌ها دارهای قالی در "
                    "خانه‌هایش برپاست.",
                    "A village beside Sarein with hot springs, where carpet looms stand in the "
                    "houses all winter.",
                ),
            )),
            CountySpec("meshgin-shahr", Phrase("مشگین‌شهر", "Meshgin Shahr"), (
                _village(
                    "moeil", "موئیل", "Moeil",
                    "روستایی ییلاقی با چشمه آب گرم در دامنه شمالی سبلان.",
                    "A summer village with a hot spring on the northern slopes of Sabalan.",
                ),
                _village(
                    "lahrud", "لاهرود", "Lahrud",
                    "شهری کوچک در قلمرو عشایر شاهسون که ورنی‌بافی در آن رواج دارد.",
                    "A small town in Shahsavan nomad country where verni weaving thrives.",
                ),
            )),
        ),
    ),
    ProvinceSpec(
        "qom",
        "IR",
        Phrase("قم", "Qom"),
        Phrase(
            "قم با پیوندهایی با حدود ۱۲۰ کشور، خاستگاه فرش ابریشمی و تعاونی‌هایی است که "
            "اتباع خارجی مقیم در آن‌ها سهام دارند.",
            "Qom, with ties to some 120 countries, is known for silk carpets and for "
            "cooperatives in which foreign residents hold shares.",
        ),
        (
            CountySpec("qom", Phrase("قم", "Qom"), (
                _village(
                    "qom", "قم", "Qom",
                    "کارگاه‌های خانگی فرش ابریشمی در محله‌های قدیمی قم، شهری که دهه‌هاست به فرش "
                    "ابریشم شناخته می‌شود.",
                    "Home workshops in the old quarters of Qom, a city known for its silk "
                    "carpets for decades.",
                ),
                _village(
                    "kahak", "کهک", "Kahak",
                    "شهری کوهپایه‌ای در جنوب‌غربی قم با باغ‌ها و کارگاه‌های کوچک.",
                    "A foothill town south-west of Qom with orchards and small workshops.",
                ),
                _village(
                    "vashnaveh", "وشنوه", "Vashnaveh",
                    "روستایی کوهستانی در بخش کهک که به گردو و باغ‌های پلکانی‌اش شناخته می‌شود.",
                    "A mountain village in Kahak district, known for its walnuts and terraced "
                    "orchards.",
                ),
            )),
        ),
    ),
    ProvinceSpec(
        "west-azerbaijan",
        "IR",
        Phrase("آذربایجان غربی", "West Azerbaijan"),
        Phrase(
            "از باغ‌های ارومیه تا بازار مهاباد؛ استانی پیشرو در مشاغل خانگی که هزاران "
            "تولیدکننده در آن با مجوز در خانه کار می‌کنند.",
            "From the orchards of Urmia to the market of Mahabad, a province that leads in home "
            "businesses, with thousands of licensed producers working from home.",
        ),
        (
            CountySpec("urmia", Phrase("ارومیه", "Urmia"), (
                _village(
                    "band", "بند", "Band",
                    "روستایی در دره‌ای نزدیک ارومیه، میان باغ‌های سیب و تاکستان‌ها.",
                    "A valley village near Urmia, among apple orchards and vineyards.",
                ),
                _village(
                    "sir", "سیر", "Sir",
                    "روستایی بر تپه‌های غرب ارومیه با کلیسایی قدیمی و چشم‌اندازی به دشت.",
                    "A hillside village west of Urmia with an old church and views over the "
                    "plain.",
                ),
            )),
            CountySpec("mahabad", Phrase("مهاباد", "Mahabad"), (
                _village(
                    "mahabad", "مهاباد", "Mahabad",
                    "شهری کردنشین در جنوب دریاچه ارومیه که بافندگان خانگی‌اش جاجیم و گلیم کردی "
                    "می‌بافند.",
                    "A Kurdish market town south of Lake Urmia whose home weavers make Kurdish "
                    "jajims and kilims.",
                ),
            )),
        ),
    ),
    ProvinceSpec(
        "hanoi",
        "VN",
        Phrase("هانوی", "Hanoi"),
        Phrase(
            "هانوی ۴۷ پیشه از ۵۲ پیشه سنتی ویتنام و بیش از ۳۰۰ روستای صنایع‌دستی شناخته‌شده دارد.",
            "Hanoi keeps 47 of Vietnam's 52 traditional trades and more than 300 recognised "
            "craft villages.",
        ),
        (
            CountySpec("gia-lam", Phrase("جیا لام", "Gia Lam"), (
                _village(
                    "bat-trang", "بات ترانگ", "Bat Trang",
                    "روستای سفالگران در کرانه رود سرخ که بیش از پانصد سال است کاسه، گلدان و "
                    "ظروف سرامیکی می‌سازد.",
                    "The potters' village on the Red River, making bowls, vases and tableware "
                    "for more than five centuries.",
                ),
                _village(
                    "kim-lan", "کیم لان", "Kim Lan",
                    "همسایه بات ترانگ در کنار رود سرخ؛ سفالگری در کیم لان پس از یافته‌های "
                    "باستان‌شناسی دوباره جان گرفته است.",
                    "Bat Trang's neighbour on the Red River, where pottery was revived after "
                    "archaeological finds.",
                ),
            )),
            CountySpec("chuong-my", Phrase("چونگ مای", "Chuong My"), (
                _village(
                    "phu-vinh", "فو وین", "Phu Vinh",
                    "روستای بافندگان رتان و بامبو که سبدها و ظروف بافته‌اش به ژاپن و اروپا صادر "
                    "می‌شود.",
                    "The rattan and bamboo weaving village whose baskets and wares are exported "
                    "to Japan and Europe.",
                ),
            )),
            CountySpec("ha-dong", Phrase("ها دونگ", "Ha Dong"), (
                _village(
                    "van-phuc", "وان فوک", "Van Phuc",
                    "روستای ابریشم ها دونگ با پیشینه‌ای بیش از هزار ساله در بافت ابریشم.",
                    "The silk village of Ha Dong, weaving silk for more than a thousand years.",
                ),
            )),
            CountySpec("thuong-tin", Phrase("تونگ تین", "Thuong Tin"), (
                _village(
                    "quat-dong", "کوات دونگ", "Quat Dong",
                    "روستای گلدوزی در جنوب هانوی که از سده هفدهم به گلدوزی ظریف ابریشمی شهره است.",
                    "The embroidery village south of Hanoi, famous for fine silk embroidery since "
                    "the seventeenth century.",
                ),
            )),
            CountySpec("hoai-duc", Phrase("هوای دوک", "Hoai Duc"), (
                _village(
                    "son-dong", "سون دونگ", "Son Dong",
                    "روستایی که منبت‌کاران و لاک‌کارانش مجسمه‌ها و اشیای آیینی معبدها را می‌سازند.",
                    "A village whose carvers and lacquerers make statues and furnishings for "
                    "temples.",
                ),
            )),
            CountySpec("ung-hoa", Phrase("اونگ هوا", "Ung Hoa"), (
                _village(
                    "trach-xa", "تراچ سا", "Trach Xa",
                    "روستای خیاطان آئو دای که بیشتر خانواده‌هایش به دوخت این لباس ملی مشغول‌اند.",
                    "The ao dai tailoring village, where most families sew Vietnam's national "
                    "dress.",
                ),
            )),
            CountySpec("phu-xuyen", Phrase("فو سوین", "Phu Xuyen"), (
                _village(
                    "chuyen-my", "چوین مای", "Chuyen My",
                    "روستای صدف‌کاری که هنر نشاندن صدف در چوب و لاک را سده‌ها زنده نگه داشته است.",
                    "The mother-of-pearl inlay village that has kept the art of setting shell "
                    "into wood and lacquer alive for centuries.",
                ),
            )),
        ),
    ),
    ProvinceSpec(
        "thai-nguyen",
        "VN",
        Phrase("تای نگوین", "Thai Nguyen"),
        Phrase(
            "استانی کوهستانی در شمال هانوی که چای سبز تان کونگ آن در سراسر ویتنام شناخته‌شده است.",
            "A hill province north of Hanoi whose Tan Cuong green tea is known across Vietnam.",
        ),
        (
            CountySpec("thai-nguyen-city", Phrase("شهر تای نگوین", "Thai Nguyen City"), (
                _village(
                    "tan-cuong", "تان کونگ", "Tan Cuong",
                    "تپه‌های چای در غرب شهر تای نگوین که چای سبزش در سراسر ویتنام شناخته‌شده است.",
                    "Tea hills west of Thai Nguyen city, whose green tea is known throughout "
                    "Vietnam.",
                ),
            )),
        ),
    ),
)


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("carpets-kilims", Phrase("فرش و گلیم", "Carpets & kilims"), (
        CategorySpec("hand-knotted-carpets", Phrase("فرش دست‌باف", "Hand-knotted carpets")),
        CategorySpec("kilims", Phrase("گلیم و ورنی", "Kilims & verni")),
        CategorySpec("jajim-gabbeh", Phrase("جاجیم و گبه", "Jajim & gabbeh")),
    )),
    CategorySpec("ceramics-pottery", Phrase("سفال و سرامیک", "Ceramics & pottery")),
    CategorySpec("embroidery-textiles", Phrase("رودوزی و منسوجات", "Embroidery & textiles"), (
        CategorySpec("embroidery", Phrase("سوزن‌دوزی و گلدوزی", "Embroidery")),
        CategorySpec("knitwear", Phrase("بافتنی", "Knitwear")),
        CategorySpec("ao-dai", Phrase("آئو دای", "Ao dai")),
    )),
    CategorySpec("silk", Phrase("ابریشم", "Silk")),
    CategorySpec("wicker-rattan", Phrase("سبد، حصیر و رتان", "Wicker & rattan")),
    CategorySpec("woodwork", Phrase("منبت و کارهای چوبی", "Woodwork")),
    CategorySpec("metalwork", Phrase("فلزکاری و مس", "Metalwork & copper")),
    CategorySpec("local-food", Phrase("خوراکی‌های محلی", "Local food"), (
        CategorySpec("honey", Phrase("عسل", "Honey")),
        CategorySpec("dried-fruit-nuts", Phrase("خشکبار", "Dried fruit & nuts")),
        CategorySpec("tea", Phrase("چای", "Tea")),
    )),
)


_LISTING = (HolderKind.LISTING,)
_OCOP_COUNCIL = Phrase("کمیته مردمی شهر هانوی، شورای ارزیابی OCOP",
                       "Hanoi People's Committee, OCOP evaluation council")
# The registry as the field reports describe it: OCOP stars (three-year certificates) for Hanoi's
# craft-village products, the sustainable-production label Hanoi's Department of Industry and
# Trade awards, West Azerbaijan's home-business licences (checked by the cooperatives their
# holders join) and the national handicraft seal.
CERTIFICATE_TYPES: tuple[CertificateTypeSpec, ...] = (
    CertificateTypeSpec("ocop-3-star", Phrase("OCOP سه‌ستاره", "OCOP 3-star"), _LISTING,
                        _OCOP_COUNCIL, 36, "OCOP-HN"),
    CertificateTypeSpec("ocop-4-star", Phrase("OCOP چهارستاره", "OCOP 4-star"), _LISTING,
                        _OCOP_COUNCIL, 36, "OCOP-HN"),
    CertificateTypeSpec("ocop-5-star", Phrase("OCOP پنج‌ستاره", "OCOP 5-star"), _LISTING,
                        _OCOP_COUNCIL, 36, "OCOP-HN"),
    CertificateTypeSpec(
        "sustainable-production",
        Phrase("نشان تولید و مصرف پایدار", "Sustainable production label"),
        (HolderKind.ARTISAN, HolderKind.COOPERATIVE, HolderKind.LISTING),
        Phrase("اداره صنعت و تجارت", "Department of Industry and Trade"), 36, "SPC",
    ),
    CertificateTypeSpec(
        "home-business-licence", Phrase("مجوز مشاغل خانگی", "Home-business licence"),
        (HolderKind.ARTISAN,),
        Phrase("اداره کل تعاون، کار و رفاه اجتماعی", "General Directorate of Cooperatives, "
               "Labour and Social Welfare"), 48, "HB", cooperatives_verify=True,
    ),
    CertificateTypeSpec(
        "handmade-seal",
        Phrase("مهر اصالت صنایع‌دستی", "National handicrafts seal of authenticity"), _LISTING,
        Phrase("وزارت میراث فرهنگی، گردشگری و صنایع‌دستی",
               "Ministry of Cultural Heritage, Tourism and Handicrafts"), 36, "HS",
    ),
)


COOPERATIVES: tuple[CooperativeSpec, ...] = (
    CooperativeSpec(
        "jolfa-handicraft-bazaar",
        Phrase("تعاونی بازارچه صنایع‌دستی جلفا", "Jolfa Handicraft Bazaar Cooperative"),
        CooperativeKind.PRODUCER,
        "east-azerbaijan",
        None,
        Phrase(
            "این تعاونی گرداننده بازارچه دائمی صنایع‌دستی جلفاست که در طرح استان برای گردشگری "
            "روستایی و صنایع‌دستی راه افتاد. زنجیره کار را از تأمین پشم و رنگ تا فروش در "
            "نمایشگاه‌ها و اکنون فروش اینترنتی در دست دارد. اعضای آن گلیم‌بافان، قالی‌بافان و "
            "صنعتگران روستاهای جلفا، مرند، هریس و اسکو هستند.",
            "Runs the permanent handicraft bazaar in Jolfa, set up under the province's plan for "
            "rural tourism and handicrafts. It covers the whole chain, from wool and dyes to "
            "fairs and now online sales. Its members are kilim and carpet weavers and other "
            "makers from the villages of Jolfa, Marand, Heris and Osku.",
        ),
        800,
        2024,
    ),
    CooperativeSpec(
        "shabestar-women-handicrafts",
        Phrase("تعاونی صنایع‌دستی بانوان شبستر", "Shabestar Women's Handicraft Cooperative"),
        CooperativeKind.PRODUCER,
        "east-azerbaijan",
        None,
        Phrase(
            "تعاونی زنانی که در خانه سفال، بافتنی، سوزن‌دوزی و سبد می‌سازند. در شبستر حمایت "
            "دستگاه‌ها از مشاغل صنایع‌دستی به‌طور ویژه بر بانوان متمرکز شده است و تعاونی "
            "تسهیلات، آموزش و بازار را یک‌جا به اعضا می‌رساند.",
            "A cooperative of women in Shabestar county who make pottery, knitwear, embroidery "
            "and baskets at home. Shabestar focuses public support for handicraft businesses on "
            "women, and the cooperative brings loans, training and buyers to its members in one "
            "place.",
        ),
        600,
        2019,
    ),
    CooperativeSpec(
        "sarein-ardabil-carpet-weavers",
        Phrase("تعاونی فرش‌بافان سرعین و اردبیل", "Sarein & Ardabil Carpet Weavers' Cooperative"),
        CooperativeKind.PRODUCER,
        "ardabil",
        "viladareq",
        Phrase(
            "بافندگان قالی، ورنی و جاجیم دامنه‌های سبلان را گرد هم آورده است. تعاونی مواد اولیه "
            "را یک‌جا می‌خرد، بیمه بافندگان را پیگیری می‌کند و هر فرش را با شناسنامه به بازار "
            "می‌فرستد تا بافته‌های اردبیل با نام خودشان فروخته شوند.",
            "Brings together carpet, verni and jajim weavers from the slopes of Mount Sabalan. "
            "It buys raw materials in bulk, presses for weavers' insurance, and sells every piece "
            "with its identity card so that Ardabil weaving is sold under its own name.",
        ),
        1000,
        2011,
    ),
    CooperativeSpec(
        "qom-handicraft-export",
        Phrase("تعاونی صادراتی صنایع‌دستی قم", "Qom Handicraft Export Cooperative"),
        CooperativeKind.EXPORT,
        "qom",
        None,
        Phrase(
            "این تعاونی برای رساندن صنایع‌دستی قم به بازارهای جهانی و با تکیه بر پیوندهای قم با "
            "حدود ۱۲۰ کشور شکل گرفته است. بخشی از سهامداران آن اتباع خارجی مقیم قم‌اند که پس "
            "از بازگشت به کشور خود همچون سفیران اقتصادی، فرش ابریشمی، ظروف مسی و دیگر تولیدات "
            "قم را معرفی می‌کنند.",
            "Formed to take Qom's handicrafts to world markets, building on the city's ties "
            "with some 120 countries. Some of its shareholders are foreign residents of Qom who, "
            "back home, act as economic ambassadors for its silk carpets, copperware and other "
            "goods.",
        ),
        1500,
        2025,
    ),
    CooperativeSpec(
        "west-azerbaijan-home-business-supply",
        Phrase(
            "تعاونی تأمین نیاز مشاغل خانگی آذربایجان غربی",
            "West Azerbaijan Home-Business Supply Cooperative",
        ),
        CooperativeKind.SUPPLY,
        "west-azerbaijan",
        None,
        Phrase(
            "تولیدکنندگان خرد دارای مجوز مشاغل خانگی را به مواد اولیه و بازار فروش وصل می‌کند. "
            "پشم، نخ و بسته‌بندی را گروهی تهیه می‌کند و محصولات اعضا را از ارومیه تا مهاباد "
            "یک‌جا عرضه می‌کند.",
            "Connects licensed home producers in West Azerbaijan to raw materials and buyers. "
            "It buys wool, yarn and packaging in bulk and sells its members' goods together, "
            "from Urmia to Mahabad.",
        ),
        500,
        2021,
    ),
    CooperativeSpec(
        "bat-trang-ceramics",
        Phrase("تعاونی سرامیک بات ترانگ", "Bat Trang Ceramics Cooperative"),
        CooperativeKind.PRODUCER,
        "hanoi",
        "bat-trang",
        Phrase(
            "کارگاه‌های خانوادگی روستای سفالگران کنار رود سرخ را در بر می‌گیرد. اعضا کوره‌ها را "
            "به گاز تغییر داده‌اند تا دود و پسماند کمتری داشته باشند و چند محصولشان نشان OCOP "
            "گرفته است.",
            "Groups the family workshops of Hanoi's potters' village on the Red River. Members "
            "have moved their kilns to gas to cut smoke and waste, and several of their products "
            "carry OCOP stars.",
        ),
        1200,
        2009,
    ),
    CooperativeSpec(
        "hanoi-craft-villages",
        Phrase("تعاونی روستاهای صنایع‌دستی هانوی", "Hanoi Craft Villages Cooperative"),
        CooperativeKind.PRODUCER,
        "hanoi",
        None,
        Phrase(
            "صنعتگران چند روستای صنایع‌دستی هانوی را گرد هم آورده است: رتان و بامبوی فو وین، "
            "ابریشم وان فوک، گلدوزی کوات دونگ، آئو دای تراچ سا و صدف‌کاری چوین مای. تعاونی در "
            "هفته اتصال زنجیره‌های تولید و مصرف پایدار هانوی غرفه دارد و اعضا را در گرفتن نشان "
            "تولید پایدار همراهی می‌کند.",
            "Brings together makers from several of Hanoi's craft villages: Phu Vinh rattan, "
            "Van Phuc silk, Quat Dong embroidery, Trach Xa ao dai and Chuyen My mother-of-pearl "
            "inlay. It has a stand at the city's sustainable production and consumption week and "
            "helps members earn the sustainable-production label.",
        ),
        1000,
        2016,
    ),
)


_ACTIVE = MembershipStatus.ACTIVE
_PENDING = MembershipStatus.PENDING
_JOLFA = "jolfa-handicraft-bazaar"
_SHABESTAR = "shabestar-women-handicrafts"
_SAREIN = "sarein-ardabil-carpet-weavers"
_QOM = "qom-handicraft-export"
_WEST = "west-azerbaijan-home-business-supply"
_BAT_TRANG = "bat-trang-ceramics"
_HANOI = "hanoi-craft-villages"


def _artisan(
    slug: str,
    fa: str,
    en: str,
    pronoun: str,
    village: str,
    craft: str,
    cooperative: str | None,
    membership: MembershipStatus | None = _ACTIVE,
    *,
    home_business: bool = False,
) -> ArtisanSpec:
    return ArtisanSpec(
        slug, Phrase(fa, en), pronoun, village, craft, cooperative,
        membership if cooperative else None, home_business,
    )


# The first artisan is the demo login artisan@bazaar.test: a Jolfa kilim weaver.
ARTISANS: tuple[ArtisanSpec, ...] = (
    _artisan("fatemeh-alizadeh", "فاطمه علیزاده", "Fatemeh Alizadeh", "she", "kordasht", "kilim",
             _JOLFA, home_business=True),
    _artisan("parvin-jafari", "پروین جعفری", "Parvin Jafari", "she", "ushtebin", "kilim", _JOLFA),
    _artisan("leila-ghasemi", "لیلا قاسمی", "Leila Ghasemi", "she", "kordasht",
             "needle-embroidery", _JOLFA, home_business=True),
    _artisan("rahim-nasiri", "رحیم نصیری", "Rahim Nasiri", "he", "ushtebin", "woodcarving",
             _JOLFA),
    _artisan("soghra-abbaszadeh", "صغری عباس‌زاده", "Soghra Abbaszadeh", "she", "zonuzaq",
             "kilim", _JOLFA),
    _artisan("yousef-heydari", "یوسف حیدری", "Yousef Heydari", "he", "zonuzaq", "copper", _JOLFA),
    _artisan("hossein-sadeghi", "حسین صادقی", "Hossein Sadeghi", "he", "gorevan", "carpet",
             _JOLFA),
    _artisan("maryam-karimi", "مریم کریمی", "Maryam Karimi", "she", "gorevan", "carpet", _JOLFA,
             home_business=True),
    _artisan("ahad-rostami", "احد رستمی", "Ahad Rostami", "he", "gorevan", "carpet", _JOLFA),
    _artisan("mohammad-bagheri", "محمد باقری", "Mohammad Bagheri", "he", "kandovan", "honey",
             _JOLFA),
    _artisan("roghayeh-valizadeh", "رقیه ولی‌زاده", "Roghayeh Valizadeh", "she", "kandovan",
             "kalaghei", _JOLFA, home_business=True),
    _artisan("zahra-ahmadzadeh", "زهرا احمدزاده", "Zahra Ahmadzadeh", "she", "kuzeh-kanan",
             "pottery", _SHABESTAR, home_business=True),
    _artisan("nasrin-esmaeili", "نسرین اسماعیلی", "Nasrin Esmaeili", "she", "kuzeh-kanan",
             "pottery", _SHABESTAR),
    _artisan("masoumeh-rezaei", "معصومه رضایی", "Masoumeh Rezaei", "she", "khameneh", "knitwear",
             _SHABESTAR, home_business=True),
    _artisan("tahereh-najafi", "طاهره نجفی", "Tahereh Najafi", "she", "khameneh", "jajim",
             _SHABESTAR, home_business=True),
    _artisan("sakineh-mousavi", "سکینه موسوی", "Sakineh Mousavi", "she", "tasuj",
             "needle-embroidery", _SHABESTAR, home_business=True),
    _artisan("fariba-hashemi", "فریبا هاشمی", "Fariba Hashemi", "she", "tasuj", "willow",
             _SHABESTAR),
    _artisan("gholamreza-abbasi", "غلامرضا عباسی", "Gholamreza Abbasi", "he", "kalkhoran",
             "carpet", _SAREIN),
    _artisan("sedigheh-pourahmad", "صدیقه پوراحمد", "Sedigheh Pourahmad", "she", "kalkhoran",
             "carpet", _SAREIN, home_business=True),
    _artisan("mahin-salehi", "مهین صالحی", "Mahin Salehi", "she", "viladareq", "carpet", _SAREIN,
             _PENDING),
    _artisan("khadijeh-asadi", "خدیجه اسدی", "Khadijeh Asadi", "she", "lahrud", "verni",
             _SAREIN),
    _artisan("shahla-ranjbar", "شهلا رنجبر", "Shahla Ranjbar", "she", "moeil", "jajim", _SAREIN),
    _artisan("ebrahim-mahmoudi", "ابراهیم محمودی", "Ebrahim Mahmoudi", "he", "alvars", "honey",
             None),
    _artisan("ramin-shahbazi", "رامین شهبازی", "Ramin Shahbazi", "he", "moeil", "honey", None),
    _artisan("aziz-ghorbani", "عزیز قربانی", "Aziz Ghorbani", "he", "viladareq", "woodcarving",
             None),
    _artisan("mohsen-tavakoli", "محسن توکلی", "Mohsen Tavakoli", "he", "qom", "silk-carpet",
             _QOM),
    _artisan("zeynab-hosseini", "زینب حسینی", "Zeynab Hosseini", "she", "qom", "silk-carpet",
             _QOM, home_business=True),
    _artisan("marzieh-ebrahimi", "مرضیه ابراهیمی", "Marzieh Ebrahimi", "she", "qom",
             "silk-carpet", _QOM),
    _artisan("abbas-kazemi", "عباس کاظمی", "Abbas Kazemi", "he", "kahak", "copper", _QOM),
    _artisan("azam-heydarian", "اعظم حیدریان", "Azam Heydarian", "she", "kahak",
             "needle-embroidery", _QOM, _PENDING, home_business=True),
    _artisan("batool-soltani", "بتول سلطانی", "Batool Soltani", "she", "vashnaveh",
             "dried-fruit", _QOM),
    _artisan("shilan-mohammadi", "شیلان محمدی", "Shilan Mohammadi", "she", "mahabad", "kilim",
             _WEST, home_business=True),
    _artisan("kazhal-ahmadi", "کژال احمدی", "Kazhal Ahmadi", "she", "mahabad", "jajim", _WEST,
             home_business=True),
    _artisan("hassan-pirzadeh", "حسن پیرزاده", "Hassan Pirzadeh", "he", "band", "dried-fruit",
             _WEST, home_business=True),
    _artisan("ziba-nourani", "زیبا نورانی", "Ziba Nourani", "she", "sir", "needle-embroidery",
             _WEST, _PENDING, home_business=True),
    _artisan("mina-yousefi", "مینا یوسفی", "Mina Yousefi", "she", "sir", "knitwear", _WEST,
             home_business=True),
    _artisan("nguyen-van-hung", "نگوین وان هونگ", "Nguyễn Văn Hùng", "he", "bat-trang",
             "ceramics", _BAT_TRANG),
    _artisan("le-thi-hoa", "له تی هوا", "Lê Thị Hoa", "she", "bat-trang", "ceramics", _BAT_TRANG),
    _artisan("pham-van-tuan", "فام وان توان", "Phạm Văn Tuấn", "he", "kim-lan", "ceramics",
             _BAT_TRANG, _PENDING),
    _artisan("tran-thi-mai", "تران تی مای", "Trần Thị Mai", "she", "phu-vinh", "rattan", _HANOI),
    _artisan("do-van-nam", "دو وان نام", "Đỗ Văn Nam", "he", "phu-vinh", "rattan", _HANOI),
    _artisan("vu-thi-lan", "وو تی لان", "Vũ Thị Lan", "she", "van-phuc", "silk", _HANOI),
    _artisan("hoang-thi-thu", "هوانگ تی تو", "Hoàng Thị Thu", "she", "van-phuc", "silk", _HANOI),
    _artisan("bui-thi-huong", "بویی تی هونگ", "Bùi Thị Hương", "she", "quat-dong",
             "silk-embroidery", _HANOI),
    _artisan("dang-thi-ngoc", "دانگ تی نگوک", "Đặng Thị Ngọc", "she", "trach-xa", "ao-dai",
             _HANOI),
    _artisan("luong-van-binh", "لونگ وان بین", "Lương Văn Bình", "he", "chuyen-my", "inlay",
             _HANOI),
    _artisan("ngo-van-duc", "نگو وان دوک", "Ngô Văn Đức", "he", "son-dong", "lacquer-carving",
             None),
    _artisan("nguyen-thi-thanh", "نگوین تی تان", "Nguyễn Thị Thanh", "she", "tan-cuong", "tea",
             None),
)


# The named demo logins besides the artisan one (ARTISANS[0]); all share the demo password.
DEMO_ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("admin@bazaar.test", Role.PLATFORM_ADMIN, "سارا مرادی", "fa", None,
                "platform admin: certificates to verify, shops to approve, exchange rates"),
    AccountSpec("coop@bazaar.test", Role.COOP_ADMIN, "ناصر حسین‌زاده", "fa", _JOLFA,
                "admin of the Jolfa Handicraft Bazaar Cooperative"),
    AccountSpec("battrang@bazaar.test", Role.COOP_ADMIN, "Trần Quang Minh", "en", _BAT_TRANG,
                "admin of the Bat Trang Ceramics Cooperative"),
    AccountSpec("shopper@bazaar.test", Role.SHOPPER, "مریم تهرانی", "fa", None,
                "domestic shopper, Persian, pays by bank transfer or cash on delivery"),
    AccountSpec("buyer@bazaar.test", Role.SHOPPER, "Sophie Laurent", "en", None,
                "foreign shopper, English, pays by card"),
)


# How many units of each currency one rial bought on the open market in late 2026; the admin
# changes them at /admin/fx/ or with `flask fx set`.
EXCHANGE_RATES = {"USD": "0.00000095", "EUR": "0.00000082", "VND": "0.0248"}

# Per seller currency: (domestic, international, free domestic shipping from), in minor units.
SHIPPING: dict[str, tuple[int, int, int]] = {
    "IRR": (1_500_000, 25_000_000, 60_000_000),
    "VND": (30_000, 480_000, 1_500_000),
}
