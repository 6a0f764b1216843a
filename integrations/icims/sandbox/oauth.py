"""The emulated OAuth 2.0 authorization server: client credentials in, a bearer token out.

iCIMS's regional servers (login.icims.com ...) are emulated at `/sandbox/icims/oauth/token`.
The grant is the standard client-credentials one (contract §1.3: its exact request and error
bodies are unconfirmed). Tokens are signed and time-limited rather than stored: the customer they
were issued for is inside, so a token of one tenant opens no other.
"""

from django.core import signing
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from integrations.icims.sandbox.models import Customer

TOKEN_LIFETIME = 3600  # seconds, told to the client as expires_in
SALT = "icims-sandbox-oauth"


def issue_token(customer: Customer) -> str:
    return signing.dumps({"cid": customer.customer_id, "client": customer.api_client_id}, salt=SALT)


def token_ok(token: str, customer: Customer) -> bool:
    try:
        claims = signing.loads(token, salt=SALT, max_age=TOKEN_LIFETIME)
    except signing.BadSignature:  # also an expired token (SignatureExpired)
        return False
    return claims.get("cid") == customer.customer_id and claims.get("client") == customer.api_client_id


def _refused(status: int, error: str, description: str) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


@csrf_exempt
def token_view(request):
    if request.method != "POST":
        return _refused(405, "invalid_request", "POST the client credentials here.")
    form = request.POST
    if form.get("grant_type") != "client_credentials":
        return _refused(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.")
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    customer = Customer.objects.filter(api_client_id=client_id).exclude(api_client_id="").first() if client_id else None
    if customer is None or not secret or not signing.constant_time_compare(secret, customer.api_client_secret):
        return _refused(401, "access_denied", "Unauthorized")
    return JsonResponse({"access_token": issue_token(customer), "token_type": "Bearer", "expires_in": TOKEN_LIFETIME})
