"""Documents into an index version: read, clean, split, attribute, tag, embed, write."""
