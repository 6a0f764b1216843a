"""Route a requests session into Django's test client, so a real DoceboClient can talk to the
emulator in-process (same code path as over the wire, without starting a server)."""

from urllib.parse import urlsplit

import requests
from django.test import Client
from requests.adapters import BaseAdapter


class DjangoTestAdapter(BaseAdapter):
    def __init__(self):
        super().__init__()
        self.client = Client()

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-type", "content-length")}
        answer = self.client.generic(
            request.method,
            path,
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", ""),
            headers=headers,
        )
        response = requests.Response()
        response.status_code, response._content = answer.status_code, answer.content
        response.headers.update({k: v for k, v in answer.items()})
        response.url, response.request = request.url, request
        return response

    def close(self):
        pass


def in_process_session() -> requests.Session:
    session = requests.Session()
    session.mount("http://", DjangoTestAdapter())
    return session
