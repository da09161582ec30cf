"""Who says what: attributed claims (quotes, reported speech, beliefs) and their speakers."""
