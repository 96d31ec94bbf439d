"""Search and browse the catalogue."""
