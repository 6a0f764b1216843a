"""The iCIMS client's screening write-back (contract §4): one group per background-check order in
a collection field of the person or the recruiting workflow.

`ScreeningResults` is mixed into `IcimsClient` (client.py) and uses its `get_profile`,
`get_workflow`, `add_collection_entry` and `update_collection_entry`.
"""

from datetime import UTC, datetime

from integrations.client import PermanentError
from integrations.icims.payloads import format_datetime

# Where background-check results are written (§4). The field ids are the contract's default and
# are NOT confirmed for real tenants, so each can be overridden by a connection setting.
SCREENING_DEFAULTS = {
    "screening_profile": "people",  # "people" (person-level) or "applicantworkflows"
    "screening_collection": "bgcresults",
}
SCREENING_STATUSES = ("Sent", "In-Progress Candidate", "In-Progress Vendor", "Complete", "Incomplete")


def screening_values(*, status, result, report_url, package, vendor_id) -> dict:
    values: dict = {"bgcorderstatus": status}
    if vendor_id:
        values["bgcorderid"] = str(vendor_id)
    if package:
        values["bgcpackage"] = package
    if result is not None:
        values["bgcresult"] = result
    if report_url:
        values["bgcreporturl"] = report_url
    if status == "Complete":
        values["bgccompleteddate"] = format_datetime(datetime.now(UTC))
    return values


class ScreeningResults:
    """Background-check results on iCIMS, as methods of `IcimsClient`."""

    def set_screening_result(
        self,
        workflow_id,
        *,
        status: str,
        result: str | None = None,
        report_url: str | None = None,
        package: str | None = None,
        vendor_id: str | None = None,
        person_id=None,
    ) -> None:
        """Write a background check's status/result/report link as one `bgcresults` group.

        The group of the same order (`bgcorderid` = vendor_id) is updated in place, so progress
        updates do not pile up rows. Target profile and collection come from the connection's
        settings `screening_profile` / `screening_collection` (defaults in SCREENING_DEFAULTS).
        """
        profile_type = self.connection.setting("screening_profile") or SCREENING_DEFAULTS["screening_profile"]
        field = self.connection.setting("screening_collection") or SCREENING_DEFAULTS["screening_collection"]
        if profile_type == "applicantworkflows":
            profile_id = workflow_id
        else:
            profile_id = person_id or self._person_of_workflow(workflow_id)
        values = screening_values(
            status=status, result=result, report_url=report_url, package=package, vendor_id=vendor_id
        )
        group = self._screening_group(profile_type, profile_id, field, vendor_id)
        if group is None:
            values["bgcorderdate"] = format_datetime(datetime.now(UTC))
            self.add_collection_entry(profile_type, profile_id, field, values)
        else:
            self.update_collection_entry(profile_type, profile_id, field, group, values)

    def _person_of_workflow(self, workflow_id) -> int:
        workflow = self.get_workflow(workflow_id, fields=["associatedprofile"])
        person = (workflow.get("associatedprofile") or {}).get("id")
        if not person:
            raise PermanentError(f"recruiting workflow {workflow_id} has no person the API user can see")
        return person

    def _screening_group(self, profile_type: str, profile_id, field: str, vendor_id) -> int | None:
        if not vendor_id:
            return None
        groups = self.get_profile(profile_type, profile_id, fields=[field]).get(field) or []
        for group in groups:
            if str(group.get("bgcorderid", "")) == str(vendor_id):
                return group.get("entry")
        return None
