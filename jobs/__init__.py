"""Scheduled jobs: the work the service does on a timer, each a plain function over a Database."""
