"""Invoke activities: card actions, dialogs and file consent, each answered in the body of the HTTP response."""
