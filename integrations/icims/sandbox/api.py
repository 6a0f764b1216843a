"""The emulated iCIMS REST API (contract §2): its URL patterns, the customer and schema endpoints.

Profiles and collection fields are in `api_profiles`, file fields in `api_files`, the Search API
in `api_search`; `http` holds the plumbing they share (Basic auth, body cap, iCIMS error bodies).
"""

from django.http import JsonResponse
from django.urls import path, register_converter

from integrations.icims.sandbox import api_files, api_lists, api_profiles, api_search, oauth, state
from integrations.icims.sandbox.http import ApiError, icims_api, methods
from integrations.icims.sandbox.models import Customer

BUILD_VERSION = "sandbox-1"


class ProfileTypeConverter:
    regex = "people|jobs|applicantworkflows|companies|newhirecategories|talentpools|rooms|connectevents"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SchemaTypeConverter(ProfileTypeConverter):
    """The Schema API's names for profile types (singular; a recruiting workflow is a "submittal")."""

    regex = "person|job|company|submittal|source|sourceworkflow|onboard|onboardworkflow|room|connectevent"


register_converter(ProfileTypeConverter, "icimsprofile")
register_converter(SchemaTypeConverter, "icimsschema")
SCHEMA_PROFILES = {"person": "people", "job": "jobs", "submittal": "applicantworkflows"}

PREFIX = "customers/<str:cid>"
FIELD = f"{PREFIX}/<icimsprofile:profile_type>/<int:profile_id>/fields/<slug:field>"


def urlpatterns() -> list:
    return [
        path("oauth/token", oauth.token_view, name="oauth-token"),
        path(PREFIX, customer_view, name="customer"),
        path(f"{PREFIX}/search/<slug:search_type>", api_search.search_view, name="search"),
        path(f"{PREFIX}/profiledefinitions/v1/<icimsschema:schema_type>/schema", schema_view, name="schema"),
        path(f"{PREFIX}/v2/lists", api_lists.lists_view, name="lists"),
        path(f"{PREFIX}/v2/lists/<str:list_id>", api_lists.list_view, name="list"),
        path(f"{PREFIX}/<icimsprofile:profile_type>", api_profiles.profiles_view, name="profiles"),
        path(f"{PREFIX}/<icimsprofile:profile_type>/<int:profile_id>", api_profiles.profile_view, name="profile"),
        path(FIELD, api_profiles.field_view, name="field"),
        path(f"{FIELD}/binary", api_files.binary_view, name="binary"),
        path(f"{FIELD}/<int:group>/fields/<slug:child>/binary", api_files.group_binary_view, name="group-binary"),
        path(f"{FIELD}/<int:group>", api_profiles.group_view, name="group"),
    ]


@icims_api
def customer_view(request, customer: Customer):
    methods(request, ("GET",))
    response = JsonResponse(
        {
            "platformUrl": "https://sandbox.icims.example",
            "id": int(customer.customer_id),
            "customerType": "test",
            "name": customer.name,
            "buildVersion": BUILD_VERSION,
        }
    )
    response["X-Customer-Type"] = "test"
    response["Link"] = ",".join(
        f'{state.api_url(customer, kind)};rel="profiles";title="Available {title}"'
        for kind, title in (
            ("jobs", "Job Profiles"),
            ("people", "Person Profiles"),
            ("applicantworkflows", "Recruiting Workflows"),
        )
    )
    return response


BGC = ("bgcorderid", "bgcpackage", "bgcorderstatus", "bgcresult", "bgcreporturl", "bgcorderdate", "bgccompleteddate")
# Standard web-service field ids per profile type (contract §2.2); tenant fields are added per customer.
STANDARD_FIELDS = {
    "people": {
        "firstname": "First Name",
        "middlename": "Middle Name",
        "lastname": "Last Name",
        "email": "Email",
        "phones": "Phones",
        "addresses": "Addresses",
        "birthdate": "Date of Birth",
        "folder": "Bin",
        "resume": "Resume",
        "bgcresults": "Background Check Results",
    },
    "jobs": {
        "jobtitle": "Job Title",
        "joblocation": "Job Location",
        "hiringmanager": "Hiring Manager",
        "recruiter": "Recruiter",
        "bgcpackagetype": "BGCheck Package",
        "folder": "Bin",
    },
    "applicantworkflows": {
        "baseprofile": "Job",
        "associatedprofile": "Person",
        "status": "Status",
        "source": "Source",
        "assessmentresults": "Assessment Results",
        "bgcresults": "Background Check Results",
    },
}


@icims_api
def schema_view(request, customer: Customer, schema_type: str):
    """A JSON schema of the profile type (§2.7): field id -> title and type; a collection lists its columns."""
    methods(request, ("GET",))
    profile_type = SCHEMA_PROFILES.get(schema_type, "")
    if profile_type not in STANDARD_FIELDS:
        raise ApiError(404, f"Profile type {schema_type} is not available in the sandbox.", 2)
    fields = {**STANDARD_FIELDS[profile_type], **(customer.custom_fields.get(profile_type) or {})}
    if profile_type == "people":  # "collection/child" keys are files inside a collection's groups
        fields.update({key: label for key, label in customer.file_fields.items() if "/" not in key})
        fields.update({key.split("/")[0]: "Attachments" for key in customer.file_fields if "/" in key})
    properties = {key: {"title": title, "type": _schema_type(key, customer)} for key, title in fields.items()}
    if "bgcresults" in properties:  # a collection lists its columns (how iCIMS shows them: unconfirmed)
        properties["bgcresults"]["items"] = {"type": "object", "properties": {c: {"type": "string"} for c in BGC}}
    return JsonResponse(
        {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": schema_type,
            "type": "object",
            "properties": properties,
        }
    )


def _schema_type(key: str, customer: Customer) -> str:
    attachment_lists = {k.split("/")[0] for k in customer.file_fields if "/" in k}
    if key in state.COLLECTION_FIELDS | attachment_lists or key == "bgcpackagetype":
        return "array"
    if key in customer.file_fields:
        return "binary"
    if key in (
        "folder",
        "status",
        "joblocation",
        "baseprofile",
        "associatedprofile",
        "recruiter",
        "hiringmanager",
        "source",
    ):
        return "object"
    return "string"
