"""A playlist as a web page (``.html``) that works without any account or network.

One self-contained file: inline CSS and SVG (the mood map and, for an arc, the arc
chart, each drawn twice: for a screen, and larger-lettered for a phone), no script,
nothing fetched. Each track shows what the catalog knows that a fan cares about (titles,
performer, writers, what it covers, song or score, how it is heard in the film and in
which scene, the recording's album), why it is in the playlist (its moods and, in an arc,
the moment it serves), its sources folded away, and where to listen: the local file when
the library has it, else the Spotify link when resolved, else searches on Spotify,
YouTube Music and Apple Music built from performer and title (never a guessed id).
Every page links to its index (when built with one) and to its own other files; a dark
theme follows the reader's system, and a print style keeps tracks whole.

Catalog text is untrusted: Jinja2 escapes every value, only http(s) sources become
links, and the pictures come from ElementTree, which escapes too. Jinja2 is imported here
only, so commands that write no page never load it.

A page speaks the language in use (``wkwmix.i18n``: --lang, else WKWMIX_LANG, else the
locale): English, or Chinese in Traditional or Simplified characters. A Chinese page names
tracks and films by their Chinese titles, shows every Chinese text in its script, and marks
each run in another language (the catalog's English notes, a performer's Latin name) with
its own ``lang``, so screen readers and fonts treat it right; an English page marks its
Chinese runs the same way.
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

from wkwmix import i18n, names
from wkwmix.formats import clock
from wkwmix.i18n import _
from wkwmix.model import SPOTIFY_TRACK_URI, Catalog, Entry, Playlist, Track

if TYPE_CHECKING:
    import jinja2

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
SEARCHES = (
    ("Spotify", "https://open.spotify.com/search/{}", quote),
    ("YouTube Music", "https://music.youtube.com/search?q={}", quote_plus),
    ("Apple Music", "https://music.apple.com/search?term={}", quote_plus),  # any storefront
)


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    label: str | None = None  # the name a screen reader says, when the text is not enough


@dataclass(frozen=True)
class IndexItem:
    """One playlist on the index page: its page and the other files written for it."""

    playlist: Playlist
    page: str  # the page's name, relative to the index
    files: tuple[Link, ...] = ()  # names relative to the index, quoted when rendered


def render(playlist: Playlist, dest: Path | None, catalog: Catalog, *,
           index: Path | None = None, files: Sequence[Path] = ()) -> str:
    """The page for ``playlist``; ``catalog`` places its moods and marks its films.
    ``index`` and ``files`` (the index page, the playlist's other files) get links."""
    from wkwmix import pictures
    from wkwmix.pictures import chart as charts
    from wkwmix.pictures import marks, plane

    arc = bool(playlist.arc)
    film_marks = marks.film_marks(catalog.films)
    legend = [{"film": catalog.films[f], "film_name": film_name(catalog.films[f]), "count": n,
               "mark": _markup(marks.swatch(film_marks[f]))}
              for f, n in plane.film_counts(catalog, playlist.tracks)]
    return _template("page").render(
        playlist=playlist,
        length=length_text(playlist),
        tracks=[_track_view(n, entry, dest, catalog) for n, entry in
                enumerate(playlist.entries, 1)],
        map=_markup(pictures.mood_map(catalog, playlist.tracks, playlist, standalone=False,
                                      links=True)),
        map_compact=_markup(pictures.mood_map(catalog, playlist.tracks, playlist,
                                              standalone=False, links=True,
                                              sizes=plane.COMPACT)),
        dense=len(playlist.tracks) > plane.DENSE,
        legend=legend,
        chart=_markup(pictures.arc_chart(catalog, playlist, standalone=False)) if arc else None,
        chart_compact=_markup(pictures.arc_chart(catalog, playlist, standalone=False,
                                                 sizes=charts.COMPACT)) if arc else None,
        index=_relative(index, dest) if index else None,
        files=[Link(f.suffix.lstrip(".").upper(), _relative(f, dest)) for f in files],
        style=_markup(STYLE), print_style=_markup(PRINT_STYLE), language=i18n.chosen(),
        figure_lang=lang_attribute("mood map"),  # the pictures' own words are English
    )


def render_index(items: Sequence[IndexItem], title: str | None = None) -> str:
    """A page linking every playlist's page (and its other files)."""
    return _template("index").render(
        title=title or _("wkwmix playlists"), style=_markup(STYLE),
        print_style=_markup(PRINT_STYLE), language=i18n.chosen(),
        items=[{"playlist": i.playlist, "page": quote(i.page),
                "files": [Link(f.text, quote(f.href),
                               _("{kind} file of {playlist}").format(
                                   kind=f.text, playlist=i.playlist.name)) for f in i.files],
                "length": length_text(i.playlist)} for i in items])


def _relative(path: Path, dest: Path | None) -> str:
    """``path`` as a link from the page at ``dest``."""
    if dest is None:
        return path.absolute().as_uri()
    return quote(Path(os.path.relpath(path.absolute(), dest.absolute().parent)).as_posix())


def length_text(playlist: Playlist) -> str:
    """'18 tracks, about 1:00:12 (41:30 of it estimated: 13 tracks have no known length)'."""
    if i18n.chosen() != "en":
        return i18n.playlist_summary(playlist)
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
    """Where to play ``entry``: its file, else its Spotify page, else three searches.
    A search is for the performer and the title in the track's own language (夢中人, not
    'Dreams' nor its pinyin), as the services list it."""
    named = _named(entry.track)
    if entry.local_path is not None:
        return [Link(_("local file"), _file_href(entry.local_path, dest),
                     _("local file: {track}").format(track=named))]
    if entry.spotify and SPOTIFY_TRACK_URI.match(entry.spotify):
        return [Link("Spotify", "https://open.spotify.com/track/" + entry.spotify.split(":")[2],
                     f"Spotify: {named}")]
    track = entry.track
    title = names.own_title(track.title, track.alt_titles, track.language)
    words = " ".join(w for w in (track.artist, title) if w)
    if not track.artist:
        words = f"{words} {entry.film.title}"  # a score piece is found by its film
    words = " ".join(_clean(words).split())
    return [Link(_("search {service}").format(service=name),
                 pattern.format(encode(words, safe="")),
                 _("search {service} for {track}").format(service=name, track=named))
            for name, pattern, encode in SEARCHES]


def _named(track: Track) -> str:
    """'Dreams by Faye Wong': how a listening link names its track to a screen reader."""
    title = shown_title(track)
    return _clean(_("{title} by {artist}").format(title=title, artist=track.artist)
                  if track.artist else title)


def shown_title(track: Track) -> str:
    """The title a page gives ``track``: on a Chinese page its Chinese title when it has
    one (夢中人 for Dreams, in the page's script), else its catalog title."""
    language = i18n.chosen()
    if language == "en":
        return track.title
    own = names.own_title(track.title, track.alt_titles, track.language)
    return names.in_script(own, language) if names.has_han(own) else track.title


def film_name(film: Any) -> str:
    """A film as a page names it: its original (Chinese) title on a Chinese page."""
    language = i18n.chosen()
    original = film.original_title or ""
    if language != "en" and original:
        return names.in_script(original, language)
    return str(film.title)


def text_language(text: str, language: str | None = None) -> str | None:
    """The language of a run of catalog text: Chinese in its script when it holds Chinese
    characters (Japanese when the track is sung in Japanese), English when it holds other
    letters, None when it holds no letters (a year, '2046')."""
    if names.has_han(text):
        if (language or "").lower() == "japanese":
            return "ja"
        return "zh-Hant" if names.in_script(text, "zh-Hant") == text else "zh-Hans"
    return "en" if any(c.isalpha() for c in text) else None


def lang_attribute(text: Any, language: str | None = None) -> Any:
    """' lang="en"' for a run of text in another language than the page's, else ''."""
    page_language = i18n.chosen()
    said = text_language(_clean(str(text or "")), language)
    if said is None or said == page_language or (
            said.startswith("zh") and page_language.startswith("zh")):  # shown in its script
        return _markup("")
    return _markup(f' lang="{said}"')


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


# How a piece is heard in its film, said for a reader (see HEARD).
HEARD_SAID = {
    "theme": "a theme: it returns through the film, or is its signature",
    "featured": "featured: a scene is built on it",
    "background": "in the background: under dialogue, from a radio, or in part",
    "brief": "briefly, for seconds",
    "album-only": "on the soundtrack album only: no source places it in the film",
    "not-in-film": "not in the film, a source says",
}


def _track_view(number: int, entry: Entry, dest: Path | None,
                catalog: Catalog) -> dict[str, Any]:
    track, film = entry.track, entry.film
    sources = [(s, source_link(s)) for s in track.sources]
    title = shown_title(track)
    other = track.title if title != track.title else other_script_title(track.title,
                                                                       track.alt_titles)
    return {
        "number": number,
        "track": track,
        "title": title,
        "other_title": other,
        "film": film,
        "film_name": film_name(film),
        "length": clock(entry.seconds) if entry.duration is not None else None,
        "estimate": clock(entry.seconds) if entry.duration is None else None,
        "moods": [(_(m, "mood"), m in track.user_moods) for m in track.moods],
        "facts": track_facts(track),
        "why": why_here(entry, catalog),
        "listen": listen_links(entry, dest),
        "sources": sources,
    }


def track_facts(track: Track) -> list[tuple[str, str]]:
    """What the catalog knows of a track that a fan cares about, as (label, text) rows."""
    cover = track.cover_of
    kind = _(track.kind) if track.kind in ("song", "score") else ""
    comma = _(", ")
    if kind and track.instrumental:
        kind += comma + _("instrumental")
    if kind and track.original is not None:
        kind += comma + _("written for this film" if track.original else "pre-existing")
    heard = _(HEARD_SAID[track.heard]) if track.heard in HEARD_SAID else ""
    if track.diegetic is not None:
        world = _("in the film's world" if track.diegetic else "for the audience only")
        heard = f"{heard} ({world})" if heard else world
    album = (track.album + (f" ({track.released})" if track.released else "")
             if track.album else "")
    also = [a for a in (track.title, *track.alt_titles) if a != shown_title(track)]
    rows = [
        (_("Also known as"), ", ".join(also)),
        (_("Written by"), ", ".join(track.writers)),
        (_("Covers"), (_("{title} by {artist}").format(title=cover.title, artist=cover.artist)
                       if cover.artist else cover.title) if cover else ""),
        (_("Kind"), kind),
        (_("Heard"), heard),
        (_("Scene"), track.scene or ""),
        (_("Characters"), ", ".join(track.characters)),
        (_("Language"), _(track.language, "language") if track.language else ""),
        (_("Recording"), album),
    ]
    return [(label, text) for label, text in rows if text]


def why_here(entry: Entry, catalog: Catalog) -> str:
    """Why the track is in the playlist, where that can be said: the moment of the arc it
    serves ('a third of the way, from dream towards isolation'), else nothing (its moods
    are shown beside it)."""
    moment = entry.moment
    if moment is None:
        return ""
    start, end = moment.between
    where = _how_far(moment.fraction)
    if start == end:
        return _("In the arc: {where}, at {mood}").format(where=where, mood=_(start, "mood"))
    return _("In the arc: {where}, from {start} towards {end}").format(
        where=where, start=_(start, "mood"), end=_(end, "mood"))


def _how_far(fraction: float) -> str:
    percent = round(fraction * 100)
    return _("the start") if percent <= 2 else _("the end") if percent >= 98 \
        else _("{percent}% of the way").format(percent=percent)


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
    """Every value printed by a template, with characters no page should hold removed, and
    its Chinese in the script of a Chinese page."""
    import markupsafe

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return names.in_script(_clean(value), i18n.chosen())
    return "" if value is None else value


def _markup(text: str) -> Any:
    """Text that goes in as it is: our own style sheet, or SVG from the pictures engine
    (ElementTree escaped every piece of catalog text in it)."""
    import markupsafe

    return markupsafe.Markup(text)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"page": PAGE, "index": INDEX, "base": BASE,
                                  "listen": LISTEN}),
        autoescape=True, finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals["_"] = _
    environment.filters["lang"] = lang_attribute
    return environment


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


# Latin faces first, then CJK ones, so Chinese titles draw as characters wherever any
# common CJK font is installed. Titles take a serif, as the films' own title cards do.
SANS = ('"Noto Sans", "Helvetica Neue", Helvetica, Arial, "Noto Sans CJK TC", '
        '"Noto Sans CJK SC", "PingFang TC", "Hiragino Sans", "Microsoft JhengHei", '
        '"Source Han Sans TC", sans-serif')
SERIF = ('"Noto Serif", "Noto Serif CJK TC", "Source Han Serif TC", Georgia, '
         '"Times New Roman", "PMingLiU", serif')

# Two themes from the films' night cities: warm paper with lacquer red and jade green by
# day; neon red and green on near-black by night. Every text colour meets WCAG AA on its
# background. The masthead is night in both.
STYLE = """
:root { color-scheme: light dark;
  --paper: #fbf7ef; --card: #fffdf8; --ink: #1a1a1a; --muted: #5a5550; --line: #e3dccd;
  --red: #b0102a; --green: #0d6b3b; --link: #0d5f8a; --chip: #f1eadb;
  --night: #0b0d12; --night-ink: #f3ede2; --neon-red: #ff5468; --neon-green: #42e08f;
  --fig-paper: #fbf7ef; --fig-frame: #fffdf8; --fig-grid: #ebe4d6; --fig-axis: #a09888;
  --fig-ink: #1a1a1a; --fig-muted: #5a5550; --fig-path: #c0122c; --fig-band: #0f8a4c; }
@media (prefers-color-scheme: dark) { :root {
  --paper: #0b0d12; --card: #12161e; --ink: #ece6da; --muted: #b0a99d; --line: #29303c;
  --red: #ff6b7c; --green: #4be39a; --link: #7cc8ff; --chip: #1a202b;
  --fig-paper: #0e1118; --fig-frame: #131822; --fig-grid: #232a36; --fig-axis: #4a5364;
  --fig-ink: #efe9dd; --fig-muted: #b0a99d; --fig-path: #ff4d63; --fig-band: #2fd37f; }
  svg .path { filter: drop-shadow(0 0 3px rgba(255, 77, 99, .9)); }
  svg .arc-target, svg .target { stroke-opacity: .45;
    filter: drop-shadow(0 0 6px rgba(47, 211, 127, .6)); } }
* { box-sizing: border-box; }
html { background: var(--paper); }
body { margin: 0; color: var(--ink); background: var(--paper); line-height: 1.5;
  font-family: SANS; overflow-wrap: anywhere; }
a { color: var(--link); text-underline-offset: .15em; }
a:focus-visible { outline: 3px solid var(--neon-green); outline-offset: 2px; }
.masthead { background: var(--night); color: var(--night-ink);
  background-image: linear-gradient(180deg, rgba(255,84,104,.16), rgba(11,13,18,0) 60%),
    linear-gradient(90deg, rgba(66,224,143,.10), rgba(11,13,18,0) 45%);
  border-bottom: 3px solid var(--neon-red); }
.masthead .inner, main { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
.masthead .inner { padding-top: 14px; padding-bottom: 26px; }
.masthead a { color: var(--neon-green); }
nav.crumbs { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; font-size: .95rem; }
nav.crumbs a { display: inline-block; padding: .35rem 0; min-height: 24px; }
.kicker { margin: 1.4rem 0 .2rem; font-size: .8rem; letter-spacing: .32em;
  text-transform: uppercase; color: var(--neon-green); }
h1 { font-family: SERIF; font-weight: 700; font-size: clamp(2.1rem, 7vw, 4rem);
  line-height: 1.05; letter-spacing: .06em; text-transform: uppercase; margin: 0 0 .6rem;
  color: var(--neon-red); text-shadow: 0 0 18px rgba(255,84,104,.55), 0 0 2px #ff8a98; }
.description { font-size: 1.08rem; margin: 0 0 .4rem; max-width: 46rem; }
.masthead .length { color: #c9c1b4; margin: 0; }
h2 { font-family: SERIF; font-size: 1.5rem; letter-spacing: .14em; text-transform: uppercase;
  color: var(--red); margin: 2.2rem 0 .4rem; border-bottom: 1px solid var(--line);
  padding-bottom: .3rem; }
.length, .meta, .hint, figcaption { color: var(--muted); }
figure { margin: .8rem 0 1.2rem; }
figure svg { width: 100%; height: auto; display: block; border-radius: 6px;
  border: 1px solid var(--line); }
figcaption { font-size: .92rem; margin-top: .4rem; max-width: 52rem; }
.narrow-only { display: none; }
ul.legend { list-style: none; padding: 0; margin: .6rem 0 0; display: flex; flex-wrap: wrap;
  gap: .2rem 1rem; font-size: .92rem; }
ul.legend svg { width: 14px; height: 14px; border: none; display: inline-block;
  vertical-align: -2px; margin-right: .35rem; }
/* The pictures take the page's theme (their own colours are the light ones). */
svg .paper { fill: var(--fig-paper); }
svg .frame { fill: var(--fig-frame); stroke: var(--fig-grid); }
svg .grid { stroke: var(--fig-grid); }
svg .grid.zero { stroke: var(--fig-axis); }
figure svg { fill: var(--fig-ink); }
svg .axes, svg .muted, svg .panel, svg .time, svg .numbers { fill: var(--fig-muted); }
svg .axis-words, svg .moods, svg .stops, svg .heading, svg .legend, svg .waypoint,
svg .axis-name { fill: var(--fig-ink); }
svg .axis-words text, svg .caption { fill: var(--fig-ink); }
svg .legend .muted, svg .axis-words .muted { fill: var(--fig-muted); }
svg .mood, svg .stop, svg .count { stroke: var(--fig-paper); }
svg .dot { fill: var(--fig-ink); stroke: var(--fig-ink); }
svg .dot.yours { fill: var(--fig-paper); }
svg .path, svg .key-path { stroke: var(--fig-path); }
svg .arc-target, svg .key-band, svg .target { stroke: var(--fig-band); }
svg .cluster, svg .key-cluster { fill: var(--fig-path); stroke: var(--fig-path); }
svg .actual { stroke: var(--fig-ink); }
svg .borders line, svg .waypoints line { stroke: var(--fig-grid); }
svg .panel rect { fill: var(--fig-frame); stroke: var(--fig-grid); }
svg .panel line { stroke: var(--fig-grid); }
svg .panel line.zero { stroke: var(--fig-axis); }
svg .track { stroke: var(--fig-paper); }
svg .stop a { fill: var(--red); text-decoration: underline; }
ol.tracks { list-style: none; padding: 0; margin: 1rem 0; }
ol.tracks > li { display: grid; grid-template-columns: 3.2rem minmax(0, 1fr); gap: 0 .9rem;
  padding: 1.1rem 0; border-top: 1px solid var(--line); }
.number { font-family: SERIF; font-size: 2rem; line-height: 1; font-weight: 700;
  text-align: right; }
.number a { color: var(--red); text-decoration: none; display: inline-block;
  min-width: 2.6rem; min-height: 2.6rem; padding-top: .2rem; }
.number a:hover { text-decoration: underline; }
h3 { margin: 0; font-size: 1.2rem; line-height: 1.3; }
.other-title { font-weight: normal; margin-left: .4rem; font-family: SERIF; }
.meta { margin: .1rem 0 .3rem; }
.why { margin: .3rem 0; color: var(--green); font-weight: 600; }
.moods { margin: .4rem 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap;
  gap: .35rem; }
.moods li { background: var(--chip); border: 1px solid var(--green); color: var(--green);
  border-radius: 1rem; padding: .05rem .65rem; font-size: .85rem; }
.moods li.yours { font-style: italic; border-style: dashed; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr);
  gap: .15rem .9rem; margin: .5rem 0; font-size: .95rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.note { margin: .4rem 0; max-width: 50rem; }
.listen { margin: .5rem 0 .2rem; display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.listen a { display: inline-flex; align-items: center; min-height: 44px; padding: 0 .9rem;
  border: 1px solid var(--line); border-radius: 22px; background: var(--card);
  font-weight: 600; text-decoration: none; }
.listen a:hover { border-color: var(--link); }
details.sources { font-size: .88rem; margin: .4rem 0 0; color: var(--muted); }
details.sources summary { cursor: pointer; min-height: 24px; padding: .2rem 0; }
details.sources ul { margin: .2rem 0; padding-left: 1.2rem; }
details.sources li { margin: .15rem 0; }
ul.playlists { list-style: none; padding: 0; margin: 1rem 0; }
ul.playlists > li { padding: 1rem 0; border-top: 1px solid var(--line); }
a.page { font-family: SERIF; font-weight: 700; font-size: 1.4rem; letter-spacing: .04em;
  color: var(--red); display: inline-block; padding: .2rem 0; }
.files { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0 0; }
.files a { display: inline-flex; align-items: center; min-height: 32px; padding: 0 .8rem;
  border: 1px solid var(--line); border-radius: 16px; text-decoration: none;
  font-weight: 600; font-size: .9rem; }
footer { margin: 2.5rem 0 3rem; }
@media (max-width: 640px) {
  .masthead .inner, main { padding-left: 14px; padding-right: 14px; }
  .wide-only { display: none; }
  .narrow-only { display: block; }
  ol.tracks > li { grid-template-columns: 2.4rem minmax(0, 1fr); gap: 0 .6rem; }
  .number { font-size: 1.5rem; }
  .number a { min-width: 2.2rem; }
  dl.facts { grid-template-columns: minmax(0, 1fr); }
  dl.facts dd { margin-bottom: .3rem; }
}
""".replace("SANS", SANS).replace("SERIF", SERIF)

# Printed: light, every track whole, listening links given as their addresses, the
# pictures in black and white's shapes, the sources shown as printed text.
PRINT_STYLE = """
:root { --paper: #fff; --card: #fff; --ink: #000; --muted: #333; --line: #bbb; --red: #000;
  --green: #000; --link: #000; --chip: #fff; --fig-paper: #fff; --fig-frame: #fff;
  --fig-grid: #ddd; --fig-axis: #888; --fig-ink: #000; --fig-muted: #333;
  --fig-path: #b0102a; --fig-band: #0d6b3b; }
body { font-size: 10.5pt; }
.masthead { background: none; color: #000; border-bottom: 2px solid #000; }
.masthead .length { color: #333; }
h1 { color: #000; text-shadow: none; font-size: 26pt; }
.kicker, .masthead a { color: #000; }
nav.crumbs, .listen, details.sources, .number a::after { display: none; }
figure, ol.tracks > li { break-inside: avoid; }
figure svg { border: none; }
.wide-only { display: block; }
.narrow-only { display: none; }
ol.tracks > li { padding: .5rem 0; }
.number a { min-height: 0; }
a { text-decoration: none; }
"""

BASE = """<!DOCTYPE html>
<html lang="{{ language }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="wkwmix">
<title{% block title_lang %}{% endblock %}>{% block title %}{% endblock %}</title>
<style>{{ style }}</style>
<style media="print">{{ print_style }}</style>
</head>
<body>
<header class="masthead"><div class="inner">
{% block masthead %}{% endblock %}
</div></header>
<main>
{% block main %}{% endblock %}
</main>
</body>
</html>
"""

LISTEN = """<p class="listen"><span class="listen-word">{{ _("Listen:") }}</span>
{% for link in t.listen %}
<a class="listen-link" href="{{ link.href }}" aria-label="{{ link.label }}">{{ link.text }}</a>
{% endfor %}
</p>
"""

PAGE = """{% extends "base" %}
{% block title_lang %}{{ playlist.name|lang }}{% endblock %}
{% block title %}{{ playlist.name }}{% endblock %}
{% block masthead %}
<nav class="crumbs" aria-label="{{ _("This playlist's files") }}">
{% if index %}<a href="{{ index }}">\u2190 {{ _("All playlists") }}</a>{% endif %}
{% for link in files %}<a href="{{ link.href }}" download>{{ _("{kind} playlist file").format(
 kind=link.text) }}</a>
{% endfor %}
<a href="#map">{{ _("Mood map") }}</a>
{% if chart %}<a href="#arc">{{ _("The arc") }}</a>{% endif %}
<a href="#tracks">{{ _("Tracks") }}</a>
</nav>
<p class="kicker">{{ _("Music from the films of Wong Kar-wai") }}</p>
<h1{{ playlist.name|lang }}>{{ playlist.name }}</h1>
{% if playlist.description %}<p class="description"{{ playlist.description|lang
 }}>{{ playlist.description }}</p>{% endif %}
<p class="length">{{ length }}</p>
{% endblock %}
{% block main %}
<section id="map" aria-labelledby="map-heading">
<h2 id="map-heading">{{ _("Mood map") }}</h2>
<figure class="map">
<div class="wide-only"{{ figure_lang }}>{{ map }}</div>
<div class="narrow-only"{{ figure_lang }}>{{ map_compact }}</div>
<div class="narrow-only"><ul class="legend">
{% for item in legend %}
<li>{{ item.mark }}<span{{ item.film_name|lang }}>{{ item.film_name }}</span>
 ({{ item.film.year }}) \u00b7 {{ item.count }}</li>
{% endfor %}
</ul></div>
<figcaption>{{ _("Where the tracks sit on the mood plane (valence: unpleasant to pleasant; "
                  "arousal: calm to energetic).") }}
{% if dense %}{{ _("So many tracks are counted by place, not marked one by one.") }}
{% elif playlist.arc %}{{ _(
 "The line follows the play order; each number leads to its track.") }}
{% else %}{{ _("Numbers give the play order and lead to their tracks; the order "
 "follows the films, not the map, so no line joins them.") }}{% endif %}</figcaption>
</figure>
</section>
{% if chart %}
<section id="arc" aria-labelledby="arc-heading">
<h2 id="arc-heading">{{ _("The arc") }}</h2>
<figure class="chart">
<div class="wide-only"{{ figure_lang }}>{{ chart }}</div>
<div class="narrow-only"{{ figure_lang }}>{{ chart_compact }}</div>
<figcaption>{{ _("The arc over the playing time: the pale band is the target, each "
                  "dark step a track.") }}</figcaption>
</figure>
</section>
{% endif %}
<section id="tracks" aria-labelledby="tracks-heading">
<h2 id="tracks-heading">{{ _("Tracks") }}</h2>
<ol class="tracks">
{% for t in tracks %}
<li class="track" id="track-{{ t.number }}">
<span class="number"><a href="#map"
 aria-label="{{ _("Track {number}: see the mood map").format(
 number=t.number) }}">{{ t.number }}</a></span>
<div>
<h3><span class="title"{{ t.title|lang(t.track.language) }}>{{ t.title }}</span>
{%- if t.other_title %} <span class="other-title"{{
 t.other_title|lang(t.track.language) }}>{{ t.other_title }}</span>{% endif %}</h3>
<p class="meta">
{%- if t.track.artist %}<span class="artist"{{ t.track.artist|lang }}>
{{- t.track.artist }}</span> \u00b7 {% endif -%}
<span class="film"><span{{ t.film_name|lang }}>{{ t.film_name }}</span>
{%- if language == "en" and t.film.original_title and t.film.original_title != t.film.title %}
 <span{{ t.film.original_title|lang }}>{{ t.film.original_title }}</span>
{%- endif %} ({{ t.film.year }})</span>
{%- if t.length %} \u00b7 {{ t.length }}
{%- elif t.estimate %} \u00b7 ~{{ t.estimate }} {{ _("(length estimated)") }}
{%- endif -%}
</p>
{% if t.why %}<p class="why">{{ t.why }}</p>{% endif %}
<ul class="moods" aria-label="{{ _("moods") }}">
{% for mood, yours in t.moods %}
<li{% if yours %} class="yours" title="{{ _("a mood you gave") }}"{% endif %}>{{ mood }}</li>
{% endfor %}
</ul>
{% if t.facts %}
<dl class="facts">
{% for label, text in t.facts %}<dt>{{ label }}</dt><dd{{
 text|lang(t.track.language) }}>{{ text }}</dd>
{% endfor %}
</dl>
{% endif %}
{% if t.track.note %}<p class="note"{{ t.track.note|lang }}>{{ t.track.note }}</p>{% endif %}
{% include "listen" %}
{% if t.sources %}
<details class="sources"><summary>{{ _("Sources ({count})").format(
 count=t.sources|length) }}</summary>
<ul>
{% for text, link in t.sources %}
<li>{% if link %}<a href="{{ link.href }}">{{ link.text }}</a>{% else %}
<span{{ text|lang }}>{{ text }}</span>{% endif %}</li>
{% endfor %}
</ul>
</details>
{% endif %}
</div>
</li>
{% endfor %}
</ol>
</section>
<footer class="hint">{{ _("Made by wkwmix. Search links look for the performer "
 "and title; the first result may be another version.") }}</footer>
{% endblock %}
"""

INDEX = """{% extends "base" %}
{% block title_lang %}{{ title|lang }}{% endblock %}
{% block title %}{{ title }}{% endblock %}
{% block masthead %}
<p class="kicker">{{ _("Music from the films of Wong Kar-wai") }}</p>
<h1{{ title|lang }}>{{ title }}</h1>
<p class="length">{{ _(
 "{count} playlist: open it to see its moods and listen." if items|length == 1 else
 "{count} playlists: open one to see its moods and listen.").format(count=items|length) }}</p>
{% endblock %}
{% block main %}
<h2>{{ _("Playlists") }}</h2>
<ul class="playlists">
{% for item in items %}
<li>
<a class="page" href="{{ item.page }}"{{ item.playlist.name|lang }}>{{ item.playlist.name }}</a>
{% if item.playlist.description %}
<p class="description"{{ item.playlist.description|lang }}>{{ item.playlist.description }}</p>
{% endif %}
<p class="meta">{{ item.length }}</p>
{% if item.files %}<p class="files">{% for link in item.files %}
<a href="{{ link.href }}" aria-label="{{ link.label }}">{{ link.text }}</a>
{% endfor %}</p>{% endif %}
</li>
{% endfor %}
</ul>
{% endblock %}
"""
