"""Bazaar: a marketplace for village artisans and craft cooperatives.

`create_app` reads as the table of contents of the application; docs/architecture.md describes
the layers (web -> domains -> models -> core) and where each rule lives.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import Config, config_from_env, refuse_unsafe_production
from marketplace.extensions import babel, compress, csrf, db, limiter, login_manager, migrate


def create_app(config: type[Config] | None = None) -> Flask:
    config = config or config_from_env()
    app = Flask(__name__, template_folder="../templates", static_folder="../static",
                instance_path=config.INSTANCE_DIR)
    app.config.from_object(config)
    refuse_unsafe_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    init_extensions(app)
    init_services(app)
    register_request_hooks(app)  # before the blueprints: their `<int:>` ids are bounded
    register_blueprints(app)
    register_cli(app)
    register_error_handlers(app)
    return app


def init_extensions(app: Flask) -> None:
    from marketplace.web import i18n
    from marketplace.web.accounts.session import init_login

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    init_login(app, login_manager)
    compress.init_app(app)  # its after_request runs last: it compresses the finished response


def init_services(app: Flask) -> None:
    """What the domains need from the app: a mail transport, a payment provider, the index."""
    from marketplace.commerce.payments.stripe import init_app as init_payments
    from marketplace.core import images
    from marketplace.insights import provenance
    from marketplace.mail import backends as mail_backends
    from marketplace.search import indexer as search_indexer

    mail_backends.init_app(app)
    init_payments(app)
    search_indexer.init_app(app)
    images.init_app(app)
    provenance.init_app(app)


def register_request_hooks(app: Flask) -> None:
    """Everything that runs around every request, in the order it runs."""
    from marketplace.web import (
        after_commit,
        current_cart,
        hostile_input,
        page_cache,
        referral_links,
        request_log,
        security_headers,
        templating,
    )

    hostile_input.register(app)
    page_cache.init_app(app)
    referral_links.register(app)
    current_cart.init_app(app)
    templating.init_app(app)
    security_headers.register(app)
    request_log.register(app)
    after_commit.register(app)


def register_blueprints(app: Flask) -> None:
    from marketplace.web.accounts.views import bp as accounts
    from marketplace.web.admin.applications import bp as admin_applications
    from marketplace.web.admin.certificates import bp as admin_certificates
    from marketplace.web.admin.fx import bp as admin_fx
    from marketplace.web.admin.listings import bp as admin_listings
    from marketplace.web.admin.payouts import bp as admin_payouts
    from marketplace.web.api.views import bp as api
    from marketplace.web.cart.views import bp as cart
    from marketplace.web.catalog.views import bp as catalog
    from marketplace.web.certificates.views import bp as certificates
    from marketplace.web.checkout.views import bp as checkout
    from marketplace.web.coop_admin.applications import bp as coop_applications
    from marketplace.web.coop_admin.certificates import bp as coop_certificates
    from marketplace.web.coop_admin.views import bp as coop_admin
    from marketplace.web.counters.views import bp as counters
    from marketplace.web.fairs.booths import bp as booths
    from marketplace.web.fairs.manage import bp as fair_admin
    from marketplace.web.fairs.views import bp as fairs
    from marketplace.web.favourites.views import bp as favourites
    from marketplace.web.holdings.views import bp as holdings
    from marketplace.web.impact.views import bp as impact
    from marketplace.web.messages.views import bp as messages
    from marketplace.web.ops.views import bp as ops
    from marketplace.web.orders.views import bp as orders
    from marketplace.web.provenance.views import bp as provenance
    from marketplace.web.reviews.views import bp as reviews
    from marketplace.web.rounds.admin import bp as round_admin
    from marketplace.web.rounds.views import bp as rounds
    from marketplace.web.storefront.views import bp as storefront
    from marketplace.web.studio.applications import bp as shop_application
    from marketplace.web.studio.views import bp as studio

    for blueprint in (storefront, catalog, cart, checkout, orders, accounts, studio, coop_admin,
                      holdings, admin_fx, admin_payouts, admin_listings, api, ops,
                      fairs, fair_admin, booths, rounds, round_admin,
                      impact, provenance, counters,
                      reviews, favourites,
                      messages, certificates, shop_application, admin_certificates,
                      admin_applications, coop_certificates, coop_applications):
        app.register_blueprint(blueprint)


def register_cli(app: Flask) -> None:
    from marketplace.cli import register

    register(app)


def register_error_handlers(app: Flask) -> None:
    from marketplace.web.error_pages import register

    register(app)
