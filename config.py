"""Settings, all from the environment, with defaults that run the offline demo."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
_INSTANCE = Path(os.environ.get("BAZAAR_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The demo's secrets: printed in this repository, so known to anyone. Production refuses them (S38).
DEV_SECRET_KEY = "dev-only-change-me"  # noqa: S105
DEMO_STRIPE_SECRET_KEY = "sk_test_bazaar_local"  # noqa: S105
DEMO_STRIPE_PUBLISHABLE_KEY = "pk_test_bazaar_local"
DEMO_STRIPE_WEBHOOK_SECRET = "whsec_bazaar_local"  # noqa: S105


class Config:
    ENVIRONMENT = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{_INSTANCE / 'bazaar.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    INSTANCE_DIR = str(_INSTANCE)
    UPLOAD_DIR = os.environ.get("BAZAAR_UPLOAD_DIR", str(_INSTANCE / "uploads"))
    MAX_CONTENT_LENGTH = int(os.environ.get("BAZAAR_MAX_UPLOAD_BYTES", 8 * 1024 * 1024))
    # Certificate evidence (scans and PDFs) lives apart from the public media: only its holder
    # and its verifiers download it (S46).
    EVIDENCE_DIR = os.environ.get("BAZAAR_EVIDENCE_DIR", str(_INSTANCE / "evidence"))
    IMAGE_MAX_BYTES = int(os.environ.get("BAZAAR_IMAGE_MAX_BYTES", 5 * 1024 * 1024))
    # Photo uploads (S42): pixels read from the header before decoding (24 MP: a phone photo),
    # bytes of full-size pixels one upload may hold (64 MiB: a 16 MP PNG or WebP; a 24 MP JPEG
    # is decoded at half size), and how many are decoded at once per process (a request waits
    # IMAGE_WORK_WAIT_SECONDS for a slot, then gets 503).
    IMAGE_MAX_PIXELS = int(os.environ.get("BAZAAR_IMAGE_MAX_PIXELS", 24_000_000))
    IMAGE_MAX_DECODED_BYTES = int(os.environ.get("BAZAAR_IMAGE_MAX_DECODED_BYTES", 64 << 20))
    IMAGE_WORK_SLOTS = int(os.environ.get("BAZAAR_IMAGE_WORK_SLOTS", 2))
    IMAGE_WORK_WAIT_SECONDS = float(os.environ.get("BAZAAR_IMAGE_WORK_WAIT_SECONDS", 5))

    LANGUAGES = ("fa", "en")
    BABEL_DEFAULT_LOCALE = "fa"
    BABEL_DEFAULT_TIMEZONE = "Asia/Tehran"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "marketplace" / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; a long checkout must not expire

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Messages, per sender: everything she sends, and the conversations she starts with
    # strangers (questions about listings), where spam would come from.
    MESSAGE_RATE_LIMIT = os.environ.get("BAZAAR_MESSAGE_RATE_LIMIT",
                                        "10 per minute;60 per hour")
    QUESTION_RATE_LIMIT = os.environ.get("BAZAAR_QUESTION_RATE_LIMIT", "10 per hour;30 per day")

    PLATFORM_FEE_BPS = int(os.environ.get("BAZAAR_PLATFORM_FEE_BPS", 500))

    # Checkout and payments. The defaults talk to a localstripe on 127.0.0.1 (`make run`);
    # production sets real keys, STRIPE_API_BASE="" (Stripe itself) and the real Stripe.js.
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", DEMO_STRIPE_SECRET_KEY)
    STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", DEMO_STRIPE_PUBLISHABLE_KEY)
    STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", DEMO_STRIPE_WEBHOOK_SECRET)
    STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "http://127.0.0.1:8420")
    STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "http://127.0.0.1:8420/js.stripe.com/v3/")
    STRIPE_WEBHOOK_TOLERANCE = int(os.environ.get("STRIPE_WEBHOOK_TOLERANCE", 300))
    RESERVATION_MINUTES = int(os.environ.get("BAZAAR_RESERVATION_MINUTES", 30))
    # Long enough for a PAYA transfer sent the next working day (none run on Fridays) and for
    # the artisan to see it and confirm; every hour more is an hour a hoarder blocks the stock.
    MANUAL_PAYMENT_HOURS = int(os.environ.get("BAZAAR_MANUAL_PAYMENT_HOURS", 48))
    # What one account may hold in unpaid checkouts at once (hold_limits.py, S37).
    HOLD_MAX_UNITS_PER_LISTING = int(os.environ.get("BAZAAR_HOLD_MAX_UNITS_PER_LISTING", 5))
    HOLD_MAX_UNITS = int(os.environ.get("BAZAAR_HOLD_MAX_UNITS", 10))
    HOLD_MAX_MANUAL_CHECKOUTS = int(os.environ.get("BAZAAR_HOLD_MAX_MANUAL_CHECKOUTS", 2))
    DISPLAY_CURRENCIES = ("IRR", "USD", "EUR")
    # The account shoppers transfer to, as each language's readers read it.
    BANK_TRANSFER_DETAILS = {
        "fa": os.environ.get("BAZAAR_BANK_TRANSFER_DETAILS_FA",
                             "شبا IR00 0000 0000 0000 0000 0000 00، به نام بازار (حساب نمایشی)"),
        "en": os.environ.get("BAZAAR_BANK_TRANSFER_DETAILS_EN",
                             "IBAN IR00 0000 0000 0000 0000 0000 00, Bazaar (demo account)"),
    }
    # email_validator refuses special-use domains; the demo's and the tests' people live under
    # `.test` (shopper@bazaar.test). Production accepts only real domains.
    EMAIL_ALLOW_TEST_DOMAIN = True
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")  # file, console or smtp
    MAIL_FROM = os.environ.get("MAIL_FROM", "Bazaar <orders@bazaar.test>")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(_INSTANCE / "mail"))
    SMTP_HOST = os.environ.get("SMTP_HOST", "localhost")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", 587))
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = _bool("SMTP_STARTTLS", True)
    # How long a sender holds a mail row it is sending; after that (it died) another may send it.
    MAIL_CLAIM_SECONDS = float(os.environ.get("BAZAAR_MAIL_CLAIM_SECONDS", 120))
    LISTINGS_PER_PAGE = 24

    # `flask jobs run`: seconds between two runs of each job (jobs.py).
    JOB_EXPIRE_HOLDS_SECONDS = float(os.environ.get("BAZAAR_JOB_EXPIRE_HOLDS_SECONDS", 60))
    JOB_RECONCILE_SECONDS = float(os.environ.get("BAZAAR_JOB_RECONCILE_SECONDS", 300))
    JOB_SEND_MAIL_SECONDS = float(os.environ.get("BAZAAR_JOB_SEND_MAIL_SECONDS", 30))
    JOB_DRAIN_SEARCH_SECONDS = float(os.environ.get("BAZAAR_JOB_DRAIN_SEARCH_SECONDS", 5))
    # Who runs the jobs and the work left for after a request: "inline" (the demo: `flask jobs
    # run`, mail sent by the request itself) or "rq" (several machines: a queue on Redis, one
    # `flask jobs scheduler`, `flask jobs worker` processes; marketplace/jobs/queue.py).
    JOBS_BACKEND = os.environ.get("BAZAAR_JOBS_BACKEND", "inline")
    REDIS_URL = os.environ.get("REDIS_URL", "")
    JOBS_QUEUE = os.environ.get("BAZAAR_JOBS_QUEUE", "bazaar")
    # A queued job that fails is tried again after each of these waits (seconds), then given up.
    JOBS_RETRY_SECONDS = tuple(
        int(s) for s in os.environ.get("BAZAAR_JOBS_RETRY_SECONDS", "5,30,120").split(",") if s
    )
    JOBS_TIMEOUT_SECONDS = int(os.environ.get("BAZAAR_JOBS_TIMEOUT_SECONDS", 600))
    # How often a worker looks for jobs whose worker died (RQ's maintenance), and how often a
    # busy worker says it is alive: a job is found abandoned ~60 s after its worker's last word.
    JOBS_MAINTENANCE_SECONDS = int(os.environ.get("BAZAAR_JOBS_MAINTENANCE_SECONDS", 60))
    JOBS_MONITORING_SECONDS = int(os.environ.get("BAZAAR_JOBS_MONITORING_SECONDS", 10))
    JOB_CLOSE_ROUNDS_SECONDS = float(os.environ.get("BAZAAR_JOB_CLOSE_ROUNDS_SECONDS", 60))
    # How often the weekly digest looks for followers whose week has not been written yet.
    JOB_WEEKLY_DIGEST_SECONDS = float(os.environ.get("BAZAAR_JOB_WEEKLY_DIGEST_SECONDS", 3600))
    # Where links in emails written outside a request (the weekly digest) point.
    SITE_URL = os.environ.get("BAZAAR_SITE_URL", "http://127.0.0.1:5000")

    # Reviews (catalog/reviews.py): how many days after delivery a buyer may review a piece.
    REVIEW_WINDOW_DAYS = float(os.environ.get("BAZAAR_REVIEW_WINDOW_DAYS", 90))
    # Certificates expire by date (UTC): a badge disappears from pages at once, and from the
    # search facet counts when this job next runs.
    JOB_CERTIFICATES_SECONDS = float(os.environ.get("BAZAAR_JOB_CERTIFICATES_SECONDS", 600))

    # Search: the Whoosh index follows the database through the outbox (README, "Search").
    SEARCH_INDEX_DIR = os.environ.get("BAZAAR_SEARCH_INDEX_DIR", str(_INSTANCE / "search-index"))
    SEARCH_LOCK_TIMEOUT = float(os.environ.get("BAZAAR_SEARCH_LOCK_TIMEOUT", 10))
    # The demo applies outbox rows right after each commit; production runs `flask search worker`.
    SEARCH_DRAIN_AFTER_COMMIT = _bool("BAZAAR_SEARCH_DRAIN_AFTER_COMMIT", True)
    # This node's name among those following the outbox with their own index (search/cursor.py);
    # by default the host name and the index directory.
    SEARCH_NODE = os.environ.get("BAZAAR_SEARCH_NODE", "")

    # Certificates of origin (docs/provenance.md): the platform's Ed25519 signing key, as base64
    # of its 32 raw bytes or PEM (`flask provenance new-key` makes one), else a PEM key file
    # (outside production, `provenance-key.pem` in the instance dir, made on first use).
    # Production refuses to start without one: a key made on one node would differ on the next.
    PROVENANCE_KEY = os.environ.get("BAZAAR_PROVENANCE_KEY", "")
    PROVENANCE_KEY_FILE = os.environ.get("BAZAAR_PROVENANCE_KEY_FILE", "")

    # Whole pages for first-time anonymous visitors (marketplace/web/page_cache.py). SimpleCache is
    # per process; production may set CACHE_TYPE=RedisCache and CACHE_REDIS_URL (needs `redis`).
    CACHE_TYPE = os.environ.get("CACHE_TYPE", "SimpleCache")
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 30))
    # How long a worker trusts the search index generation it read (it keys the cached pages).
    PAGE_CACHE_RECHECK_SECONDS = float(os.environ.get("PAGE_CACHE_RECHECK_SECONDS", 1.0))

    # Compressed responses (Flask-Compress): brotli where the browser takes it (HTTPS), else
    # gzip. Static files are sent as streams, which Flask-Compress never gzips: deflate there.
    # The page cache stores one copy per encoding (page_cache.py).
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "deflate"]


class DevelopmentConfig(Config):
    DEBUG = _bool("FLASK_DEBUG", False)


class TestingConfig(Config):
    ENVIRONMENT = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = True
    PASSWORD_HASH_FAST = True  # tests hash hundreds of passwords; production never sets this
    MAIL_BACKEND = "memory"
    STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens; payment tests start localstripe
    STRIPE_JS_URL = "http://127.0.0.1:9/js.stripe.com/v3/"
    CACHE_TYPE = "NullCache"  # tests/functional/test_page_cache.py turns it on


class ProductionConfig(Config):
    ENVIRONMENT = "production"
    EMAIL_ALLOW_TEST_DOMAIN = False
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"


# With one of these, anyone could forge sessions, sign-up links and webhooks of a production app.
PUBLIC_VALUES = {
    "SECRET_KEY": {DEV_SECRET_KEY, TestingConfig.SECRET_KEY},
    "STRIPE_SECRET_KEY": {DEMO_STRIPE_SECRET_KEY},
    "STRIPE_PUBLISHABLE_KEY": {DEMO_STRIPE_PUBLISHABLE_KEY},
    "STRIPE_WEBHOOK_SECRET": {DEMO_STRIPE_WEBHOOK_SECRET},
}
SECRET_KEY_MIN_LENGTH = 32
SECRET_KEY_MIN_DISTINCT = 10  # refuses "aaaa...", "changeme" * 4; a random key has far more
GENERATE_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'  # noqa: S105


class UnsafeProductionSettings(RuntimeError):
    """Production was asked to start with a secret that anyone can know or guess."""


def unsafe_production_settings(config: Mapping[str, object]) -> list[str]:
    """What is wrong with the secrets of a production configuration, one line each."""
    problems = []
    key = str(config.get("SECRET_KEY") or "")
    if not key or key in PUBLIC_VALUES["SECRET_KEY"]:
        problems.append("SECRET_KEY is not set (the development default is public). Set "
                        f"SECRET_KEY to a long random value, e.g. the output of {GENERATE_SECRET}")
    elif len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        problems.append(f"SECRET_KEY is too short or too simple to keep secret (at least "
                        f"{SECRET_KEY_MIN_LENGTH} random characters). Generate one with "
                        f"{GENERATE_SECRET}")
    for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
        value = config.get(name)
        if value in PUBLIC_VALUES[name]:
            problems.append(f"{name} is the demo's value. Set {name} to the value shown in the "
                            "Stripe dashboard (Developers > API keys / Webhooks)")
    key_file = str(config.get("PROVENANCE_KEY_FILE") or "")
    if not config.get("PROVENANCE_KEY") and not (key_file and Path(key_file).is_file()):
        problems.append("No provenance signing key: certificates of origin could not be signed. "
                        "Set BAZAAR_PROVENANCE_KEY to the output of `flask provenance new-key` "
                        "(or BAZAAR_PROVENANCE_KEY_FILE to a PEM file holding the key)")
    if not config.get("STRIPE_WEBHOOK_SECRET"):
        problems.append("STRIPE_WEBHOOK_SECRET is empty, so anyone could sign a webhook. Set "
                        "STRIPE_WEBHOOK_SECRET to the endpoint's signing secret from the "
                        "Stripe dashboard")
    return problems


def refuse_unsafe_production(config: Mapping[str, object]) -> None:
    """S38: production does not start with a secret that anyone can know or guess."""
    if config.get("ENVIRONMENT") != "production":
        return
    problems = unsafe_production_settings(config)
    if problems:
        raise UnsafeProductionSettings(
            "Refusing to start in production (BAZAAR_ENV=production):\n- " + "\n- ".join(problems)
        )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("BAZAAR_ENV", "development")]
