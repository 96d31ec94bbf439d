"""Cooperative admin (`/coop/<slug>/admin`): members, listings, shares, dividends."""
