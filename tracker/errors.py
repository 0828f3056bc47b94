"""The one exception hierarchy of tracker.

Expected failures of a check (a 404, a timeout, a page with no article) are *outcomes*, kept as
data on FetchResult / Check rows; these exceptions are for misuse and configuration problems
that must stop a command with one clear line.
"""


class TrackerError(Exception):
    """Base of every error tracker raises on purpose; the CLI prints its message on one line."""


class ConfigError(TrackerError):
    """Settings are invalid (bad URL, bad duration, unreadable settings file)."""


class UsageError(TrackerError):
    """A command was asked for something it cannot do (unknown source, bad selector)."""


class DatabaseError(TrackerError):
    """The database is unreachable or its schema cannot be brought up to date."""


class DeliveryError(TrackerError):
    """An alert could not be handed to the mail server (it stays in the outbox for a retry)."""
