"""The emulated API's plumbing: Basic or OAuth bearer auth per tenant, body cap, iCIMS-shaped errors.

Variant `oauth`: the tenant's API user signs in only with OAuth 2.0 bearer tokens from the
emulated token endpoint (`oauth.py`); Basic is refused like a wrong password.
"""

import base64
import binascii
import functools
import hmac
import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from integrations.icims.sandbox import oauth
from integrations.icims.sandbox.models import Customer
from integrations.sandbox.variants import variant_on

# errorCode values of contract §2.8
INTERNAL_ERROR = 0
FIELD_REQUIRED = 1
RESOURCE_NOT_FOUND = 2
FIELD_PROBLEM = 4  # the code iCIMS uses for a field-name problem; reused here for bad fields
INVALID_CREDENTIALS = 6


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: int):
        super().__init__(message)
        self.status, self.code = status, code


def error_response(status: int, message: str, code: int) -> JsonResponse:
    response = JsonResponse({"errors": [{"errorMessage": message, "errorCode": code}]}, status=status)
    response["X-Error"] = f"{code}:{message}"
    return response


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found.", RESOURCE_NOT_FOUND)


def no_content(status: int = 204) -> HttpResponse:
    return HttpResponse(status=status)


def created(location: str) -> HttpResponse:
    response = HttpResponse(status=201)
    response["Location"] = location
    return response


def json_body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError(400, "The request body is not valid JSON.", FIELD_PROBLEM) from None
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.", FIELD_PROBLEM)
    return data


def icims_api(view):
    """Authenticate the tenant's API user, cap the body, and turn ApiError into iCIMS's error body."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, cid: str, *args, **kwargs):
        customer = Customer.objects.filter(customer_id=cid).first()
        if customer is None or not _signed_in(request, customer):
            return error_response(401, "Invalid Username or Password credentials provided.", INVALID_CREDENTIALS)
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit():  # iCIMS requires a valid Content-Length (§1.2)
            return error_response(400, "Content-Length is not a number.", FIELD_PROBLEM)
        if int(declared) > customer.max_body_bytes:
            return error_response(
                413, f"The request body is larger than {customer.max_body_bytes} bytes.", FIELD_PROBLEM
            )
        try:
            return view(request, customer, *args, **kwargs)
        except ApiError as exc:
            return error_response(exc.status, str(exc), exc.code)

    return wrapper


def _signed_in(request, customer: Customer) -> bool:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return oauth.token_ok(header[7:].strip(), customer)
    if variant_on("icims", "oauth"):
        return False  # this tenant's integration was issued OAuth client credentials only
    return _basic_ok(header, customer)


def _basic_ok(header: str, customer: Customer) -> bool:
    if not header.startswith("Basic "):
        return False
    try:
        username, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    same_user = hmac.compare_digest(username.encode(), customer.api_username.encode())
    return hmac.compare_digest(password.encode(), customer.api_password.encode()) and same_user


def methods(request, allowed: tuple[str, ...]) -> None:
    if request.method not in allowed:
        raise ApiError(405, f"{request.method} is not supported on this resource.", FIELD_PROBLEM)
