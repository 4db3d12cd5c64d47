"""What reading a file changed or doubted without refusing it, for the import report's warnings.

A reader that has to decide something the file does not say (bytes that are not UTF-8, a like
count that is not a count, a comment id seen twice with two texts) decides it by a documented
rule and notes it here, with how often and where; the report turns each kind into one line,
such as "12 lines not valid UTF-8, read as cp1252 (lines 5, 9, 11, ...)". Notes travel with
the parsed chunks (from the reader process too), so they are plain picklable data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

KEEP_WHERE = 10  # locations kept per kind; the count is always complete


@dataclass
class Note:
    unit: str  # what is counted: "line", "row", "invalid UTF-8 byte sequence", ...
    label: str  # what happened to it: "not valid UTF-8, read as cp1252"
    count: int = 0
    where: list[int] = field(default_factory=list)  # the first line, row or item numbers

    def message(self) -> str:
        unit = self.unit if self.count == 1 else self.unit + "s"
        text = f"{self.count} {unit} {self.label}"
        if self.where:
            shown = ", ".join(str(w) for w in self.where)
            more = ", ..." if self.count > len(self.where) else ""
            text += (
                f" ({self.unit}s {shown}{more})" if self.count > 1 else f" ({self.unit} {shown})"
            )
        return text


class Notes:
    """Notes by kind (``unit`` + ``label``), merged chunk by chunk."""

    def __init__(self) -> None:
        self._by_kind: dict[tuple[str, str], Note] = {}

    def __bool__(self) -> bool:
        return bool(self._by_kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Notes) and self._by_kind == other._by_kind

    def add(
        self, unit: str, label: str, where: Iterable[int] = (), count: int | None = None
    ) -> None:
        """``count`` occurrences (default: one per item of ``where``)."""
        where = list(where)
        n = len(where) if count is None else count
        if n <= 0:
            return
        note = self._by_kind.setdefault((unit, label), Note(unit, label))
        note.count += n
        room = KEEP_WHERE - len(note.where)
        if room > 0:
            note.where.extend(int(w) for w in where[:room])

    def merge(self, other: Notes | None) -> None:
        if not other:
            return
        for note in other._by_kind.values():
            self.add(note.unit, note.label, note.where, count=note.count)

    def take(self) -> Notes:
        """The notes gathered so far, leaving this empty (a chunk's share of a file's notes)."""
        out = Notes()
        out._by_kind, self._by_kind = self._by_kind, {}
        return out

    def messages(self) -> list[str]:
        return [note.message() for note in self._by_kind.values()]
