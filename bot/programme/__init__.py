"""The programme: cohorts, their calendar, the prompt library, the weekly post, reminders and digests."""
