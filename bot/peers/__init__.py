"""Peer learning: delegates introduced in rotating pairs, and the support they give each other."""
