"""CatalogError: one bad value in a data file, named by file, line and field."""

from __future__ import annotations

from pathlib import Path


class CatalogError(ValueError):
    """A data file that does not parse or validate; str() is the one-line message for users."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        field = f" field {self.field}:" if self.field else ""
        return f"{where}:{field} {self.problem}"


def dotted(loc: tuple[str | int, ...]) -> str:
    """('sectors', 0, 'links', 2, 'keywords_zh') -> 'sectors[0].links[2].keywords_zh'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
