"""Buying: carts, checkout into orders, stock, exchange rates, referrals, payments."""
