"""Services: the only writers of inbox, runs, records, links and notifications."""
