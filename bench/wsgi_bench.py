"""The app for benchmarks: as in production, except that one client address may log in 200
buyers (the per-address login limit would otherwise turn most of them away)."""
from config import config_from_env
from marketplace import create_app


class BenchConfig(config_from_env()):
    RATELIMIT_ENABLED = False


app = create_app(BenchConfig)
