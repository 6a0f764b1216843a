"""Lookup tables, one Django app per connector (badges, compliance, screening), edited in the admin."""
