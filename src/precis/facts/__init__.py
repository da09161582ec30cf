"""Key facts: entities, geocoded places, figures and dates (issue 4)."""
