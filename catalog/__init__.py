"""The county catalog and the company registry: validated reference data."""
