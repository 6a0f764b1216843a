"""iCIMS Talent Cloud: applicant tracking. See ../shared/contracts/icims.md."""

from integrations.systems import Field, SystemSpec, WebhookAuth

SPEC = SystemSpec(
    key="icims",
    label="iCIMS",
    hosts={"us": "https://api.icims.com", "eu": "https://api-eu.icims.com"},
    default_region="us",
    credentials=(
        Field(
            "username",
            "iCIMS API username",
            "For Basic sign-in: the integration user iCIMS issued (member of Integration User). "
            "Leave blank if iCIMS gave you an OAuth client id instead.",
            required=False,
        ),
        Field("password", "iCIMS API password", "For Basic sign-in: that user's password.", required=False),
        Field(
            "client_id",
            "OAuth client id",
            "For OAuth sign-in: the client id iCIMS issued for this integration. Leave blank for Basic.",
            required=False,
        ),
        Field("client_secret", "OAuth client secret", "For OAuth sign-in: that client's secret.", required=False),
        Field(
            "webhook_hmac_key",
            "Event notification HMAC key",
            "Only if iCIMS signs its event notifications with HMAC instead of Basic: the secret key agreed "
            "with your iCIMS consultant. Leave blank when notifications use the Basic username and password.",
            required=False,
        ),
    ),
    settings=(
        Field("customer_id", "Customer id", "Your iCIMS customer id (a number), as in /customers/{id}/."),
        Field(
            "api_auth",
            "API sign-in",
            "How Crosswalk signs in to iCIMS: 'basic' (API username and password) or 'oauth' (client id and "
            "secret). Blank: OAuth when a client id and secret are set, Basic otherwise.",
            required=False,
        ),
        Field(
            "oauth_token_url",
            "OAuth token URL",
            "Only for OAuth, if iCIMS gave you one: where tokens are fetched. Blank: iCIMS's server for your "
            "region (login.icims.com or login.icims.eu, /oauth/token).",
            required=False,
        ),
        Field(
            "status_list_id",
            "Status list id",
            "Id of the iCIMS list that holds the recruiting workflow statuses, read by the lookup tables' status "
            "pickers (default lists.applicantworkflow.status). Ask your iCIMS consultant if the connection check "
            "says the list cannot be read.",
            required=False,
        ),
        Field(
            "screening_profile",
            "Screening results on",
            "Where background-check results are written: 'people' (the candidate, the default) or "
            "'applicantworkflows' (the application). Ask your iCIMS consultant.",
            required=False,
        ),
        Field(
            "screening_collection",
            "Screening results field",
            "Id of the iCIMS collection field that holds one row per check (default bgcresults).",
            required=False,
        ),
        Field(
            "allowed_file_types",
            "Accepted file types",
            "File extensions iCIMS accepts, separated by commas (default: pdf, doc, docx, rtf, txt, png, jpg, "
            "jpeg). Other files are sent as a link.",
            required=False,
        ),
        Field(
            "max_file_bytes",
            "Largest file (bytes)",
            "Bigger files are sent as a link instead (default 10485760, which is 10 MB).",
            required=False,
        ),
        Field(
            "documents_collection",
            "Document history field",
            "Id of the person collection that keeps every version of a compliance document, each row with "
            "its own file, issue and expiry dates and number (default field60110). Write 'none' if your iCIMS "
            "has no such collection: then only the newest file is kept.",
            required=False,
        ),
        Field(
            "documents_group_file_field",
            "Document history: file column",
            "Id of the file column inside each row of that collection (default documentfile).",
            required=False,
        ),
    ),
    webhook_auth=WebhookAuth.BASIC,
    receiver="integrations.icims.webhooks.IcimsReceiver",
    client="integrations.icims.client.IcimsClient",
    notes="Give iCIMS (Event Notifications page) this connection's webhook URL with Basic authentication and "
    "the generated username and password, or with HMAC and the key you set here as 'Event notification HMAC key'.",
)
