"""1-2-1 support: who coaches whom, asking for and agreeing a 1-2-1, logging it, and following up its actions."""
