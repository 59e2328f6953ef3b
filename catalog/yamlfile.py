"""Read a YAML file into plain data plus the line of every value, refusing duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalog.errors import CatalogError, dotted

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed YAML document and where each of its values starts (1-based lines)."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its nearest ancestor that has one."""
        while True:
            if loc in self.lines:
                return self.lines[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def error(self, loc: Loc, problem: str) -> CatalogError:
        return CatalogError(self.path, self.line_of(loc), dotted(loc) or None, problem)


def read_yaml(path: Path) -> YamlDoc:
    """Parse `path`; a syntax error or a duplicate key becomes a CatalogError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(path, None, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise CatalogError(path, None, None, f"not UTF-8 text ({exc.reason})") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        doc = YamlDoc(path=path, data=None)
        doc.data = _construct(loader, node, (), doc) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise CatalogError(path, line, None, f"YAML syntax: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise CatalogError(path, None, None, f"YAML syntax: {exc}") from None
    finally:
        loader.dispose()
    return doc


def _construct(loader: yaml.SafeLoader, node: yaml.Node, loc: Loc, doc: YamlDoc) -> Any:
    doc.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise CatalogError(
                    doc.path, key_node.start_mark.line + 1, dotted(loc) or None, "keys must be text"
                )
            if key in result:
                raise CatalogError(
                    doc.path,
                    key_node.start_mark.line + 1,
                    dotted((*loc, key)),
                    f"duplicate key {key!r}",
                )
            result[key] = _construct(loader, value_node, (*loc, key), doc)
            doc.lines[(*loc, key)] = key_node.start_mark.line + 1  # a key's line, not its value's
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*loc, i), doc) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
