"""Crosswalk's REST API (the Credentially seed's Option 2): people, compliance, documents."""
