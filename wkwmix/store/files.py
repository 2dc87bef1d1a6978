"""Reading and writing the files wkwmix uses: YAML (safe loader only) and JSON, atomic writes.

Parsing YAML is the slowest part of start-up, so the parsed data of each file is kept in
the parse cache (``store.cache.read``), keyed by the file's identity and times.
Line numbers are only needed when something is wrong, so they are found then, by composing
the file again (``locate``), rather than tracked on every load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wkwmix.errors import DataError, Problem

if TYPE_CHECKING:
    import yaml

Key = str | int


def read(path: Path, *, progress: Callable[[float], None] | None = None) -> Any:
    """Parse ``path`` (YAML or JSON) into plain data; raise DataError naming file and line.

    ``progress`` hears how much of a YAML file has been read, on a long first read.
    ``store.cache.read`` keeps the data for the next run.
    """
    return parse(_read_text(path), str(path), progress)


def file_key(path: Path) -> tuple[Any, ...]:
    """What identifies a version of a file for the cache: its path, device, inode, size,
    modification and change times (the change time last: ``cache.Question`` reads it)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError([Problem(str(path), None, "no such file")]) from None
    except OSError as e:
        raise DataError([Problem(str(path), None, f"cannot read: {e.strerror}")]) from None
    return (str(path.resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns,
            stat.st_ctime_ns)


def parse(text: str, name: str, progress: Callable[[float], None] | None = None) -> Any:
    """Parse YAML text; ``name`` is used in error messages."""
    if not text.strip():
        raise DataError([Problem(name, None, "the file is empty")])
    if text.lstrip().startswith("{"):
        return _parse_json(text, name)
    import yaml  # only a cold start parses YAML: the parse cache serves the others

    from wkwmix.store import yamlread

    try:
        return yamlread.load(text, name, progress)
    except yaml.MarkedYAMLError as e:
        raise DataError([_problem_from_yaml_error(name, text, e)]) from None
    except yaml.YAMLError as e:
        raise DataError([Problem(name, None, f"not valid YAML: {e}")]) from None


def _parse_json(text: str, name: str) -> Any:
    """JSON is YAML, and parses a hundred times faster: large generated catalogs use it."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError([Problem(name, e.lineno, f"not valid JSON: {e.msg}")]) from None
    except RecursionError:
        raise DataError([Problem(name, None, "nested too deeply")]) from None
    except ValueError as e:  # e.g. a number with thousands of digits
        raise DataError([Problem(name, None, f"not valid JSON: {e}")]) from None


def _read_text(path: Path) -> str:
    import stat

    try:
        kind = path.stat().st_mode
    except OSError as e:
        raise DataError([Problem(str(path), None, f"cannot read: {e.strerror}")]) from None
    if not stat.S_ISREG(kind):
        what = "a folder" if stat.S_ISDIR(kind) else "a FIFO" if stat.S_ISFIFO(kind) else \
            "a device" if stat.S_ISCHR(kind) or stat.S_ISBLK(kind) else "not a file"
        raise DataError([Problem(str(path), None, f"not a regular file ({what})")])
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError([Problem(str(path), None, f"not UTF-8 text ({e.reason})")]) from None
    except OSError as e:
        raise DataError([Problem(str(path), None, f"cannot read: {e.strerror}")]) from None


def _problem_from_yaml_error(name: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem = error.problem or "not valid YAML"
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        problem = "a tab character is used for indentation; YAML needs spaces"
    elif error.context:
        problem = f"{error.context}, {problem}"
    return Problem(name, line, f"not valid YAML: {problem}")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def locate(path: Path | str, key_paths: Sequence[Sequence[Key]]) -> list[int | None]:
    """The 1-based line of the node at each key path (e.g. ``["tracks", 3, "moods"]``).

    Falls back to the deepest node that exists; None when the file cannot be composed. Each
    mapping's keys are indexed once, so thousands of paths (an overlay editing thousands of
    tracks the catalog lacks) take time linear in the file, not a search per path.
    """
    import yaml

    from wkwmix.store.yamlread import Loader

    try:
        root = yaml.compose(Path(path).read_text(encoding="utf-8-sig"), Loader=Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return [None] * len(key_paths)
    finder = _Finder()
    return [finder.line_of(root, keys) for keys in key_paths]


class _Finder:
    """Children of composed YAML nodes by key, each mapping indexed on first use."""

    def __init__(self) -> None:
        self.indexes: dict[int, dict[str, tuple[yaml.Node, int]]] = {}

    def line_of(self, root: yaml.Node | None, keys: Sequence[Key]) -> int | None:
        node, line = root, (root.start_mark.line + 1 if root else None)
        for key in keys:
            child = self.child(node, key)
            if child is None:
                break
            node, line = child
        return line

    def child(self, node: yaml.Node | None, key: Key) -> tuple[yaml.Node, int] | None:
        import yaml

        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) \
                and 0 <= key < len(node.value):
            item = node.value[key]
            return item, item.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            return None
        index = self.indexes.get(id(node))
        if index is None:
            index = self.indexes[id(node)] = {}
            for key_node, value_node in node.value:
                index.setdefault(str(key_node.value), (value_node, key_node.start_mark.line + 1))
        return index.get(str(key))


def dump(data: Any) -> str:
    """YAML text for ``data``, keys in the given order, Unicode kept readable."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def write_atomic(path: Path, text: str, *, mode: int = 0o644) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new, never a part."""
    write_atomic_bytes(path, text.encode("utf-8"), mode=mode)


def write_atomic_bytes(path: Path, data: bytes, *, mode: int = 0o644,
                       owner: tuple[int, int] | None = None) -> None:
    """Replace ``path`` (through a symlink: the file it points to) by a temp file and a rename.

    ``owner`` (uid, gid) is kept where the process may set it, as when root rewrites a
    user's file.
    """
    path = Path(os.path.realpath(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_file_beside(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if owner is not None and hasattr(os, "chown"):
            _keep_owner(tmp, owner)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def temp_file_beside(path: Path) -> tuple[int, str]:
    """A new, empty file ``.NAME.XXXXXXXXXXXX.tmp`` in ``path``'s folder, readable by the user
    alone: (descriptor, path). As ``tempfile.mkstemp`` makes one, without the cost of
    importing it on every build."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _keep_owner(tmp: str, owner: tuple[int, int]) -> None:
    import contextlib

    # Only root can give a file away; a user's own file is theirs already.
    with contextlib.suppress(PermissionError):
        os.chown(tmp, *owner)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
