"""Accounts: users and roles (``users``, ``permissions``), passwords (``passwords``), signing in
and out (``signin``) with database-backed throttling (``throttle``), personal API tokens
(``tokens``) and the append-only security events (``events``)."""
