"""Pilot feedback: the per-workstation store, the pilot lead's merge, report and demo data."""
