"""Settings, all from the environment, with defaults that run the offline demo."""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
_INSTANCE = Path(os.environ.get("BAZAAR_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{_INSTANCE / 'bazaar.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    INSTANCE_DIR = str(_INSTANCE)
    UPLOAD_DIR = os.environ.get("BAZAAR_UPLOAD_DIR", str(_INSTANCE / "uploads"))
    MAX_CONTENT_LENGTH = int(os.environ.get("BAZAAR_MAX_UPLOAD_BYTES", 8 * 1024 * 1024))

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

    PLATFORM_FEE_BPS = int(os.environ.get("BAZAAR_PLATFORM_FEE_BPS", 500))
    LISTINGS_PER_PAGE = 24

    # Search: the Whoosh index follows the database through the outbox (README, "Search").
    SEARCH_INDEX_DIR = os.environ.get("BAZAAR_SEARCH_INDEX_DIR", str(_INSTANCE / "search-index"))
    SEARCH_LOCK_TIMEOUT = float(os.environ.get("BAZAAR_SEARCH_LOCK_TIMEOUT", 10))
    # The demo applies outbox rows right after each commit; production runs `flask search worker`.
    SEARCH_DRAIN_AFTER_COMMIT = _bool("BAZAAR_SEARCH_DRAIN_AFTER_COMMIT", True)


class DevelopmentConfig(Config):
    DEBUG = _bool("FLASK_DEBUG", False)


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = True
    PASSWORD_HASH_FAST = True  # tests hash hundreds of passwords; production never sets this


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    return CONFIGS[os.environ.get("BAZAAR_ENV", "development")]
