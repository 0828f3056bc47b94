"""Email alerts, how they are made: rules decide who hears of which change, the outbox keeps
every alert until the mail server has it, templates render it and smtp sends it. The job that
drains the outbox on a timer is tracker.jobs.alerts; the commands are tracker.cli.alerts."""
