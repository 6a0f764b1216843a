"""Certn case status -> what iCIMS shows under Screen > Background Screen (contract certn.md §3.2).

The hub defines this mapping; the iCIMS labels are those seen in iCIMS screening integrations
(icims.md §4). 'Action Required' has no iCIMS label of its own, so it shows as vendor progress.
"""

IN_PROGRESS_CANDIDATE = "In-Progress Candidate"
IN_PROGRESS_VENDOR = "In-Progress Vendor"
COMPLETE = "Complete"
INCOMPLETE = "Incomplete"

ICIMS_STATUS = {
    "DRAFT": IN_PROGRESS_CANDIDATE,
    "CASE_ORDERED": IN_PROGRESS_CANDIDATE,
    "APPLICANT_INVITED": IN_PROGRESS_CANDIDATE,
    "APPLICANT_OPENED": IN_PROGRESS_CANDIDATE,
    "APPLICANT_STARTED": IN_PROGRESS_CANDIDATE,
    "APPLICANT_SUBMITTED": IN_PROGRESS_VENDOR,
    "IN_PROGRESS": IN_PROGRESS_VENDOR,
    "APPLICANT_ACTION_REQUIRED": IN_PROGRESS_CANDIDATE,
    "CLIENT_ACTION_REQUIRED": IN_PROGRESS_VENDOR,
    "IN_DISPUTE": IN_PROGRESS_VENDOR,
    "COMPLETE": COMPLETE,
    "CANCELLED": INCOMPLETE,
    "APPLICANT_EXPIRED": INCOMPLETE,
    "INVITE_UNDELIVERABLE": INCOMPLETE,
}
FINAL_STATUSES = {"COMPLETE", "CANCELLED", "APPLICANT_EXPIRED", "INVITE_UNDELIVERABLE"}

# Shown next to the status where iCIMS has no label for the situation.
NOTES = {
    "APPLICANT_ACTION_REQUIRED": "Action required by the candidate",
    "CLIENT_ACTION_REQUIRED": "Action required in Certn",
    "IN_DISPUTE": "A check is disputed",
    "CANCELLED": "Cancelled",
    "APPLICANT_EXPIRED": "Candidate did not submit in time",
    "INVITE_UNDELIVERABLE": "Invitation e-mail bounced",
}


def icims_status(certn_status: str) -> str:
    return ICIMS_STATUS.get(certn_status, IN_PROGRESS_VENDOR)


def icims_result(certn_status: str, score: str | None) -> str | None:
    """The result column: the score when complete, else a note for the unusual states."""
    if certn_status == "COMPLETE":
        return score or "NOT_APPLICABLE"
    return NOTES.get(certn_status)
