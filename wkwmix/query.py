"""The query language: ``mood:dream film:"Chungking Express" year:1994..1997 -kind:score faye``.

A query is parsed once, against a catalog, into a list of terms; every term must match a
track (AND), ``,`` inside a value means OR, a leading ``-`` (or ``^``) negates a term, and
bare words match the title, the artist and the alternate titles (and a word with a ``/``
the track ids it starts). Matching ignores case and accents and knows mood synonyms.
Names that do not exist are errors, with the nearest ones named.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from wkwmix import names, queryfields
from wkwmix.errors import WkwmixError
from wkwmix.model import HEARD, KINDS, Catalog, Track
from wkwmix.moods import suggest
from wkwmix.text import fold

# Every field is declared in wkwmix.queryfields; here are only the names and how each matches.
FIELDS = queryfields.NAMES
ALIASES = queryfields.ALIASES
SORT_KEYS = ("film", "year", "title", "artist", "duration", "id")

_FIELD_PREFIX = re.compile(r"^[-^]?[A-Za-z_]+:")
# Fields whose values may hold spaces, so that a shell word like "film:In the Mood for Love"
# is one term; a word like "mood:romance cole" is two.
TEXT_FIELDS = queryfields.TEXT_NAMES

Predicate = Callable[[Track], bool]


class QueryError(WkwmixError):
    """A query that cannot be understood; the message names the offending token."""

    exit_code = 2


class Token:
    """One term as typed: an optional field, alternatives split at unquoted commas."""

    __slots__ = ("name", "negate", "text", "values")

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.negate = False
        self.name: str | None = None
        self.values = [""]


class Term(NamedTuple):
    token: str
    predicate: Predicate
    negate: bool = False
    field: str | None = None  # the field's own name (an alias resolved); None for bare words
    values: tuple[str, ...] = ()

    def matches(self, track: Track) -> bool:
        return self.predicate(track) != self.negate


class Query(NamedTuple):
    terms: tuple[Term, ...] = ()

    def matches(self, track: Track) -> bool:
        return all(term.matches(track) for term in self.terms)

    def select(self, catalog: Catalog) -> list[Track]:
        return [t for t in catalog if self.matches(t)]

    def asks_for(self, field: str) -> set[str]:
        """The values of ``field`` that a term (not negated) asks for by name, folded; for
        ``id``, bare words with a ``/`` too (as ``show`` and ``tag`` take ids)."""
        return {fold(v) for term in self.terms if not term.negate and (
                    term.field == field or (field == "id" and term.field is None))
                for v in term.values if term.field == field or "/" in v}


def parse(args: str | Sequence[str], catalog: Catalog) -> Query:
    """Parse a query against ``catalog``: query text, or the words of a command line."""
    if isinstance(args, str):
        tokens = tokenize(args)
    else:
        tokens = [token for word in args for token in _split_word(word)]
    return Query(tuple(_term(token, catalog) for token in tokens))


def _split_word(word: str) -> list[Token]:
    """Tokens of one command-line word.

    The shell has already grouped ``film:"Chungking Express"`` into the word
    ``film:Chungking Express``; such a word is kept whole rather than split at its spaces.
    """
    pieces = word.split()
    field = _FIELD_PREFIX.match(pieces[0]) if pieces else None
    shell_grouped = (
        len(pieces) > 1
        and field is not None
        and field.group(0).lstrip("-^").rstrip(":").lower() in TEXT_FIELDS
        and not any(_FIELD_PREFIX.match(p) or p.startswith(("-", "^")) for p in pieces[1:])
        and '"' not in word
    )
    if shell_grouped:
        return tokenize(word.replace("'", "\\'"), keep_spaces=True)
    return tokenize(word)


def tokenize(text: str, *, keep_spaces: bool = False) -> list[Token]:
    """Split query text into tokens, honouring quotes; apostrophes inside words are letters."""
    tokens: list[Token] = []
    current: Token | None = None
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace() and not keep_spaces:
            current = None
            i += 1
            continue
        if current is None:
            current = Token(text="")
            tokens.append(current)
        i = _consume(text, i, current)
    for token in tokens:
        if keep_spaces:
            token.values = [v.strip() for v in token.values]
    return tokens


def _consume(text: str, i: int, token: Token) -> int:
    """Add the character(s) at ``i`` to ``token``; return the index after them."""
    char = text[i]
    raw_so_far = token.text
    token.text += char
    if char == "\\" and i + 1 < len(text):
        token.text += text[i + 1]
        token.values[-1] += text[i + 1]
        return i + 2
    if char == '"' or (char == "'" and _opens_single_quote(raw_so_far, token)):
        return _consume_quoted(text, i, token)
    if char in "-^" and raw_so_far == "" and not token.negate:
        token.negate = True
    elif char == ":" and token.name is None and _is_field_name(token):
        token.name = token.values[-1]
        token.values = [""]
    elif char == ",":
        token.values.append("")
    else:
        token.values[-1] += char
    return i + 1


def _opens_single_quote(raw_so_far: str, token: Token) -> bool:
    """A ``'`` quotes only at the start of a term or a value; elsewhere it is an apostrophe."""
    return raw_so_far in ("", "-", "^") or raw_so_far.endswith((":", ","))


def _is_field_name(token: Token) -> bool:
    return len(token.values) == 1 and re.fullmatch(r"[A-Za-z_]+", token.values[0]) is not None


def _consume_quoted(text: str, start: int, token: Token) -> int:
    quote = text[start]
    end = _closing_quote(text, start, quote)
    if end is None:
        raise QueryError(f"unclosed quote {quote} in {text[start:]!r} "
                         f"(at character {start + 1} of {text!r})")
    token.text += text[start + 1 : end + 1]
    token.values[-1] += text[start + 1 : end]
    return end + 1


def _closing_quote(text: str, start: int, quote: str) -> int | None:
    for j in range(start + 1, len(text)):
        if text[j] != quote:
            continue
        if quote == '"':
            return j
        following = text[j + 1 : j + 2]
        if following == "" or following.isspace() or following == ",":
            return j
    return None


def _term(token: Token, catalog: Catalog) -> Term:
    values = token.values
    shown = token.text
    if token.name is None:
        if values == [""] and token.negate:
            raise QueryError(f"{shown!r}: a lone {shown[0]!r} negates nothing")
        _require_values(values, shown)
        return Term(shown, _free_words(values, catalog), token.negate, None, tuple(values))
    name = ALIASES.get(token.name.lower(), token.name.lower())
    if name not in FIELDS:
        raise QueryError(f"unknown field {token.name!r} in {shown!r}"
                         f"{suggest(token.name, FIELDS)} (fields: {', '.join(FIELDS)})")
    _require_values(values, shown)
    return Term(shown, BUILDERS[name](values, catalog, shown), token.negate, name,
                tuple(values))


def _require_values(values: list[str], shown: str) -> None:
    if any(not v.strip() for v in values):
        raise QueryError(f"empty value in {shown!r}: write a value after ':' and between ','")


def _contains(values: list[str], texts_of: Callable[[Track], Sequence[str | None]]) -> Predicate:
    """Any of the texts holds any value, by the one rule of ``wkwmix.names``: scripts,
    widths and romanisations fold together."""
    holds = names.matcher(values)
    return lambda track: holds(texts_of(track))


def _people(texts: Sequence[str | None]) -> tuple[str, ...]:
    """Each credit with every other name of the people it names."""
    return tuple(form for text in texts if text for form in names.forms(text))


def _free_words(values: list[str], catalog: Catalog) -> Predicate:
    """Title, artist (by any of their names), alternate titles, and a film's whole title in
    any language; a word with a ``/`` is also a track id (or the start of ids), as
    ``show`` and ``tag`` take it."""
    _prepare(values, catalog)
    films = catalog.films
    holds = names.matcher(values)
    # A film's whole title, in any language: `ls 花樣年華` lists its music, `ls love` not.
    named = names.matcher(values, whole=True)
    by_film = {f.id: named((f.title, f.original_title)) for f in films.values()}

    def texts(t: Track) -> bool:
        return by_film.get(t.film, False) or holds((t.title, *_people((t.artist,)),
                                                     *t.alt_titles))

    ids = tuple(fold(v) for v in values if "/" in v)
    if not ids:
        return texts
    return lambda t: texts(t) or fold(t.id).startswith(ids)


def _prepare(values: list[str], catalog: Catalog) -> None:
    """Have the romanisations of the catalog's Chinese texts ready (shipped, or cached
    after a first computation) when a value could be one."""
    if not any(v.isascii() and any(c.isalpha() for c in v) for v in values):
        return
    names.prepare(text for track in catalog
                  for text in (track.title, track.artist, *track.alt_titles, *track.writers))
    names.prepare(text for film in catalog.films.values()
                  for text in (film.title, film.original_title))


def _title(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    _prepare(values, catalog)
    return _contains(values, lambda t: (t.title, *t.alt_titles))


def _artist(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    _prepare(values, catalog)
    return _contains(values, lambda t: _people((t.artist,)))


def _writer(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    _prepare(values, catalog)
    return _contains(values, lambda t: _people(t.writers))


def _id(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    prefixes = tuple(fold(v) for v in values)
    return lambda t: fold(t.id).startswith(prefixes)


def _film(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    wanted: set[str] = set()
    for value in values:
        found = _films_named(value, catalog)
        if not found:
            names = [*catalog.films, *(fold(f.title) for f in catalog.films.values())]
            raise QueryError(f"no film matches {value!r} in {shown!r}{suggest(value, names)}")
        wanted |= found
    return lambda t: t.film in wanted


def _films_named(value: str, catalog: Catalog) -> set[str]:
    """Films by id, or by title in any language, script or romanisation."""
    if value in catalog.films:
        return {value}
    _prepare([value], catalog)
    holds = names.matcher([value])
    needle = fold(value)
    return {
        film.id
        for film in catalog.films.values()
        if holds((film.title, film.original_title)) or needle == fold(film.id)
    }


def _mood(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    wanted = set()
    for value in values:
        mood_id = catalog.moods.find(value)
        if mood_id is None:
            raise QueryError(catalog.moods.unknown(value, f" in {shown!r}"))
        wanted.add(mood_id)
    return lambda t: not wanted.isdisjoint(t.moods)


def _kind(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    wanted = {fold(v) for v in values}
    unknown = wanted - set(KINDS)
    if unknown:
        raise QueryError(f"unknown kind {sorted(unknown)[0]!r} in {shown!r}: "
                         "kind is 'song' or 'score'")
    return lambda t: t.kind in wanted


def _language(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    wanted = {fold(v) for v in values}
    return lambda t: t.language is not None and fold(t.language) in wanted


def _cover(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    flags = {"yes": True, "true": True, "no": False, "false": False}
    if len(values) == 1 and fold(values[0]) in flags:
        is_cover = flags[fold(values[0])]
        return lambda t: (t.cover_of is not None) == is_cover
    return _contains(values, lambda t: (t.cover_of.title, t.cover_of.artist) if t.cover_of else ())


FLAGS = {"yes": True, "true": True, "no": False, "false": False}


def _flag(attribute: str) -> Callable[[list[str], Catalog, str], Predicate]:
    """A yes/no field: ``yes`` matches tracks known to be so, ``no`` those known not to be;
    a track the catalog says nothing about matches neither."""

    def builder(values: list[str], catalog: Catalog, shown: str) -> Predicate:
        wanted = set()
        for value in values:
            if fold(value) not in FLAGS:
                raise QueryError(f"{attribute} is yes or no, not {value!r} in {shown!r}")
            wanted.add(FLAGS[fold(value)])
        return lambda t: getattr(t, attribute) in wanted

    return builder


def _character(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    return _contains(values, lambda t: t.characters)


def _scene(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    return _contains(values, lambda t: (t.scene,))


def _heard(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    wanted = set()
    for value in values:
        if fold(value) not in HEARD:
            raise QueryError(f"heard is one of {', '.join(HEARD)}, not {value!r} in {shown!r}"
                             f"{suggest(fold(value), HEARD)}")
        wanted.add(fold(value))
    return lambda t: t.heard in wanted


def _year(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    ranges = [_range(v, shown, _parse_int) for v in values]
    years = {f.id: f.year for f in catalog.films.values()}
    return lambda t: any(lo <= years[t.film] <= hi for lo, hi in ranges)


def _duration(values: list[str], catalog: Catalog, shown: str) -> Predicate:
    ranges = [_range(v, shown, _parse_seconds) for v in values]
    return lambda t: t.duration is not None and any(lo <= t.duration <= hi for lo, hi in ranges)


def _range(value: str, shown: str, number: Callable[[str, str], int]) -> tuple[float, float]:
    if ".." not in value:
        exact = number(value, shown)
        return (exact, exact)
    low_text, high_text = value.split("..", 1)
    low = number(low_text, shown) if low_text.strip() else float("-inf")
    high = number(high_text, shown) if high_text.strip() else float("inf")
    if low > high:
        raise QueryError(f"reversed range {value!r} in {shown!r}: "
                         f"did you mean {high_text}..{low_text}?")
    return (low, high)


def _parse_int(text: str, shown: str) -> int:
    if not re.fullmatch(r"\s*\d+\s*", text):
        raise QueryError(f"{text!r} in {shown!r} is not a whole number")
    return _number(text.strip(), shown)


def _parse_seconds(text: str, shown: str) -> int:
    match = re.fullmatch(r"\s*(?:(\d+):)?(\d+)\s*", text)
    if not match:
        raise QueryError(f"{text!r} in {shown!r} is not a duration (seconds or m:ss)")
    minutes, seconds = match.groups()
    return _number(minutes or "0", shown) * 60 + _number(seconds, shown)


# Far past any year or length. Python refuses to read a number of more than 4300 digits,
# and a message quoting thousands of them would bury what it says.
MAX_DIGITS = 100
SHOWN_DIGITS = 20


def _number(digits: str, shown: str) -> int:
    if len(digits) > MAX_DIGITS:
        name, colon, value = shown.partition(":")
        token = name + colon + _clipped(value) if colon else _clipped(shown)
        raise QueryError(f"{_clipped(digits)!r} in {token!r} is too large a number "
                         f"({len(digits)} digits)")
    return int(digits)


def _clipped(text: str) -> str:
    return text if len(text) <= SHOWN_DIGITS + 1 else text[:SHOWN_DIGITS] + "…"


BUILDERS: dict[str, Callable[[list[str], Catalog, str], Predicate]] = {
    "id": _id, "title": _title, "artist": _artist, "writer": _writer, "film": _film,
    "year": _year, "kind": _kind, "mood": _mood, "language": _language,
    "duration": _duration, "cover": _cover, "instrumental": _flag("instrumental"),
    "original": _flag("original"), "character": _character, "diegetic": _flag("diegetic"),
    "scene": _scene, "heard": _heard,
}


def near_tracks(ref: str, catalog: Catalog) -> list[Track]:
    """The tracks someone naming ``ref`` most likely meant, in catalog order.

    Those it would select as bare words of a query (title, artist, alternate titles), or
    whose id holds it; else, the ids and titles closest to it in spelling.
    """
    words = fold(ref).replace("-", " ").split()
    if not words:
        return []

    def holds(track: Track) -> bool:
        texts = [fold(t) for t in (track.title, track.artist, *track.alt_titles) if t]
        texts.append(fold(track.id).replace("-", " "))
        loose_texts = [t.replace("'", "").replace("’", "") for t in texts]
        return all(any(w in t for t in texts + loose_texts) for w in words)

    found = [t for t in catalog if holds(t)]
    if found:
        return found
    return _spelled_alike(fold(ref), catalog)


def _spelled_alike(wanted: str, catalog: Catalog, cutoff: float = 0.7) -> list[Track]:
    """The tracks whose id, id's own part (after the film's) or title is spelled most like
    ``wanted``: the best, and those nearly as close."""
    from difflib import SequenceMatcher  # only on the error path

    matcher = SequenceMatcher(b=wanted)
    slug = wanted.rpartition("/")[2]

    def score(track: Track) -> float:
        names = ((fold(track.id), wanted), (track.id.rpartition("/")[2], slug),
                 (fold(track.title), wanted))
        best = 0.0
        for name, against in names:
            matcher.set_seqs(name, against)
            best = max(best, matcher.ratio())
        return best

    scores = {t.id: score(t) for t in catalog}
    top = max(scores.values(), default=0.0)
    return [t for t in catalog if scores[t.id] >= max(cutoff, top - 0.05)]


def sort_tracks(tracks: Sequence[Track], key: str, catalog: Catalog) -> list[Track]:
    """Tracks ordered by ``key``; ties keep catalog order. ``film`` means film chronology."""
    position = {track_id: i for i, track_id in enumerate(catalog.tracks)}
    films = catalog.films
    keys: dict[str, Callable[[Track], tuple[Any, ...]]] = {
        "film": lambda t: (films[t.film].year, t.film, position[t.id]),
        "year": lambda t: (films[t.film].year, position[t.id]),
        "title": lambda t: (fold(t.title), position[t.id]),
        "artist": lambda t: (fold(t.artist or "\uffff"), position[t.id]),
        "duration": lambda t: (t.duration is None, t.duration or 0, position[t.id]),
        "id": lambda t: (t.id,),
    }
    return sorted(tracks, key=keys[key])


_FIELD_WORD = re.compile(r"^(-?[A-Za-z_]+:)(.*)$", re.S)


def quote_word(word: str) -> str:
    """A command-line word as query text: what the shell had grouped is quoted again."""
    if not any(c.isspace() for c in word) or '"' in word:
        return word
    match = _FIELD_WORD.match(word)
    if match is None:
        return f'"{word}"'
    prefix, values = match.groups()
    return prefix + ",".join(f'"{v}"' if any(c.isspace() for c in v) else v
                             for v in values.split(","))
