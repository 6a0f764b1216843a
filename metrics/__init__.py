"""Prometheus metrics: /metrics (middleware.py), what is read from the database at scrape time
(collectors.py), and the counters of things that happen in any process (recorder.py, kept in the
database through a per-process buffer: see docs/metrics.md for why)."""
