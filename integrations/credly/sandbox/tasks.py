"""The Credly emulator has no worker tasks of its own.

Its webhooks leave through the shared sandbox outbox (`integrations.sandbox.outbox.send_webhook`,
called by state.py after the commit), whose delivery task lives in `integrations.sandbox.tasks`.
"""
