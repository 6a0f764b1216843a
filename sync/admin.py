"""Admin for the inbox, flows, runs, records, links and notifications."""
