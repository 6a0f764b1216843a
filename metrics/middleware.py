"""/metrics, answered before sessions, CSRF, authentication and login throttling run.

Prometheus sends `Authorization: Bearer <METRICS_TOKEN>`; the token is compared in constant time.
No token set: /metrics does not exist (404). Missing or wrong token: 401 with a Bearer challenge.
Listed first after SecurityMiddleware (config/settings.py), so a scrape costs its queries and
nothing else: no session row read, no CSRF cookie, no user loaded.
"""

import hmac

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound

PATH = "/metrics"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != PATH:
            return self.get_response(request)
        token = getattr(settings, "METRICS_TOKEN", "")
        if not token:
            return HttpResponseNotFound("Metrics are off: set METRICS_TOKEN to switch them on.\n")
        given = request.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            response = HttpResponse("A bearer token is needed: Authorization: Bearer <METRICS_TOKEN>.\n", status=401)
            response["WWW-Authenticate"] = 'Bearer realm="crosswalk-metrics"'
            return response
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        from prometheus_client.exposition import choose_encoder

        from metrics.collectors import registry

        # The format Prometheus asks for in Accept (OpenMetrics or the text format), as its own handlers do.
        encode, content_type = choose_encoder(request.headers.get("Accept", ""))
        return HttpResponse(encode(registry()), content_type=content_type)
