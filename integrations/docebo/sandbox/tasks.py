"""The Docebo emulator has no worker tasks of its own.

Its webhooks leave through the shared sandbox outbox (`integrations.sandbox.outbox`, delivered by
`integrations.sandbox.tasks`); everything else happens inside the request that changes the state.
"""
