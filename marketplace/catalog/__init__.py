"""The catalogue: listings and their rules, moderation, and what the storefront pages show."""
