"""Cohort sessions: planned by facilitators, invitations and answers by DM, reminders, late cancellations, attendance."""
