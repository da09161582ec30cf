"""Highlights: score sentences, pick a few that do not repeat, compress them, attribute them."""
