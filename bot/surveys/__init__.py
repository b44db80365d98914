"""The confidence survey (baseline, midpoint, final) and the programme evaluation."""
