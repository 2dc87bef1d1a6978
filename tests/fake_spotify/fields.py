"""Spotify's ``fields`` filter: ``id,name,owner(id),items(item(uri)),next``."""

from __future__ import annotations

from typing import Any

Tree = dict[str, "Tree | None"]


def select(data: Any, fields: str | None) -> Any:
    """``data`` cut down to ``fields`` (everything when no filter is given)."""
    if not fields:
        return data
    tree, _ = _parse(fields, 0)
    return _apply(data, tree)


def _parse(text: str, at: int) -> tuple[Tree, int]:
    tree: Tree = {}
    while at < len(text) and text[at] != ")":
        name_end = at
        while name_end < len(text) and text[name_end] not in ",().":
            name_end += 1
        name = text[at:name_end].strip()
        at = name_end
        sub: Tree | None = None
        if at < len(text) and text[at] == "(":
            sub, at = _parse(text, at + 1)
            at += 1  # the closing parenthesis
        elif at < len(text) and text[at] == ".":
            rest_end = at + 1
            depth = 0
            while rest_end < len(text) and (depth or text[rest_end] not in ",)"):
                depth += {"(": 1, ")": -1}.get(text[rest_end], 0)
                rest_end += 1
            sub, _ = _parse(text[at + 1:rest_end], 0)
            at = rest_end
        tree[name] = _merge(tree.get(name), sub) if name in tree else sub
        if at < len(text) and text[at] == ",":
            at += 1
    return tree, at


def _merge(a: Tree | None, b: Tree | None) -> Tree | None:
    if a is None or b is None:
        return None
    return {**a, **b}


def _apply(data: Any, tree: Tree | None) -> Any:
    if tree is None:
        return data
    if isinstance(data, list):
        return [_apply(item, tree) for item in data]
    if not isinstance(data, dict):
        return data
    return {key: _apply(data[key], sub) for key, sub in tree.items() if key in data}
