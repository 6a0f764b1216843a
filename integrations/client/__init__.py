"""The base API client every system's client extends, and the errors it raises."""

from integrations.client.base import ApiClient
from integrations.client.errors import (
    ClientError,
    HostUnreachable,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
    Unauthorized,
)

__all__ = [
    "ApiClient",
    "ClientError",
    "HostUnreachable",
    "NotFound",
    "PermanentError",
    "RateLimited",
    "TransientError",
    "Unauthorized",
]
