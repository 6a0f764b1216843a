"""Webhook deliveries served ahead of the middleware meant for people.

Placed right after SecurityMiddleware (HTTPS redirect and headers still apply), it answers
`/hooks/<slug>/` itself, so a vendor's call skips WhiteNoise, sessions, CSRF, authentication,
messages, clickjacking and login throttling: none of them has anything to do with a delivery,
which authenticates by its own scheme (sync/views.py). Every other path goes on as before.
"""

import re

from sync import views

HOOK_PATH = re.compile(r"^/hooks/(?P<slug>[-a-zA-Z0-9_]+)/$")  # the same slugs as sync/urls.py


class WebhookIntakeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/hooks/"):
            match = HOOK_PATH.match(request.path_info)
            if match:
                return views.webhook(request, match["slug"])
        return self.get_response(request)
