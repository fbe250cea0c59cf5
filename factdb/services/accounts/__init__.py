"""Accounts: users, roles and who may do what, passwords, sign-in and personal API tokens."""
