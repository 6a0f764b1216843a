"""The Certn connection check: read-only probes of what the screening flows assume (contract certn.md).

- the API key is accepted in the connection's region (§1.2: keys expire after 365 days);
- packages are readable there and at least one is marked for ATS use (the list path is not in
  Certn's published reference, so a 404 makes the line "skipped", with what to check by hand);
- the webhook points at this hub: Certn's API cannot tell (§4), so the line says what to check,
  and passes once a delivery has reached this hub;
- the signing secret, when set, matches what Certn sends (hex or base64 X-Signature).
"""

from integrations.certn.webhooks import BASE64, HEX, MISMATCH, MISSING, UNCHECKED, last_signature
from integrations.client import NotFound, Unauthorized
from integrations.probes import failed, passed, skipped

PORTAL_KEYS = "In Certn's Client Portal, open Integrations > API keys"
PORTAL_WEBHOOKS = "In Certn's Client Portal, open Integrations > Webhooks"


def _region(connection) -> str:
    return connection.region or connection.spec.default_region


def api_key(connection):
    """API key accepted"""
    name = "API key accepted"
    if not connection.credential("api_key"):
        return failed(name, "No API key is set.", f"{PORTAL_KEYS}, create a key and paste it into this connection.")
    try:
        groups = connection.client().list_groups()
    except Unauthorized as exc:
        return failed(
            name,
            f"Certn {_region(connection)} refused the API key: it may have expired (keys last 365 days), "
            f"belong to another region, or lack permission. ({exc})",
            f"{PORTAL_KEYS}, create a new key for this region's account and paste it into this connection.",
        )
    return passed(name, f"Certn {_region(connection)} answered; {len(groups)} group(s) visible.")


def packages(connection):
    """Packages for ATS use"""
    name = f"Packages for ATS use in Certn {_region(connection)}"
    try:
        found = connection.client().list_packages()
    except NotFound:
        return skipped(
            name,
            "Certn's API does not list packages for this account, so Crosswalk cannot read them. In Certn, "
            "open Packages and check that each package iCIMS orders has 'Mark this package for ATS use' on.",
        )
    ats = [p for p in found if p.get("use_in_ats")]
    if not ats:
        return failed(
            name,
            f"None of the {len(found)} package(s) in Certn {_region(connection)} is marked for ATS use, so every "
            "order from iCIMS would be refused.",
            "In Certn, open Packages, edit the package iCIMS should order, switch on 'Mark this package for ATS "
            "use' and save.",
        )
    names = ", ".join(sorted(p.get("name") or str(p.get("id")) for p in ats))
    return passed(name, f"{len(ats)} of {len(found)} package(s) marked for ATS use: {names}.")


def webhook_endpoint(connection):
    """Webhook points at this hub"""
    name = "Certn webhook points at this hub"
    seen = last_signature(connection)
    if seen:
        return passed(name, f"Certn's last delivery reached {connection.webhook_url} at {seen['at']}.")
    return skipped(
        name,
        "Certn's API does not tell where it sends webhooks, and no delivery has been seen here yet. "
        f"{PORTAL_WEBHOOKS} and check that the address is {connection.webhook_url} (Certn checks it first "
        "with a challenge Crosswalk answers by itself).",
    )


def signing_secret(connection):
    """Webhook signing secret"""
    name = "Webhook signing secret"
    secret = connection.credential("webhook_secret")
    seen = last_signature(connection) or {}
    if not secret:
        signed = " Certn's last delivery was signed, so a secret exists." if seen.get("outcome") == UNCHECKED else ""
        return skipped(
            name,
            "No signing secret is set, so deliveries are accepted unsigned: each only tells Crosswalk which case "
            "to read again from Certn's API, so a forged one cannot write anything wrong."
            + signed
            + " To have forged deliveries refused, copy the signing secret from Certn's Client Portal "
            "(Integrations > Webhooks) into this connection.",
        )
    if secret != secret.strip():
        return failed(
            name,
            "The signing secret starts or ends with a space, so no delivery can match it.",
            "Paste the secret again without spaces and save.",
        )
    outcome = seen.get("outcome")
    if outcome in (MISSING, MISMATCH):
        what = "carried no signature" if outcome == MISSING else "carried a signature that does not match the secret"
        return failed(
            name,
            f"Certn's last delivery ({seen['at']}) {what}, so it was refused (401) and Certn's update was lost "
            "(polling catches up every 15 minutes).",
            f"{PORTAL_WEBHOOKS}, copy the signing secret into this connection. If Certn shows no secret (it "
            "does not sign), tick 'Clear webhook signing secret' on this connection and save.",
        )
    if outcome in (HEX, BASE64):
        return passed(name, f"Certn's last delivery ({seen['at']}) was signed ({outcome}) with this secret.")
    return passed(name, "A secret is set; every delivery must be signed with it (no delivery seen yet).")


PROBES = [api_key, packages, webhook_endpoint, signing_secret]
