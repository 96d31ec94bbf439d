"""The cart pages and the currency switch."""
