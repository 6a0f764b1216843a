"""The Credentially emulator has no worker tasks of its own: its callbacks go through the shared
sandbox outbox (`integrations.sandbox.outbox`, sent by `integrations.sandbox.tasks`)."""
