"""Worker tasks of connections: thin, load by id and call a service."""

from integrations.services import connection_check_run, connection_webhook_register_run


def check_connection(check_id: int) -> str:
    return connection_check_run(check_id=check_id).status


def register_webhook(registration_id: int) -> str:
    return connection_webhook_register_run(registration_id=registration_id).status
