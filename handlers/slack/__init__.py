"""The Slack front end: Bolt listeners, Block Kit views and the Slack messenger."""
