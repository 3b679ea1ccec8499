"""Schema version 11: who chairs a review and who takes its minutes as name plus position
(chức vụ), and the place where a mediation case is mediated (địa điểm hòa giải).

`chair` and `secretary` keep the text they held (the name, or whatever was typed into the
one field before); the positions start empty. A case's place starts empty: its minutes fall
back on the place of its last session, as before."""

SQL = """
ALTER TABLE reviews ADD COLUMN chair_position TEXT;
ALTER TABLE reviews ADD COLUMN secretary_position TEXT;
ALTER TABLE mediation_cases ADD COLUMN place TEXT;
"""
