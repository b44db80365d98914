"""Front ends: chat platforms and the console. Each parses input, calls the domain, renders."""
