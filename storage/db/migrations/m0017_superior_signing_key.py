"""Schema version 17: the superior's Ed25519 signing key beside its X25519 key at a
station (`superior_key.signing_key`), taken from the key file the station trusts. A
receipt is authenticated with it: before, a receipt carried its own key and anyone
could sign one that moved the station's package numbers. Null for a key file made
before (a receipt is then shown as not yet authenticated and changes nothing)."""

SQL = """
ALTER TABLE superior_key ADD COLUMN signing_key BLOB;
"""
