"""The connection check for Credentially: read-only calls through the client (contract §2, §3.1).

One probe, so that a refused API key is said once and the lines after it are "not checked":
the key; the organisation's roles and the custom fields the flows write; the staff, compliance,
document and check endpoints the sync-back reads; the webhook event catalogue; and the webhook
subscription that should point at this hub.
"""

from integrations.client.errors import ClientError, Unauthorized
from integrations.credentially import events
from integrations.credentially.client import DEFAULT_EXTERNAL_ID_FIELD
from integrations.credentially.subscriptions import subscription_event_types
from integrations.probes import CheckLine, failed, passed, skipped

KEY = "API key accepted"
LATER = (
    "Organisation roles",
    "Custom field for the ATS id",
    "Custom field for the phone",
    "Staff and compliance reads",
    "Webhook event catalogue",
    "Webhook subscription points at this hub",
)
AGAIN = "Run the check again in a few minutes; if it fails again, ask Credentially support whether the API is up."
ADDRESS = "If the connection has a base URL, check it is the one Credentially gave you (blank means the region's host)."
RESUBSCRIBE = (
    "In Crosswalk's admin, tick this connection and run 'Rotate webhook credentials': Crosswalk then subscribes "
    "to Credentially's webhooks again, at this hub's address, with a new password."
)


def check_credentially(connection) -> list[CheckLine]:
    client = connection.client()
    try:
        metadata = client.get_metadata()
    except Unauthorized as exc:
        line = failed(
            KEY,
            f"Credentially refused the API key. ({exc})",
            "Ask Credentially support (support@credentially.io) or your customer success manager for a new API "
            "key for your organisation, paste it into this connection's 'API key' and save.",
        )
        return [line, *[skipped(name, "not checked: the API key was refused") for name in LATER]]
    except ClientError as exc:  # down, rate-limited, or not Credentially at this address
        line = failed(KEY, f"Credentially did not answer properly. ({exc})", AGAIN + " " + ADDRESS)
        return [line, *[skipped(name, "not checked: Credentially did not answer") for name in LATER]]
    lines = [passed(KEY, "Credentially answered with your organisation's set-up.")]
    lines += _organisation(connection, metadata)
    for step in (_reads, _catalogue, _subscription):
        try:
            lines += step(connection, client)
        except ClientError as exc:
            lines.append(
                failed(step.__doc__, f"Credentially answered with an error. ({exc})", "Run the check again later.")
            )
    return lines


def _organisation(connection, metadata: dict) -> list[CheckLine]:
    roles = [r.get("name") for r in metadata.get("roles") or [] if r.get("name")]
    fields = {f.get("name") for f in metadata.get("profileFields") or []}
    default_role = connection.setting("default_role")
    if not roles:
        role = failed(
            LATER[0], "Credentially lists no roles.", "Ask your Credentially admin to create the roles staff are given."
        )
    elif default_role and default_role not in roles:
        role = failed(
            LATER[0],
            f"The default role '{default_role}' is not one of Credentially's roles: {', '.join(roles)}.",
            "Open this connection in Crosswalk and set 'Default role' to one of those names (spelt the same).",
        )
    else:
        role = passed(LATER[0], f"{len(roles)} roles: {', '.join(roles)}.")
    ats_field = connection.setting("external_id_field") or DEFAULT_EXTERNAL_ID_FIELD
    ats = (
        passed(LATER[1], f"'{ats_field}' exists.")
        if ats_field in fields
        else failed(
            LATER[1],
            f"Credentially has no custom profile field '{ats_field}', so the ATS candidate id cannot be kept.",
            f"Ask your Credentially admin to add a custom profile field named '{ats_field}', or enter the name of "
            "the field you use in this connection's 'Custom field for the ATS id'.",
        )
    )
    phone_field = connection.setting("phone_field")
    if not phone_field:
        phone = skipped(LATER[2], "no field named: Credentially's API gives no phone, so it is not synced back")
    elif phone_field in fields:
        phone = passed(LATER[2], f"'{phone_field}' exists.")
    else:
        phone = failed(
            LATER[2],
            f"Credentially has no custom profile field '{phone_field}'.",
            "Correct 'Custom field for the phone' on this connection, or clear it.",
        )
    return [role, ats, phone]


def _reads(connection, client) -> list[CheckLine]:
    """Staff and compliance reads"""
    page = client.get_json(client.PROFILES, params={"page": 0, "size": 1}) or {}
    first = (page.get("content") or [{}])[0].get("id")
    if not first:
        return [skipped(LATER[3], "the organisation has no staff member yet to read")]
    client.get_requirements(first)
    client.list_documents(first)
    client.get_checks(first)
    client.get_references(first)
    return [passed(LATER[3], "Staff list, compliance packages, documents, DBS, right to work and references answer.")]


def _catalogue(connection, client) -> list[CheckLine]:
    """Webhook event catalogue"""
    listed = [e.get("type") for e in client.list_event_types() if e.get("type")]
    handled = [t for t in listed if t in events.HANDLED]
    if not handled:
        return [
            failed(
                LATER[4],
                f"Credentially offers none of the events Crosswalk acts on (it offers: {', '.join(listed) or 'none'}). "
                "Changes reach the ATS only by the regular poll.",
                "Ask Credentially support to enable the compliance status and DBS status webhook events for your "
                "organisation, then run 'Rotate webhook credentials' on this connection.",
            )
        ]
    polled = [t for t in events.HANDLED if t not in listed]
    detail = f"Offered and acted on: {', '.join(handled)}."
    if polled:
        detail += f" Not offered, so found by the regular poll instead: {', '.join(polled)}."
    return [passed(LATER[4], detail)]


def _subscription(connection, client) -> list[CheckLine]:
    """Webhook subscription points at this hub"""
    subs = client.list_subscriptions()
    mine = [s for s in subs if s.get("callbackUrl") == connection.webhook_url]
    if not mine:
        where = ", ".join(s.get("callbackUrl") or "?" for s in subs) or "none"
        return [
            failed(LATER[5], f"No subscription calls {connection.webhook_url} (subscriptions: {where}).", RESUBSCRIBE)
        ]
    sub = mine[-1]
    if sub.get("webhookName") != connection.webhook_username:
        return [
            failed(
                LATER[5],
                f"The subscription's name '{sub.get('webhookName')}' is not this connection's webhook username "
                f"'{connection.webhook_username}', so its calls would be refused.",
                RESUBSCRIBE,
            )
        ]
    missing = [t for t in subscription_event_types(client) if t not in (sub.get("eventTypes") or [])]
    if missing:
        return [
            failed(LATER[5], f"The subscription lacks events Crosswalk acts on: {', '.join(missing)}.", RESUBSCRIBE)
        ]
    return [passed(LATER[5], f"{connection.webhook_url} receives {', '.join(sub.get('eventTypes') or [])}.")]


PROBES = [check_credentially]
