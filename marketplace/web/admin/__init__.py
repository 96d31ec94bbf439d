"""Platform admin: exchange rates, payouts to artisans, moderation."""
