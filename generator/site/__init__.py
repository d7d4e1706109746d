"""Shared mkdocs site configuration, vendored assets and offline checks."""
