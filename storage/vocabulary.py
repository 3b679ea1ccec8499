"""The one vocabulary: every enumeration is stored as a stable ASCII code, and this module
maps each code to the Vietnamese label that screens, documents and messages show.

    label("gender", "female")  -> "nữ"
    code_of("gender", "Nữ")    -> "female"   (forms, imports and old databases)
    choices("gender")          -> [("male", "nam"), ("female", "nữ")]

Lists a station may rename (team kinds, mediation categories, item kinds, area kinds)
keep their code in list_items; renaming changes only the label there (see
storage/records/lists.py). Add a new enumeration as one entry of VOCABULARIES."""

from __future__ import annotations

from storage.text import same_text

# kind -> {code: label}; the order is the order forms offer.
VOCABULARIES: dict[str, dict[str, str]] = {
}


def label(kind: str, code: str | None, default: str = "") -> str:
    """The Vietnamese label of `code`; an unknown code is shown as it is (never lost)."""
    if code is None:
        return default
    return VOCABULARIES.get(kind, {}).get(code, code)


def labels(kind: str) -> dict[str, str]:
    return dict(VOCABULARIES[kind])


def choices(kind: str) -> list[tuple[str, str]]:
    return list(VOCABULARIES[kind].items())


def code_of(kind: str, text: str | None) -> str | None:
    """The code for a code or a label typed in any case or tone placement; None if
    `text` names nothing of this kind."""
    if text is None:
        return None
    vocabulary = VOCABULARIES[kind]
    if text in vocabulary:
        return text
    for code, shown in vocabulary.items():
        if same_text(shown, text):
            return code
    return None
