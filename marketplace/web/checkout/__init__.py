"""Address, payment and confirmation; the Stripe webhook."""
