"""Questions into cited answers: retrieval, evidence, composition, checks."""
