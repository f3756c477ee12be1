"""The home page and small pages that belong to no single area."""
