"""The shareholder portal (`/me/holdings`) and ambassador links (`?ref=CODE`)."""
