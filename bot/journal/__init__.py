"""A delegate's journal: reflections, evidence, the personal challenge, editing, sharing and the home screen."""
