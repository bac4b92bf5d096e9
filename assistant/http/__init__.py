"""The HTTP API and the embeddable widget."""
