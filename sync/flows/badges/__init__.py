"""Docebo <-> Credly connector flows (issue 3; the seed's "Docebo Connect for Credly" recipes)."""
