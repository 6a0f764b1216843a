"""Admin for the inbox, flows, runs, records, links, notifications and erasures. Logs are read-only;
actions enqueue work and report counts; nothing long runs inside the request."""

from sync.admin import drift, events, flows, links, privacy, runs, users  # noqa: F401  (each registers its models)
