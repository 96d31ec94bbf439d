"""The public shop: home, artisan and cooperative shops, regions, listings."""
