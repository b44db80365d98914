"""Scheduled work sent exactly once: the delivery kinds, claiming rows, and the tick."""
