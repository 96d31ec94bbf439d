"""Reviews in the browser: writing one, the artisan's answer, reporting one, structured data."""
