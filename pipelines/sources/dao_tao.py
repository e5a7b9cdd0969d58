"""Staff register, training sheet: one row per (course, official)."""
