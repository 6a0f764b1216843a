"""Docebo: learning platform. See ../shared/contracts/docebo.md."""

from integrations.systems import Field, SystemSpec, WebhookAuth

SPEC = SystemSpec(
    key="docebo",
    label="Docebo",
    hosts={"production": "https://example.docebosaas.com"},
    default_region="production",
    credentials=(
        Field("client_id", "OAuth2 client id", "From Admin Menu > API and SSO > API Credentials in Docebo."),
        Field("client_secret", "OAuth2 client secret", "Shown once by Docebo when the OAuth2 app is created."),
    ),
    settings=(
        Field(
            "webhook_domain",
            "Webhook domain",
            "Only if Docebo's webhooks name a different platform address than Base URL (e.g. you use a custom "
            "domain): the address Docebo puts in 'original_domain', e.g. acme.docebosaas.com. Deliveries naming "
            "any other platform are refused.",
            required=False,
        ),
    ),
    webhook_auth=WebhookAuth.BASIC,
    receiver="integrations.docebo.webhooks.DoceboReceiver",
    client="integrations.docebo.client.DoceboClient",
    notes="Set Base URL to your platform address, e.g. https://acme.docebosaas.com. In Docebo's Webhooks app, "
    "enter this connection's webhook URL and its generated username and password.",
)
