"""Connections to external systems: credentials, API clients, webhook parsing, sandbox emulators."""
