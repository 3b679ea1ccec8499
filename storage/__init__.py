"""Storage layer: SQLite through sqlite-utils. No Qt, no ui/ imports here."""
