"""The index on disk: versions, search stores, the positions table."""
