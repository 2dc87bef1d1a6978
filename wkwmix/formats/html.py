"""A playlist as a web page (``.html``) that works without any account or network.

One self-contained file: inline CSS and SVG (the mood map and, for an arc, the arc
chart), no script, nothing fetched. Each track shows its titles, performer, film, moods,
the note on its use in the film, its sources, and where to listen: the local file when
the library has it, else the Spotify link when resolved, else searches on Spotify,
YouTube Music and Apple Music built from performer and title (never a guessed id).

Catalog text is untrusted: Jinja2 escapes every value, only http(s) sources become
links, and the pictures come from ElementTree, which escapes too. Jinja2 is imported here
only, so commands that write no page never load it.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, quote_plus, urlsplit

from wkwmix.formats import clock
from wkwmix.model import SPOTIFY_TRACK_URI, Catalog, Entry, Playlist

if TYPE_CHECKING:
    import jinja2

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
SEARCHES = (
    ("Spotify", "https://open.spotify.com/search/{}", quote),
    ("YouTube Music", "https://music.youtube.com/search?q={}", quote_plus),
    ("Apple Music", "https://music.apple.com/us/search?term={}", quote_plus),
)


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class IndexItem:
    """One playlist on the index page: its page and the other files written for it."""

    playlist: Playlist
    page: str  # the page's name, relative to the index
    files: tuple[Link, ...] = ()  # names relative to the index, quoted when rendered


def render(playlist: Playlist, dest: Path | None, catalog: Catalog) -> str:
    """The page for ``playlist``; ``catalog`` places its moods and marks its films."""
    from wkwmix import pictures

    chart = pictures.arc_chart(catalog, playlist, standalone=False) if playlist.arc else None
    return _template("page").render(
        playlist=playlist,
        length=length_text(playlist),
        tracks=[_track_view(n, entry, dest) for n, entry in enumerate(playlist.entries, 1)],
        map=_markup(pictures.mood_map(catalog, playlist.tracks, playlist, standalone=False)),
        chart=_markup(chart) if chart else None,
        style=_markup(STYLE),
    )


def render_index(items: Sequence[IndexItem], title: str = "wkwmix playlists") -> str:
    """A page linking every playlist's page (and its other files)."""
    return _template("index").render(
        title=title, style=_markup(STYLE),
        items=[{"playlist": i.playlist, "page": quote(i.page),
                "files": [Link(f.text, quote(f.href)) for f in i.files],
                "length": length_text(i.playlist)} for i in items])


def length_text(playlist: Playlist) -> str:
    """'18 tracks, about 1:00:12 (41:30 of it estimated: 13 tracks have no known length)'."""
    count = len(playlist.entries)
    tracks = f"{count} track{'s' if count != 1 else ''}"
    estimated = playlist.estimated
    if not estimated:
        return f"{tracks}, {clock(playlist.total_seconds)}"
    if len(estimated) == count:
        return (f"{tracks}, about {clock(playlist.total_seconds)} (all of it estimated: no "
                "track has a known length)")
    guessed = sum(e.seconds for e in estimated)
    which = "has" if len(estimated) == 1 else "have"
    return (f"{tracks}, about {clock(playlist.total_seconds)} ({clock(guessed)} of it "
            f"estimated: {len(estimated)} track{'s' if len(estimated) != 1 else ''} {which} "
            "no known length)")


def listen_links(entry: Entry, dest: Path | None) -> list[Link]:
    """Where to play ``entry``: its file, else its Spotify page, else three searches."""
    if entry.local_path is not None:
        return [Link("local file", _file_href(entry.local_path, dest))]
    if entry.spotify and SPOTIFY_TRACK_URI.match(entry.spotify):
        return [Link("Spotify", "https://open.spotify.com/track/" + entry.spotify.split(":")[2])]
    words = " ".join(w for w in (entry.track.artist, entry.track.title) if w)
    if not entry.track.artist:
        words = f"{words} {entry.film.title}"  # a score piece is found by its film
    words = " ".join(_clean(words).split())
    return [Link(f"search {name}", pattern.format(encode(words, safe="")))
            for name, pattern, encode in SEARCHES]


def source_link(source: str) -> Link | None:
    """A source as a link when it is a web address (never a script or a file)."""
    parts = urlsplit(source.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.hostname or parts.netloc
    return Link(host.removeprefix("www."), source.strip())


def _file_href(path: Path, dest: Path | None) -> str:
    """The file relative to the page (so music and page can move together), as a URL."""
    if dest is None:
        return path.absolute().as_uri()
    try:
        relative = os.path.relpath(path.absolute(), dest.absolute().parent)
    except ValueError:  # another drive
        return path.absolute().as_uri()
    return quote(Path(relative).as_posix())


def _track_view(number: int, entry: Entry, dest: Path | None) -> dict[str, Any]:
    track, film = entry.track, entry.film
    sources = [(s, source_link(s)) for s in track.sources]
    return {
        "number": number,
        "track": track,
        "other_title": other_script_title(track.title, track.alt_titles),
        "film": film,
        "length": clock(entry.seconds) if entry.duration is not None else None,
        "estimate": clock(entry.seconds) if entry.duration is None else None,
        "moods": [(m, m in track.user_moods) for m in track.moods],
        "listen": listen_links(entry, dest),
        "sources": sources,
    }


def other_script_title(title: str, alt_titles: Sequence[str]) -> str | None:
    """The first alternate title in another script than the title (e.g. 夢中人 for Dreams)."""
    script = _script(title)
    return next((a for a in alt_titles if _script(a) not in (script, None)), None)


def _script(text: str) -> str | None:
    """The script of the first letter: 'LATIN', 'CJK', 'HANGUL', … (None without letters)."""
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return name.split()[0] if name else "UNNAMED"  # e.g. Tangut ideographs
    return None


def _clean(text: str) -> str:
    return _NOT_TEXT.sub("", text)


def _finalize(value: Any) -> Any:
    """Every value printed by a template, with characters no page should hold removed."""
    import markupsafe

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return _clean(value)
    return "" if value is None else value


def _markup(text: str) -> Any:
    """Text that goes in as it is: our own style sheet, or SVG from the pictures engine
    (ElementTree escaped every piece of catalog text in it)."""
    import markupsafe

    return markupsafe.Markup(text)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.DictLoader({"page": PAGE, "index": INDEX, "base": BASE}),
        autoescape=True, finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


# Latin faces first, then CJK ones, so Chinese titles draw as characters wherever any
# common CJK font is installed.
STYLE = """
:root { color-scheme: light; --ink: #222; --muted: #666; --line: #e2e2e2; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45;
  font-family: "Noto Sans", "Helvetica Neue", Helvetica, Arial, "Noto Sans CJK TC",
    "Noto Sans CJK SC", "PingFang TC", "Hiragino Sans", "Microsoft JhengHei",
    "Source Han Sans TC", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 20px 60px; }
h1 { font-size: 2rem; margin: 0 0 .3rem; }
.description { font-size: 1.05rem; margin: .2rem 0 .4rem; max-width: 48rem; }
.length, .meta, .sources, .hint { color: var(--muted); }
a { color: var(--accent); }
figure { margin: 1.4rem 0; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
ol.tracks { list-style: none; padding: 0; margin: 1rem 0; }
ol.tracks > li { display: grid; grid-template-columns: 2.6rem 1fr; gap: 0 .6rem;
  padding: .9rem 0; border-top: 1px solid var(--line); }
.number { font-size: 1.3rem; font-weight: bold; color: var(--muted); text-align: right; }
.title { font-size: 1.15rem; font-weight: bold; }
.other-title { font-weight: normal; margin-left: .4rem; }
.moods { margin: .3rem 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap;
  gap: .3rem; }
.moods li { border: 1px solid #bbb; border-radius: 1rem; padding: 0 .55rem; font-size: .85rem; }
.moods li.yours { font-style: italic; border-style: dashed; }
.note { margin: .35rem 0; max-width: 50rem; }
.listen { margin: .35rem 0; }
.listen a { display: inline-block; margin-right: .8rem; font-weight: bold; }
.sources { font-size: .85rem; margin: .2rem 0 0; }
.sources a, .sources span { margin-right: .6rem; }
table.index { border-collapse: collapse; width: 100%; }
a.page { font-weight: bold; font-size: 1.1rem; }
table.index td, table.index th { text-align: left; vertical-align: top; padding: .6rem .5rem;
  border-top: 1px solid var(--line); }
@media print { a { color: inherit; } figure svg { border: none; } }
"""

BASE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="wkwmix">
<title>{% block title %}{% endblock %}</title>
<style>{{ style }}</style>
</head>
<body>
<main>
{% block main %}{% endblock %}
</main>
</body>
</html>
"""

PAGE = """{% extends "base" %}
{% block title %}{{ playlist.name }}{% endblock %}
{% block main %}
<h1>{{ playlist.name }}</h1>
{% if playlist.description %}<p class="description">{{ playlist.description }}</p>{% endif %}
<p class="length">{{ length }}</p>
<figure class="map">
{{ map }}
<figcaption>Where the tracks sit on the mood plane (valence: unpleasant to pleasant;
arousal: calm to energetic), numbered in play order.</figcaption>
</figure>
{% if chart %}
<figure class="chart">
{{ chart }}
<figcaption>The arc over the playing time: the pale band is the target, each dark step
a track.</figcaption>
</figure>
{% endif %}
<ol class="tracks">
{% for t in tracks %}
<li class="track" id="track-{{ t.number }}">
<span class="number">{{ t.number }}</span>
<div>
<div><span class="title">{{ t.track.title }}</span>
{%- if t.other_title %} <span class="other-title">{{ t.other_title }}</span>{% endif %}</div>
<div class="meta">
{%- if t.track.artist %}<span class="artist">{{ t.track.artist }}</span> · {% endif -%}
<span class="film">{{ t.film.title }}
{%- if t.film.original_title and t.film.original_title != t.film.title %}
 {{ t.film.original_title }}
{%- endif %} ({{ t.film.year }})</span>
{%- if t.length %} · {{ t.length }}
{%- elif t.estimate %} · ~{{ t.estimate }} (length estimated)
{%- endif -%}
</div>
<ul class="moods">
{% for mood, yours in t.moods %}
<li{% if yours %} class="yours" title="a mood you gave"{% endif %}>{{ mood }}</li>
{% endfor %}
</ul>
{% if t.track.note %}<p class="note">{{ t.track.note }}</p>{% endif %}
<p class="listen">Listen:
{% for link in t.listen %}
<a class="listen-link" href="{{ link.href }}">{{ link.text }}</a>
{% endfor %}
</p>
{% if t.sources %}
<p class="sources">Sources:
{% for text, link in t.sources %}
{% if link %}<a href="{{ link.href }}">{{ link.text }}</a>
{% else %}<span>{{ text }}</span>
{% endif %}
{% endfor %}
</p>
{% endif %}
</div>
</li>
{% endfor %}
</ol>
<p class="hint">Made by wkwmix. Search links look for the performer and title; the
first result may be another version.</p>
{% endblock %}
"""

INDEX = """{% extends "base" %}
{% block title %}{{ title }}{% endblock %}
{% block main %}
<h1>{{ title }}</h1>
<p class="length">{{ items|length }} playlist{% if items|length != 1 %}s{% endif %}:
open one to see its moods and listen.</p>
<table class="index">
<thead><tr><th>Playlist</th><th>Length</th><th>Files</th></tr></thead>
<tbody>
{% for item in items %}
<tr>
<td><a class="page" href="{{ item.page }}">{{ item.playlist.name }}</a>
{% if item.playlist.description %}
<br><span class="meta">{{ item.playlist.description }}</span>
{% endif %}
</td>
<td class="meta">{{ item.length }}</td>
<td>{% for link in item.files %}<a href="{{ link.href }}">{{ link.text }}</a> {% endfor %}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% endblock %}
"""
