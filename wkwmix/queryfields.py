"""The fields of the query language, each declared once: its name, other names it answers
to, what it matches and an example.

The parser (``wkwmix.query``), shell completion, the Fields line of ``wkwmix --help`` and the
README's table of queries are all made from ``FIELDS``. Plain data, no imports: ``--help``
reads it and must stay light.
"""

from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    """One ``name:value`` field of a query."""

    name: str
    matches: str  # what it selects, as the README's table says it
    examples: tuple[str, ...]  # each a whole query term, shown as typed
    aliases: tuple[str, ...] = ()
    text: bool = False  # free text: a shell word "film:In the Mood for Love" is one term
    values: tuple[str, ...] = ()  # the whole set of values, when fixed (completion offers them)


YES_NO = ("yes", "no")

FIELDS: tuple[Field, ...] = (
    Field("id", "the track ids it starts", ("id:2046/", "id:the-grandmaster/opium")),
    Field("title", "title and alternate titles, as text (ignoring case, accents, width and "
          "script; Chinese also as Pinyin or Jyutping)", ("title:dreams", "title:梦中人"),
          text=True),
    Field("artist", "the performing artist, as text, by any of their names",
          ("artist:faye", "artist:王菲"), aliases=("by",), text=True),
    Field("writer", "a writer or composer, as text, by any of their names",
          ("writer:umebayashi",), aliases=("writers",), text=True),
    Field("film", "the film, by id, title or original title (in either script, or "
          "romanised)", ('film:"Chungking Express"', "film:2046", "film:重慶", "film:重庆"),
          text=True),
    Field("year", "the film's year; `..` gives a range",
          ("year:1994..1997", "year:..1995", "year:2000")),
    Field("kind", "`song` or `score`", ("kind:song", "kind:score"), values=("song", "score")),
    Field("mood", "a mood, by id or synonym (`mood:loneliness` finds `isolation`)",
          ("mood:dream",), aliases=("moods",)),
    Field("language", "the language sung in", ("language:cantonese", "lang:spanish"),
          aliases=("lang",)),
    Field("duration", "the length, in seconds or m:ss; `..` gives a range",
          ("duration:..3:00", "duration:180..300")),
    Field("cover", "covers (`yes`, `no`), or covers of a title or artist",
          ("cover:yes", "cover:cranberries"), text=True),
    Field("instrumental", "tracks without (`yes`) or with (`no`) singing",
          ("instrumental:yes",), values=YES_NO),
    Field("original", "music written for the film (`yes`) or pre-existing (`no`)",
          ("original:no",), values=YES_NO),
    Field("character", "a character the music goes with, as text", ("character:faye",),
          aliases=("characters",), text=True),
    Field("diegetic", "heard in the film's world (`yes`) or by the audience only (`no`)",
          ("diegetic:yes",), values=YES_NO),
    Field("scene", "the scene it plays in, as text", ("scene:rain",), text=True),
    Field("heard", "how its film uses it: `theme`, `featured`, `background`, `brief`, "
          "`album-only` (on an album, placed in the film by no source) or `not-in-film`; "
          "a playlist takes the last two only when its query names them",
          ("heard:theme,featured", "-heard:background,brief"),
          values=("theme", "featured", "background", "brief", "album-only", "not-in-film")),
)

NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
ALIASES: dict[str, str] = {alias: f.name for f in FIELDS for alias in f.aliases}
# Names (aliases too) whose values may hold spaces.
TEXT_NAMES: tuple[str, ...] = tuple(
    name for f in FIELDS if f.text for name in (f.name, *f.aliases))

# The rest of the language, for the README's table after the fields.
SYNTAX: tuple[tuple[tuple[str, ...], str], ...] = (
    (("mood:dream,longing",), "`,` means OR"),
    (("-kind:score", "^kind:score"), "a leading `-` or `^` negates a term"),
    (("dreamlover", "夢中人", "mengzhongren", "王菲", "花樣年華", "'killer's death'"),
     "bare words match title, artist (by any of their names) and alternate titles, and a "
     "film's whole title in any language"),
    (("the-grandmaster/opium", "2046/"),
     "a bare word with a `/` also matches the track ids it starts, as `show` and `tag` take "
     "them"),
)


def help_line() -> str:
    """The Fields line of ``wkwmix --help``."""
    return f"Fields: {' '.join(NAMES)}; ',' means OR, a leading '-' or '^' negates"


def markdown_table() -> str:
    """The README's table: one row per field, then the rest of the syntax."""
    rows = ["| query | selects |", "| --- | --- |"]
    for field in FIELDS:
        also = f"; also written `{'`, `'.join(a + ':' for a in field.aliases)}`" \
            if field.aliases else ""
        rows.append(f"| {_codes(field.examples)} | {field.matches}{also} |")
    rows += [f"| {_codes(examples)} | {what} |" for examples, what in SYNTAX]
    return "\n".join(rows) + "\n"


def _codes(examples: tuple[str, ...]) -> str:
    return ", ".join(f"`{e}`" for e in examples)
