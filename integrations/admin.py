"""Admin for connections (credentials as 'set', webhook secret shown once) and sandbox faults."""
