"""The sandbox: stateful local emulators of each system's HTTP API and webhooks.

Served under /sandbox/<system>/ when SANDBOX_ENABLED is on. Each system package defines an
`Emulator` subclass in `integrations/<system>/sandbox.py` as `EMULATOR`; this package gives
them URL mounting, fault switches, a page with vendor-side actions, and a webhook outbox.
"""
