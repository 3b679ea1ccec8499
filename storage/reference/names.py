"""Name lists for demo data, read from resources/ (surnames at their real shares)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


def _rows(filename: str) -> list[list[str]]:
    text = resources.files("resources").joinpath(filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def surnames() -> tuple[list[str], list[float]]:
    rows = _rows("surnames.txt")
    return [r[0] for r in rows], [float(r[1]) for r in rows]


@lru_cache(maxsize=1)
def middle_names() -> dict[str, tuple[list[str], list[float]]]:
    out: dict[str, tuple[list[str], list[float]]] = {"nam": ([], []), "nữ": ([], [])}
    for gender, name, weight in _rows("middle_names.txt"):
        out[gender][0].append(name)
        out[gender][1].append(float(weight))
    return out


@lru_cache(maxsize=1)
def given_names() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"nam": [], "nữ": []}
    for gender, name in _rows("given_names.txt"):
        out[gender].append(name)
    return out


@lru_cache(maxsize=1)
def place_names() -> list[str]:
    return [r[0] for r in _rows("place_names.txt")]
