"""tracker: watch article pages and report how they change."""

__version__ = "0.1.0"
