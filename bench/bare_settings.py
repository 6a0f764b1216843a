"""Settings of the bench's reference endpoint only (bench/webhook_ingest.py): the hub's settings
with a URLconf holding one plain view. Never used by the hub: no deployment names this module."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
