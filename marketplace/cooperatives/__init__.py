"""Cooperative admin (`/coop/<slug>/admin`) and the shareholder portal (`/me/holdings`)."""
