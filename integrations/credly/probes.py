"""The Credly connection check (contract ../shared/contracts/credly.md; docs/credly.md).

Read-only probes of what the badge flows rely on: the credentials and the organisation, the
token's expiry, the event feed the webhooks are read from, the badge read the flows use (the
documented badge list), whether the undocumented single-badge read exists (told, never relied
on), the organisation's webhook URL, and the template list.
"""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from integrations.client.errors import NotFound, PermanentError, Unauthorized
from integrations.credly.client import parse_time
from integrations.crypto import matches_hash
from integrations.probes import failed, passed, skipped

TOKEN_WARNING_DAYS = 14
DEVELOPERS = "In Credly, open your organisation's Developers page"
NEW_TOKEN = (
    f"{DEVELOPERS} > Authorization Tokens, create a token with read and write permission, and paste it in "
    "this connection's Authorization token field (Crosswalk > Connections > this connection)."
)


def credentials(connection) -> list:
    """Credentials accepted"""
    client = connection.client()
    org_id = str(client.organization_id or "")
    try:
        reachable = [str(org.get("id")) for org in client.list_organizations()]
    except Unauthorized as exc:
        return [
            failed(
                "Credentials accepted",
                f"Credly refused this connection's credentials; an expired token is refused too (tokens live 180 "
                f"days). ({exc})",
                NEW_TOKEN,
            ),
            skipped("Organisation reachable", "not checked: the credentials were refused"),
        ]
    except NotFound:
        reachable = []  # a tenant without the organisations list: ask for ours below
    lines = [passed("Credentials accepted", "Credly accepted the credentials")]
    if not org_id:
        return [*lines, failed("Organisation reachable", "No organisation id is set.", _org_fix())]
    if org_id in reachable:
        return [*lines, passed("Organisation reachable", f"organisation {org_id} is among those the token reaches")]
    try:
        org = client.get_organization()
    except (NotFound, Unauthorized) as exc:  # Credly answers 403 (Unauthorized here) for another's organisation
        detail = f"The credentials work, but not for organisation {org_id}. ({exc})"
        return [*lines, failed("Organisation reachable", detail, _org_fix())]
    return [*lines, passed("Organisation reachable", f"organisation {org.get('name') or org_id}")]


def token_expiry(connection) -> object:
    """Token expiry"""
    token = connection.credential("auth_token")
    if not token:
        return skipped("Token expiry", "this connection uses an OAuth application; Crosswalk renews its tokens")
    try:
        mine = next((t for t in connection.client().list_authorization_tokens() if t.get("token") == token), None)
    except (Unauthorized, NotFound) as exc:
        return skipped("Token expiry", f"not checked: Credly did not list the organisation's tokens ({exc})")
    if mine is None:
        return skipped("Token expiry", "Credly's token list does not show this token (it does to tokens with write)")
    expires = parse_time(mine.get("expires_at"))
    if expires is None:
        return passed("Token expiry", "the token has no expiry date")
    left = expires - timezone.now()
    when = f"{expires:%Y-%m-%d}"
    if left <= timedelta(0):
        return failed("Token expiry", f"The authorization token expired on {when}.", NEW_TOKEN)
    if left <= timedelta(days=TOKEN_WARNING_DAYS):
        return failed("Token expiry", f"The authorization token expires on {when}, in {left.days} day(s).", NEW_TOKEN)
    return passed("Token expiry", f"the token expires on {when}, in {left.days} days")


def event_feed(connection) -> object:
    """Event feed answers"""
    next(iter(connection.client().list_events()), None)
    return passed("Event feed answers", "Credly's event feed answers: each webhook is checked against it")


def badge_reads(connection) -> list:
    """Badge read used by the flows"""
    client = connection.client()
    sample = next(iter(client.list_badges()), None)
    if sample is None:
        why = "no badge has been issued in this organisation yet, so there is none to read back"
        return [skipped("Badge read used by the flows", why), skipped("Single-badge read (not relied on)", why)]
    email, badge_id = sample.get("recipient_email") or "", str(sample.get("id"))
    found = client.find_badge(badge_id, recipient_email=email) if email else None
    if found is None:
        read = failed(
            "Badge read used by the flows",
            f"Credly's badge list, filtered by the earner's e-mail, did not show badge {badge_id} that it listed a "
            "moment before. Badges issued in Credly are then not brought into Docebo (each is skipped with the "
            "reason).",
            "Ask Credly support whether the badge list's recipient_email_all filter works for your organisation, "
            "and run this check again.",
        )
    else:
        read = passed("Badge read used by the flows", "a badge was found again in Credly's list by its earner")
    return [read, _single_badge(client, badge_id)]


def _single_badge(client, badge_id: str):
    try:
        client.get_badge(badge_id)
    except PermanentError:  # told, never failed: the flows do not use it
        return skipped(
            "Single-badge read (not relied on)",
            "Credly does not offer reading one badge by its id here. It is not in Credly's documentation and "
            "Crosswalk does not use it: nothing to do.",
        )
    return passed("Single-badge read (not relied on)", "Credly answers it; Crosswalk does not rely on it")


def webhook_target(connection) -> object:
    """Webhook URL points at this hub"""
    org = connection.client().get_organization()
    expected = connection.webhook_url
    fix = (
        f"{DEVELOPERS} > Webhooks (or ask your Credly contact) and set the webhook URL to {expected}?token= "
        "followed by this connection's webhook secret (Crosswalk > Connections > this connection > issue a new "
        "webhook secret, if you no longer have it)."
    )
    if "webhook_url" not in org:
        return skipped("Webhook URL points at this hub", f"Credly does not show it here. {fix}")
    given = org.get("webhook_url") or ""
    if not given:
        return failed("Webhook URL points at this hub", "Credly has no webhook URL: it sends no events.", fix)
    parts = urlsplit(given)
    if f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/") != expected.rstrip("/"):
        return failed("Webhook URL points at this hub", f"Credly sends its events to {parts.netloc}{parts.path}.", fix)
    token = (parse_qs(parts.query).get("token") or [""])[0]
    if not matches_hash(token, connection.webhook_secret_hash):
        detail = "Credly's webhook URL points here, but its token is not this connection's current webhook secret."
        return failed("Webhook URL points at this hub", detail, fix)
    return passed("Webhook URL points at this hub", "with this connection's current webhook secret")


def templates(connection) -> object:
    """Badge templates answer"""
    found = list(connection.client().list_badge_templates())
    active = sum(1 for t in found if t.get("state") == "active")
    return passed("Badge templates answer", f"{len(found)} template(s), {active} active")


def _org_fix() -> str:
    return (
        f"{DEVELOPERS} > Authorization Tokens: the organisation id is shown there. Copy it into this connection's "
        "Organisation id setting, and use a token created in that same organisation."
    )


PROBES = [credentials, token_expiry, event_feed, badge_reads, webhook_target, templates]
