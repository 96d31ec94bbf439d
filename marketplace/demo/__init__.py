"""Demo data: a realistic, deterministic catalogue for `flask seed-demo`."""
