"""The generated texts a phase scores, handed from the parent to the phase's process as JSON."""

from __future__ import annotations

import json
from pathlib import Path


def write_texts(path: Path, texts: list[str]) -> None:
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


def load_texts(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
