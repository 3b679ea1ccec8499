"""Schema version 16: when a household came to live in its area (ngày chuyển đến), for a
household that arrived after the register was entered. A year's evaluation of an area counts
the households living there during its window: one that moved in after the window closed
(after the year's recognition was decided) no longer turns the area back to "chưa đạt". Empty
for every household already entered: they lived there before."""

SQL = """
ALTER TABLE households ADD COLUMN moved_in_on TEXT;
"""
