"""The JSON API, version 1 (documented in openapi.json)."""
