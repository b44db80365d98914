"""How the domain reaches people on any platform: the messenger port and direct messages to many."""
