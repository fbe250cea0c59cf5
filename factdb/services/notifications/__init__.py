"""Notifications: each user's inbox (what happened to claims that concern them), the unread
count, @mentions in comments, and the optional e-mail copy sent through the task queue."""

from factdb.services.notifications import record

# The review workflow and tracking announce what happened; notifications follow them.
record.connect()
