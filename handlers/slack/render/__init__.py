"""Block Kit rendering, one module per feature, built with slack_sdk models so limits are checked."""
