"""Credly: API client, webhook parsing and sandbox emulator."""
