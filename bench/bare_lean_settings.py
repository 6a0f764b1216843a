"""Settings of the bench's second reference (bench/webhook_ingest.py): the same plain view as
bench/bare_settings.py behind the security middleware alone, as the intake path runs. Against it
the ratio says what the intake's own work (authentication, dedupe, the queue) costs, with no
middleware flattering it. Never used by the hub: no deployment names this module."""

from bench.bare_settings import *  # noqa: F403

MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
