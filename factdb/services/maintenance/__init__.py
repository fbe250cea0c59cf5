"""Maintenance: consistency checks of the stored data, planner statistics, and backup and
restore of the database."""
