"""The Docebo emulator: its HTTP API (views_*), state changes (state), webhooks (outbound), seeding."""
