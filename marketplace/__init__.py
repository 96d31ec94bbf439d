"""Bazaar: a marketplace for village artisans and craft cooperatives."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from config import Config, config_from_env, refuse_unsafe_production
from marketplace.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: type[Config] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=(config or config_from_env()).INSTANCE_DIR,
    )
    app.config.from_object(config or config_from_env())
    refuse_unsafe_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    init_extensions(app)
    register_request_guards(app)  # before the blueprints: their `<int:>` ids are bounded
    register_blueprints(app)
    register_cli(app)
    register_error_handlers(app)
    register_response_hooks(app)
    return app


def init_extensions(app: Flask) -> None:
    from marketplace.core import images
    from marketplace.search import indexer as search_indexer
    from marketplace.web import i18n, page_cache, templating
    from marketplace.web.accounts.session import init_login

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    init_login(app, login_manager)
    templating.init_app(app)
    init_checkout(app)
    search_indexer.init_app(app)
    page_cache.init_app(app)
    images.init_app(app)


def register_request_guards(app: Flask) -> None:
    from marketplace.web import hostile_input

    hostile_input.register(app)


def register_blueprints(app: Flask) -> None:
    from marketplace.web.accounts.views import bp as accounts_bp
    from marketplace.web.api.views import bp as api_bp
    from marketplace.web.catalog.views import bp as catalog_bp
    from marketplace.web.ops.views import bp as ops_bp
    from marketplace.web.storefront.views import bp as storefront_bp

    app.register_blueprint(storefront_bp)
    register_checkout_blueprints(app)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(ops_bp)
    register_studio_blueprints(app)


def init_checkout(app: Flask) -> None:
    from marketplace.commerce.payments.stripe import init_app as init_payments
    from marketplace.mail import backends as mail_backends
    from marketplace.web.cart.current import init_app as init_cart
    from marketplace.web.orders.labels import init_app as init_order_labels

    mail_backends.init_app(app)
    init_cart(app)
    init_order_labels(app)
    init_payments(app)


def register_checkout_blueprints(app: Flask) -> None:
    from marketplace.web.admin.fx import bp as admin_fx_bp
    from marketplace.web.cart.views import bp as cart_bp
    from marketplace.web.checkout.views import bp as checkout_bp
    from marketplace.web.orders.views import bp as orders_bp

    for blueprint in (cart_bp, checkout_bp, orders_bp, admin_fx_bp):
        app.register_blueprint(blueprint)


def register_cli(app: Flask) -> None:
    from marketplace.cli import register

    register(app)


def register_error_handlers(app: Flask) -> None:
    from marketplace.web.error_pages import register

    register(app)


def register_response_hooks(app: Flask) -> None:
    from marketplace.web import after_commit, request_log, security_headers

    security_headers.register(app)
    request_log.register(app)
    after_commit.register(app)


def register_studio_blueprints(app: Flask) -> None:
    """Studio, cooperative admin, shareholder portal; platform payouts and moderation."""
    from marketplace.web.admin.listings import bp as admin_listings_bp
    from marketplace.web.admin.payouts import bp as admin_payouts_bp
    from marketplace.web.coop_admin.views import bp as cooperatives_bp
    from marketplace.web.holdings.views import bp as holdings_bp
    from marketplace.web.studio.views import bp as studio_bp

    app.register_blueprint(studio_bp)
    app.register_blueprint(cooperatives_bp)
    app.register_blueprint(holdings_bp)
    app.register_blueprint(admin_payouts_bp)
    app.register_blueprint(admin_listings_bp)
