"""Scheduled jobs: the work the service does on a timer (claim due sources, deliver the alert
outbox, prune, report status) and the service that runs them; each job a plain function over a
Database. Installed inside tracker so that no top-level `jobs` package lands in site-packages;
the checkout's top-level `jobs` is a link to this folder."""
