"""The base API client every system's client extends, and the errors it raises."""

from integrations.client.base import ApiClient
from integrations.client.errors import (
    BadRequest,
    ClientError,
    Conflict,
    HostUnreachable,
    ListingTooLong,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
    Unauthorized,
    Unprocessable,
)

__all__ = [
    "ApiClient",
    "BadRequest",
    "ClientError",
    "Conflict",
    "HostUnreachable",
    "ListingTooLong",
    "NotFound",
    "PermanentError",
    "RateLimited",
    "TransientError",
    "Unauthorized",
    "Unprocessable",
]
