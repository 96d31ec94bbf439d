"""The web layer: templating, i18n, page cache, headers, error pages, forms, blueprints."""
