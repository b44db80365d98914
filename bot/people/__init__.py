"""People: profiles, roles, who is who, the privacy notice and erasure."""
