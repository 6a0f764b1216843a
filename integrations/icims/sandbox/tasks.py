"""The iCIMS emulator has no worker tasks of its own.

Its event notifications go through the shared sandbox outbox (`integrations.sandbox.outbox`),
whose delivery task sends them; nothing else in the emulator runs in the worker.
"""
