"""iCIMS Talent Cloud: applicant tracking. See ../shared/contracts/icims.md."""

from integrations.systems import Field, SystemSpec, WebhookAuth

SPEC = SystemSpec(
    key="icims",
    label="iCIMS",
    hosts={"us": "https://api.icims.com", "eu": "https://api-eu.icims.com"},
    default_region="us",
    credentials=(
        Field("username", "iCIMS API username", "The integration user iCIMS issued (member of Integration User)."),
        Field("password", "iCIMS API password", "That user's password."),
    ),
    settings=(Field("customer_id", "Customer id", "Your iCIMS customer id (a number), as in /customers/{id}/."),),
    webhook_auth=WebhookAuth.BASIC,
    receiver="integrations.icims.webhooks.IcimsReceiver",
    client="integrations.icims.client.IcimsClient",
    notes="Give iCIMS (Event Notifications page) this connection's webhook URL with Basic authentication and "
    "the generated username and password.",
)
