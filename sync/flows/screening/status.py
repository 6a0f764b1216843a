"""Certn case status and report -> iCIMS, from Certn's webhooks and from polling (one code path).

Certn's webhooks are thin (contract §4): the case is fetched, mapped (mapping.py) and written to
iCIMS only when what iCIMS would show has changed (the link's fingerprint).
"""

from integrations.certn.events import CHECK_STATUS_CHANGED
from integrations.certn.payloads import CaseData, CertnEvent
from integrations.models import Connection
from mappings.screening.check_services import background_check_save
from mappings.screening.models import BackgroundCheck, CheckPackage
from sync.flows.screening.mapping import FINAL_STATUSES, icims_result, icims_status
from sync.flows.screening.report import Report, report_for
from sync.models import Link, Outcome
from sync.services.links import fingerprint, link_by_target, link_data_merge

STATUS_FLOW = "screening.status_to_icims"
ACTION = "update_icims"


def handle_certn_event(ctx, event) -> None:
    notice = CertnEvent.from_payload(event.payload)
    ctx.read()
    ref = f"case {notice.case_id or notice.object_id}"
    if notice.event_type == CHECK_STATUS_CHANGED:
        # iCIMS shows the case's status; a check's change that moves the case comes with its own
        # CASE_STATUS_CHANGED, so fetching the case here too would only race that event.
        ctx.skip(
            f"check {notice.object_id} is now {notice.case_status or 'changed'}; iCIMS shows the "
            "case's status, which its own event updates",
            source_ref=ref,
            action=ACTION,
        )
        return
    if not notice.case_id:
        ctx.skip(
            f"{notice.event_type} names no case; the case's own event carries the change", source_ref=ref, action=ACTION
        )
        return
    link = link_by_target(object_type="screening", target_system="certn", target_id=notice.case_id)
    if link is None:
        ctx.skip(
            "no application is linked to this case: not ordered through Crosswalk, or its order "
            "is still being recorded (polling catches up)",
            source_ref=ref,
            action=ACTION,
        )
        return
    payload = {"link": link.pk, "case_id": notice.case_id}
    ctx.entity(source_ref=ref, action=ACTION, payload=payload, fn=lambda: case_sync(ctx, link))


def replay_sync(ctx, payload: dict) -> None:
    case_sync(ctx, Link.objects.get(pk=payload["link"]))


def case_sync(ctx, link: Link, *, force: bool = False, note: str = "") -> dict:
    """Fetch the case and bring iCIMS up to date; records UPDATED or UNCHANGED; returns what iCIMS shows.

    What is written comes from this read of the case, never from the webhook's body: a delivery
    only says which case to look at (a forged or reshaped one costs a read, not a wrong write).
    `force` (the admin's "Refresh this case") writes even when nothing seems to have changed, so a
    value edited by hand in iCIMS is put right."""
    ref = f"case {link.target_id}"
    certn = Connection.objects.get(pk=link.data["certn_connection"]).client()
    case = certn.get_case(link.target_id)
    report = report_for(certn, link, CaseData.from_api(case))
    state = screening_state(case, report)
    if fingerprint(state) == link.fingerprint and not force:
        check_record(link)
        ctx.record(
            source_ref=ref,
            action=ACTION,
            outcome=Outcome.UNCHANGED,
            target_ref=_wf(link),
            message=f"iCIMS already shows {state['icims_status']}{note}",
        )
        return state
    written = write_icims(link.data, case, report=report)
    link_data_merge(link, **written)
    Link.objects.filter(pk=link.pk).update(fingerprint=fingerprint(written))
    check_record(link)
    ctx.record(
        source_ref=ref,
        action=ACTION,
        outcome=Outcome.UPDATED,
        target_ref=_wf(link),
        message=f"{written['icims_status']} (Certn {written['certn_status']}"
        f"{', ' + written['result'] if written['result'] else ''})"
        f"{', report link written' if written['report_url'] else ''}"
        f"{', report PDF stored in iCIMS field ' + written['report_file'] if written['report_file'] else ''}"
        f"{'; ' + report.note if report and report.note else ''}{note}",
    )
    return written


def check_record(link: Link) -> BackgroundCheck | None:
    """Keep the admin's row of this case in step with the link (what was ordered, read and written)."""
    data = link.data
    if not data.get("certn_connection") or not link.target_id:
        return None
    fields = {
        "icims_connection_id": data["icims_connection"],
        "workflow_id": str(data.get("workflow_id") or ""),
        "person_id": str(data.get("person_id") or ""),
        "job_id": str(data.get("job_id") or ""),
        "region": data.get("region") or "",
        "certn_status": data.get("certn_status") or "",
        "icims_status": data.get("icims_status") or "",
        "result": data.get("result") or "",
        "report_url": data.get("report_url") or "",
        "report_file": data.get("report_file") or "",
        "open": bool(data.get("open", True)),
    }
    for key in ("candidate_name", "email", "job_title", "job_location", "status_id", "package_name", "package_source"):
        if data.get(key):
            fields[key] = str(data[key])
    if data.get("package"):
        fields["package"] = CheckPackage.objects.filter(pk=data["package"]).first()
    return background_check_save(certn_connection_id=data["certn_connection"], case_id=link.target_id, **fields)


def screening_state(case: dict, report: Report | None = None) -> dict:
    """What iCIMS shows for a case; also the fingerprint's content. `open`: polling still needed."""
    parsed = CaseData.from_api(case)
    final = parsed.overall_status in FINAL_STATUSES
    waiting_for_report = parsed.overall_status == "COMPLETE" and report is None
    return {
        "certn_status": parsed.overall_status,
        "icims_status": icims_status(parsed.overall_status),
        "result": icims_result(parsed.overall_status, parsed.overall_score),
        "report_url": report.url if report else "",
        "report_file": report.stored_in if report else "",
        "open": not final or waiting_for_report,
    }


def write_icims(data: dict, case: dict, *, report: Report | None = None) -> dict:
    """Write the screening status (and result and report link) on the iCIMS application."""
    state = screening_state(case, report)
    icims = Connection.objects.get(pk=data["icims_connection"]).client()
    icims.set_screening_result(
        data["workflow_id"],
        status=state["icims_status"],
        result=state["result"],
        report_url=state["report_url"] or None,
        package=data.get("package_name"),
        vendor_id=data.get("case_id") or case["id"],
        person_id=data.get("person_id"),
    )
    return state


def _wf(link: Link) -> str:
    return f"workflow {link.data.get('workflow_id')}"
