"""The artisan's studio: listings, photos, stock, sales and what they are owed."""
