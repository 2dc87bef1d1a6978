"""Reading YAML into plain data: fast, in little memory, and safely, from the parser's events.

PyYAML's own loader builds a node for every value (with two position marks each), then
walks the nodes again to build the data: for a catalog of 100,000 tracks that is most of
a cold start and most of its memory. Here the values are built straight from libyaml's
event stream (PyYAML's C parser where present), with PyYAML's safe resolver and
constructors for anything that is not plain text, so the data is the same as
``yaml.safe_load`` gives (a test holds the two to that).

Shared files are untrusted, so a key given twice, nesting deeper than ``MAX_DEPTH``,
aliases expanding to more than ``MAX_VALUES`` values (an "alias bomb"), a number too long
to read and a tag outside the safe schema are each an error naming the line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml import events

from wkwmix.errors import DataError, Problem

Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64  # nesting levels a file may use; real catalogs and recipes use under ten
MAX_VALUES = 2_000_000  # values a file may expand to through aliases
STR = "tag:yaml.org,2002:str"
MERGE = "tag:yaml.org,2002:merge"
_SHORT = 24  # plain scalars this short (keys, small words) have their tag remembered
PROGRESS_EVERY = 65_536  # events between two progress reports
Progress = Callable[[float], None]  # the share of the text read so far, 0 to 1


class _Frame:
    """A mapping or sequence being built, with what it still waits for."""

    __slots__ = ("anchor", "is_list", "key", "key_mark", "made_before", "merges", "value")

    def __init__(self, value: Any, is_list: bool, anchor: str | None, made_before: int) -> None:
        self.value = value
        self.is_list = is_list
        self.key: Any = _NO_KEY
        self.key_mark: Any = None
        self.merges: list[Any] = []
        self.anchor = anchor
        self.made_before = made_before


_NO_KEY = object()


class _Builder:
    def __init__(self, text: str, name: str, progress: Progress | None = None) -> None:
        self.loader = Loader(text)
        self.name = name
        self.length = max(len(text), 1)
        self.progress = progress
        self.anchors: dict[str, tuple[Any, int]] = {}  # value, and how many values it holds
        self.made = 0
        self.tags: dict[str, str] = {}

    def fail(self, mark: Any, message: str) -> DataError:
        line = mark.line + 1 if mark is not None else None
        return DataError([Problem(self.name, line, f"not valid YAML: {message}")])

    def build(self) -> Any:
        # One loop over millions of events for a large catalog: the common steps (a plain
        # or quoted string, put into the mapping or list being built) are written out here
        # rather than called, which makes the whole read about a third faster.
        get_event = self.loader.get_event
        scalar_event, alias_event = events.ScalarEvent, events.AliasEvent
        starts = (events.MappingStartEvent, events.SequenceStartEvent)
        ends = (events.MappingEndEvent, events.SequenceEndEvent)
        tags, resolve, node = self.tags, self.loader.resolve, yaml.ScalarNode
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        countdown = PROGRESS_EVERY if self.progress is not None else -1
        while True:
            event = get_event()
            kind = event.__class__
            countdown -= 1
            if countdown == 0 and self.progress is not None:
                self.progress(event.end_mark.index / self.length)
                countdown = PROGRESS_EVERY
            if kind is scalar_event:
                tag = None
                if event.tag is None:
                    if not event.implicit[0]:
                        tag = STR  # quoted: always text
                    else:
                        tag = tags.get(event.value)
                        if tag is None:
                            tag = resolve(node, event.value, (True, False))
                            if len(event.value) < _SHORT:
                                tags[event.value] = tag
                value = event.value if tag == STR else self.scalar(event)
                if event.anchor is not None:
                    self.remember(event.anchor, value, 1)
            elif kind in starts:
                if len(stack) >= MAX_DEPTH:
                    raise DataError([Problem(self.name, event.start_mark.line + 1,
                                             f"nested more than {MAX_DEPTH} levels deep")])
                is_list = kind is events.SequenceStartEvent
                self.check_tag(event, "seq" if is_list else "map")
                stack.append(_Frame([] if is_list else {}, is_list, event.anchor, self.made))
                continue
            elif kind in ends:
                value = self.close(stack.pop())
            elif kind is alias_event:
                value = self.alias(event)
            elif kind is events.StreamEndEvent:
                return root
            elif kind is events.DocumentStartEvent and documents:
                raise self.fail(event.start_mark, "expected a single document in the file")
            else:
                documents += kind is events.DocumentStartEvent
                continue  # stream and document starts and ends
            self.made += 1
            if not stack:
                root = value
                continue
            frame = stack[-1]
            if frame.is_list:
                frame.value.append(value)
            elif frame.key is _NO_KEY:
                frame.key, frame.key_mark = value, event.start_mark
            else:
                self.set(frame, frame.key, value)
                frame.key = _NO_KEY

    def scalar(self, event: Any) -> Any:
        """A scalar that is not plain text: resolved and built by PyYAML's safe schema."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = STR if not event.implicit[0] else self.loader.resolve(
                yaml.ScalarNode, event.value, (True, False))
        if tag == STR:
            return event.value
        if tag == MERGE:
            return _Merge()
        construct = self.loader.yaml_constructors.get(tag)
        if construct is None:
            raise self.fail(event.start_mark, f"the tag {tag!r} is not allowed here")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            return construct(self.loader, node)
        except ValueError:  # e.g. int() of thousands of digits
            raise self.fail(event.start_mark, f"a number too long to read "
                                              f"({len(event.value)} characters)") from None

    def check_tag(self, event: Any, kind: str) -> None:
        if event.tag not in (None, "!", f"tag:yaml.org,2002:{kind}"):
            raise self.fail(event.start_mark, f"the tag {event.tag!r} is not allowed here")

    def remember(self, anchor: str | None, value: Any, size: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)

    def alias(self, event: Any) -> Any:
        found = self.anchors.get(event.anchor)
        if found is None:
            raise self.fail(event.start_mark, f"found undefined alias {event.anchor!r}")
        value, size = found
        self.made += size - 1  # the alias stands for every value its anchor holds
        if self.made > MAX_VALUES:
            raise DataError([Problem(self.name, event.start_mark.line + 1,
                                     f"its aliases expand to more than {MAX_VALUES:,} values; "
                                     "write the values out instead")])
        return value

    def close(self, frame: _Frame) -> Any:
        if frame.merges:
            for merged in frame.merges:
                for key, value in merged.items():
                    frame.value.setdefault(key, value)
        self.remember(frame.anchor, frame.value, self.made - frame.made_before + 1)
        return frame.value

    def set(self, frame: _Frame, key: Any, value: Any) -> None:
        if isinstance(key, _Merge):
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                raise self.fail(frame.key_mark, "a merge key (<<) takes a mapping or a list "
                                                "of mappings")
            frame.merges.extend(merged)
            return
        try:
            if key in frame.value:
                raise self.fail(frame.key_mark, f"the key {key!r} is given twice")
            frame.value[key] = value
        except TypeError:  # a list or mapping used as a key
            raise self.fail(frame.key_mark, "a key must be a single value") from None


class _Merge:
    """The ``<<`` key of a mapping, which merges other mappings into it."""


def load(text: str, name: str, progress: Progress | None = None) -> Any:
    """The data in YAML ``text``; DataError names ``name`` and the line of any problem.

    ``progress`` is told, now and then, how much of the text has been read.
    """
    builder = _Builder(text, name, progress)
    try:
        return builder.build()
    finally:
        builder.loader.dispose()
