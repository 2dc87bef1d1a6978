"""Scoring a Spotify search result against a catalog track: is it this very recording?

Pure: a track and a result in, a ``Candidate`` with its score out. A score starts from
title (alternate titles too) and artist, then is cut down for what says "another
recording": numbered parts that differ (I/II, Part 1/2, No. 3), version markers in the
title or the album (live, remix, re-recorded, extended, acoustic, a Mandarin version of a
Cantonese song, an instrumental of a sung track…) unless the catalog track is that
version, a length that differs, an album other than the one the catalog names, a release
year far from the catalog's recording (when it gives one) or the film's. A song first found
on an album dated years after the film is doubtful (a compilation of the film's recording,
or a later one: only the user can tell) unless the album's name dates its recordings to
before the film, or it collects an act's hits ("Golden Hits", 精選) and has the catalog's
length to the second. A title suffix the scorer has no word for ("(Rumba Version)", "- Tango")
marks another version too, unless it is known to leave the recording as it is (a remaster,
mono, the single version, "from …" or 電影《…》主題曲, a featured performer, a duet label for
a catalog duet) or the catalog's title has it. Every piece that ends a title is read.
A release not playable in the listener's market is held for review. Among equals the result
labelled as the track (its language; instrumental, for a song used without words) wins,
then the one whose full name is the title, then the closest length, then the earliest
recording; but when another recording (another ISRC, or another length) scores sure as
well and the catalog's facts do not tell them apart, the pick is held for review.
A credit naming several performers ("A and B") wants each of them credited, band words
("and His Orchestra") aside; a performer credited in the other script (何慧雯 for Vivian
Ho) is no evidence either way on the catalog's own album at the catalog's length, and for a
song in Chinese or Japanese or a score cue, the one credit in that script that plays the
catalog's title at its length to the second names the catalog's performer (``names_on_page``);
an edit, extended or 12" cut of the catalog's very length is the cut the film uses, and on
the catalog's own album at its length, whatever the title adds names the catalog's recording.
"Movie Ver.", 電影版 and a score's cue number ("M-7") leave the recording as it is; a late
collection in any of several languages ("Ses plus grands succès", 名唱集) with the catalog's
length to the second carries it; a sure pick seconds off the catalog's length is held when
another release has that length to the second. The credit may also be written the other
way round (Black Tide Band for the catalog's 黑潮樂團), a score cue's album named for its
film is its soundtrack however late it came out, and a Chinese title may come romanised
("Wing Yuen Dik Pang Yau" for 永遠的朋友).
Karaoke (カラオケ, KTV伴唱), "made famous by", tribute, lullaby, music-box and cover-band
versions are rejected outright.
``SURE`` or more is used; between ``DOUBT`` and ``SURE`` is held for the user to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import partial
from typing import Any

from wkwmix import names
from wkwmix.model import Track
from wkwmix.spotify.found import DOUBT, SURE, Candidate
from wkwmix.text import loose

WEIGHTS = {"title": 0.55, "artist": 0.45}
UNKNOWN_ARTIST_CAP = SURE - 0.05  # a title alone never makes a sure match (but see _own_album)
HELD_CAP = SURE - 0.05  # another recording as likely, or not playable here: the user decides
PART_PENALTY = 0.3  # "Love Theme II" for "Love Theme I"
VERSION_PENALTY = 0.5  # a live, remixed, re-recorded… take the catalog does not mean
SCORE_YEAR_PENALTY = 0.7  # a score cue released years away from its film: another film's
SCORE_YEARS = 1  # a film's score album comes out with the film or within a year of it
SONG_YEAR_PENALTY = 0.75  # a song first found years after the film: the user confirms it
SONG_LATE_YEARS = 2  # a film's soundtrack album or single may follow it by a year or two
ALBUM_PENALTY = 0.9  # not the album the catalog names: a compilation at best
RELEASE_PENALTY = 0.75  # released years from the catalog's recording: likely another one
DURATION_TOLERANCE = 6  # seconds: releases of one recording differ by a few seconds
TITLE_SURE = 0.8  # titles less alike than this (a translation) are another song, or doubtful
EDIT_TOLERANCE = 2  # seconds: an edit of the catalog's very length is the one it means

REJECTED = re.compile(
    r"karaoke|made famous|famous by|in the style of|originally performed|as performed by|"
    r"tribute|cover band|covers band|backing track|sound ?alike|re-?recorded by|party tyme|"
    r"hit crew|lullab(?:y|ies)|music box|カラオケ|伴唱|\bktv\b|オルゴール", re.IGNORECASE)
# Words that mark another version, and what each is called (for the catalog's own title).
VERSION_MARKERS = {
    "live": r"\blive\b|\bin concert\b|\bconcert\b|\bunplugged\b|\btour\b|\ben vivo\b|"
            r"\bao vivo\b|\ben directo\b|\ben concierto\b|\ben public\b|演唱會|演唱会|現場|现场|"
            r"ライブ|ライヴ",
    "remix": r"\bremix(?:es|ed)?\b|\bmix\b|\bdub\b",
    "extended": r"\bextended\b|\b12(?:\"|''|”| ?inch)(?=\W|$)|\bmaxi\b",
    "edit": r"\bedit\b",
    "re-recorded": r"\bre-?record(?:ed|ings?)\b|\bnew recordings?\b|\b(?:19|20)\d\d version\b|"
                   r"\bnew version\b|\bversi[oó]n (?:19|20)\d\d\b|"
                   r"\bnuevas? grabaci(?:[oó]n|ones)\b|\bregrabad[oa]s?\b|"
                   r"\bregrabaci(?:[oó]n|ones)\b|\bregravad[oa]s?\b|\bregrava[cç][aã]o\b|"
                   r"\bneu eingespielt\b|\bnouvel(?:le)? enregistrement\b|"
                   r"\brevisited\b|\bre-?imagined\b|"
                   r"\breworked\b|\bagain\b|\btoday\b|\bhoy\b",
    "instrumental": r"\binstrumental\b|\binst\.|演奏|純音樂|纯音乐|インスト|伴奏",
    "acoustic": r"\bacoustic\b",
    "demo": r"\bdemo\b",
    "alternate": r"\balternate\b|\balt\. take\b|\bouttake\b",
    "reprise": r"\breprise\b",
    "arranged": r"\b(?:piano|orchestral|symphonic|string|jazz|lounge) (?:version|mix)\b|"
                r"\bsymphonic\b|\bfor piano\b|ピアノ|オーケストラ|鋼琴|钢琴|交響|交响",
    "cover": r"\bcovers?\b",
    # Hong Kong labels tag a song's versions with one character: (國) Mandarin, (粵) Cantonese.
    "mandarin": r"mandarin|國語|国语|普通話|普通话|[(（]\s*[國国]\s*[)）]",
    "cantonese": r"cantonese|粵語|粤语|廣東|广东|[(（]\s*[粵粤]\s*[)）]",
}
CUTS = {"edit", "extended"}  # cuts of one recording: the catalog's length says which
_MARKERS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in VERSION_MARKERS.items()}
LANGUAGES = {"mandarin", "cantonese"}
# A remaster or a new edition of an album reissues its recordings: its date says nothing.
_REISSUE = re.compile(r"remaster|\b(?:deluxe|expanded|anniversary|special|legacy|collector'?s)\b"
                      r"(?: edition)?|\breissue\b|\b(?:sacd|shm-cd|xrcd|blu-spec)\b|"
                      r"リマスター|復刻|修復|修复|數碼|数码", re.IGNORECASE)
# A collection of an act's hits: it reissues their recordings (see _hits_of_this_take).
_HITS = re.compile(r"\b(?:best|greatest|golden|hits|collection|anthology|essential|complete|"
                   r"colecci[oó]n|cole[cç][aã]o|[ée]xitos|inolvidables|sucessos|succ[eè]s|"
                   r"plus belles chansons|int[ée]grale|film music|musiques? de films?|lo mejor|"
                   r"esencial|essentials?|successi|originales|originals|story)\b|"
                   r"精選|精选|經典|经典|金曲|珍藏|全曲集|ベスト|ヒット|ヒッツ|コンプリート|名唱集|名曲集|歌集|"
                   r"全集|電影歌曲|电影歌曲|電影配樂|电影配乐|映画音楽", re.IGNORECASE)
_ORIGINAL = re.compile(r"\boriginal (?:mix|version)\b", re.IGNORECASE)
ALBUM_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# A piece ending a title: (…), […], （…）, " - …", and the Japanese "-…-" and "～…～".
SUFFIX = re.compile(r"\s*(\([^)]*\)|\[[^\]]*\]|（[^）]*）|\s-\s.*|\s-[^-\s][^-]*-|"
                    r"[～~〜][^～~〜]+[～~〜])$")
# What a title suffix may say and still mean the very recording: a remaster, mono or stereo,
# the single or album version, a year, where it is from (a film, an album), a bonus track,
# the film's own version ("Movie Ver.", 電影版).
_NEUTRAL = re.compile(
    r"\b(?:digital(?:ly)?|re-?master(?:ed)?(?: in)?|re-?masterizado|remasteris[ée]e?(?: en)?|"
    r"mono|stereo|sacd|shm-cd|xrcd|blu-spec|"
    r"single|album|lp|45|original|version|versi[oó]n|ver\b\.?|bonus|track|explicit|clean|"
    r"(?:19|20)\d\d|from\b.*|de la pel[ií]cula\b.*|original (?:motion picture )?soundtrack|"
    r"ost|soundtrack|theme|film|movie)\b|"
    r"電影|电影|映画|劇場|剧场|主題曲|主题曲|主題歌|主题歌|插曲|片頭曲|片头曲|片尾曲|原聲|原声|"
    r"サウンドトラック|オリジナル|ヴァージョン|バージョン|モノラル|ステレオ|リマスター|"
    r"《[^》]*》|「[^」]*」|版", re.IGNORECASE)
_DUET = re.compile(r"\bduet\b|對唱|对唱|合唱", re.IGNORECASE)
_CREDIT = re.compile(r"^(?:feat\.?|ft\.?|featuring)\s", re.IGNORECASE)
_FEATURING = re.compile(r"^(?:feat\.?|ft\.?|featuring|with|con|avec)\s+(.+)$", re.IGNORECASE)
PART_WORD = re.compile(r"\b(?:part|pt|no|nr|number|movement|mvt)\b\.?\s*#?\s*(\d+|[ivx]+)\b",
                        re.IGNORECASE)
CUE_NUMBER = re.compile(r"^\s*M-?\d{1,3}[a-z]?\s*[:.]?\s+(?=\S)", re.IGNORECASE)  # "M-7 夜の追跡"
PART_END = re.compile(r"\b(\d{1,2}|[ivx]{1,4})$", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}
ARTIST_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bwith\b|\bfeat\.?|\bft\.?|、|/)\s*",
                           re.IGNORECASE)
# "… and His Orchestra", "… y Su Orquesta": a band led by one performer, often credited alone.
BAND_TAIL = re.compile(r"\s+(?:and|&|y|e|et|con|with)\s+(?:his|her|their|su|sus|son|ses|la|el)"
                       r"\s+\S.*$", re.IGNORECASE)
_BAND_WORD = re.compile(r"乐队|乐团|楽団|バンド")  # folded to Simplified by names.compact
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_MINOR_WORDS = {"the", "and", "his", "her", "their", "orchestra", "band", "ensemble",
                "orquesta", "tipica", "orchestre", "orchester", "y", "su", "et", "son"}


def score(track: Track, item: dict[str, Any], year: int | None = None,
          film: Sequence[str] = (), aliases: Sequence[str] = ()) -> Candidate:
    """How well a search result matches ``track`` (from a film of ``year``, whose titles and
    album titles are ``film``; its performer also called ``aliases``), from 0 to 1."""
    name = item.get("name") or ""
    artists = _artists(item)
    album_info = item.get("album") or {}
    album = album_info.get("name") or ""
    duration = _length_of(item)
    released = _year(album_info.get("release_date"))
    year = _reference_year(track, year)
    note = ""
    if is_rejected(name, artists, album, (track.title, *track.alt_titles)):
        value = 0.0
    else:
        title = title_similarity(track, name)
        value = _weighted(track, title, credited(name, artists), album, duration,
                          aliases) * _factors(track, name, artists, album, duration,
                                              released, year, film)
        if title < TITLE_SURE and not _holds_title(track, name):
            value = min(value, HELD_CAP)  # the performer and the length alone, not the song
        if not track.artist and not _own_album(album, released, year, film):
            value = min(value, UNKNOWN_ARTIST_CAP)
        if not playable(item):
            value, note = min(value, HELD_CAP), "not playable in your market"
    isrc = (item.get("external_ids") or {}).get("isrc")
    return Candidate(item.get("uri") or "", name, artists, album, duration, round(value, 3),
                     released, isrc=str(isrc) if isrc else None, note=note)


def playable(item: dict[str, Any]) -> bool:
    """Can the listener play it? Asked with a market, Spotify says so (``is_playable``,
    ``restrictions``); an answer that does not say is taken as playable."""
    return item.get("is_playable") is not False and not item.get("restrictions")


def _reference_year(track: Track, year: int | None) -> int | None:
    """The year a result's date is judged against: the film's, or later when the catalog
    dates the recording later (a cue of a film's re-edition, as Ashes of Time Redux)."""
    later = track.released if track.released and year and track.released > year else None
    return later or year


def _own_album(album: str, released: int | None, year: int | None,
               film: Sequence[str]) -> bool:
    """Is it the film's own soundtrack album, of the film's time? Then a cue whose performer
    the catalog does not know is the film's own, not just a title that happens to agree."""
    reissue = bool(_REISSUE.search(album))
    return _names_film(album, film) and (reissue or not (released and year) or
                                         abs(released - year) <= SONG_LATE_YEARS)


def _names_film(album: str, film: Sequence[str]) -> bool:
    """Is the album named for the film (its soundtrack, "Blood Oath (Original Soundtrack)")?"""
    name = f" {loose(album)} "
    return any(n and (f" {loose(n)} " in name or same_album(n, album)) for n in film)


def is_rejected(name: str, artists: Iterable[str], album: str,
                titles: Iterable[str] = ()) -> bool:
    """A karaoke, tribute, lullaby… version? Words of the catalog's own ``titles`` do not
    count: "Lullaby of the Sea" is a title, not a lullaby album."""
    own = [re.escape(t) for t in titles if t]
    ours = re.compile("|".join(own), re.IGNORECASE) if own else None
    return any(REJECTED.search(ours.sub(" ", text) if ours else text)
               for text in (name, album, *artists))


def _weighted(track: Track, title: float, artists: tuple[str, ...], album: str,
              duration: int | None, aliases: Sequence[str] = ()) -> float:
    parts = {"title": title}
    if track.artist and not _credited_in_other_script(track, artists, album, duration):
        parts["artist"] = max(artist_similarity(a, artists) for a in (track.artist, *aliases))
    return sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)


def _holds_title(track: Track, name: str) -> bool:
    """Does the result's name hold one of the catalog's titles whole ("My Dear 親愛的")?"""
    words = f" {names.loose(name)} "
    return any(t and f" {names.loose(t)} " in words for t in (track.title, *track.alt_titles))


def _credited_in_other_script(track: Track, artists: tuple[str, ...], album: str,
                              duration: int | None) -> bool:
    """Is the performer credited in Chinese where the catalog writes the name in Latin
    letters (or the reverse), on the catalog's own album with the catalog's length? Then the
    credit says nothing either way: the catalog just does not know that form of the name."""
    if not (track.artist and track.album and track.duration and duration and artists):
        return False
    if not same_album(track.album, album) or abs(track.duration - duration) > DURATION_TOLERANCE:
        return False
    theirs_cjk = all(names.has_cjk(a) for a in artists)
    return names.has_cjk(track.artist) != theirs_cjk and artist_similarity(
        track.artist, artists) < 0.5


def _factors(track: Track, name: str, artists: tuple[str, ...], album: str,
             duration: int | None, released: int | None, year: int | None,
             film: Sequence[str] = ()) -> float:
    """What cuts a score down: another part, another version, another length, another year."""
    factor = 1.0
    if not any(parts(t) == parts(name) for t in (track.title, *track.alt_titles)):
        factor *= PART_PENALTY
    if (_other_version(track, name, album, duration)
            or unknown_suffix(track, name, artists, album, duration)):
        factor *= VERSION_PENALTY
    factor *= catalog_fit(track, name, album, duration, released)
    if _on_catalogs_album(track, album):
        return factor  # the catalog's own album, or a reissue of it: its year says nothing
    reissue = bool(_REISSUE.search(f"{name} {album}"))
    if year and released and not reissue and not _hits_of_this_take(track, album, duration):
        if track.kind == "score" and abs(released - year) > SCORE_YEARS:
            # another film's score, unless the album is named for this film (a late issue)
            factor *= 1.0 if _names_film(album, film) else SCORE_YEAR_PENALTY
        elif released > year + SONG_LATE_YEARS and not dated_before(album, year):
            factor *= SONG_YEAR_PENALTY
    return factor


def _hits_of_this_take(track: Track, album: str, duration: int | None) -> bool:
    """A late "Best of", "Golden Hits" or a composer's "Film Music" with the catalog's length
    to the second: the recording collected, not a new one (which is never that exact); its
    date says nothing of the recording's."""
    return bool(track.duration and _to_the_second(track.duration, duration)
                and _HITS.search(album))


def catalog_fit(track: Track, name: str, album: str, duration: int | None,
                released: int | None) -> float:
    """How well a result agrees with what the catalog knows of the recording: its length,
    its album, that album's year (1: nothing known disagrees)."""
    fit = 1.0
    if track.duration and duration:
        fit *= duration_similarity(track.duration, duration)
    if _on_catalogs_album(track, album):
        return fit
    if track.album:
        fit *= ALBUM_PENALTY
    reissue = bool(_REISSUE.search(f"{name} {album}")) or _hits_of_this_take(track, album,
                                                                          duration)
    if track.released and released and not reissue and abs(released - track.released) > 1:
        fit *= RELEASE_PENALTY
    return fit


def named_year(album: str) -> int | None:
    """The latest year an album's name gives its recordings ("Serenatas 1958-1964": 1964)."""
    return max((int(y) for y in ALBUM_YEAR.findall(album)), default=None)


def dated_before(album: str, year: int) -> bool:
    """Does the album's name date its recordings to before the film ("Mambo Classics
    1952-1958")? Then a late compilation vouches for the old recording the film used."""
    named = named_year(album)
    return named is not None and named <= year


def recorded_by(album: str, released: int | None) -> int:
    """The latest year the recording can be from: its release, or earlier when the album's
    name dates it ("Serenatas 1958-1964", released 2003: by 1964). Unknown sorts last."""
    named, latest = named_year(album), released or 9999
    return min(named, latest) if named is not None else latest


def same_album(ours: str, theirs: str) -> bool:
    """One album, edition suffixes aside: "Tidewater" and "Tidewater (Deluxe Edition)"."""
    return loose(SUFFIX.sub("", ours) or ours) == loose(SUFFIX.sub("", theirs) or theirs)


def parts(title: str) -> frozenset[int]:
    """The part numbers a title names: "Part 2", "Pt. 2", "No. 2", or a closing "II"."""
    found = {_number(m) for m in PART_WORD.findall(title)}
    main = SUFFIX.sub("", title).strip()
    end = PART_END.search(main)
    if end and not PART_WORD.search(main) and " " in main:
        found.add(_number(end.group(1)))
    return frozenset(found)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _ROMAN.get(text.lower(), 0)


def markers(text: str) -> set[str]:
    return {name for name, pattern in _MARKERS.items() if pattern.search(text)}


def _other_version(track: Track, name: str, album: str, duration: int | None = None) -> bool:
    """Does the title's suffix or the album mark a version the catalog track is not, or
    lack the one it is? (Its title and the album the catalog names say which it is; an
    edit or extended cut with the catalog's length is the cut the film uses.)"""
    titles = (track.title, *track.alt_titles)
    suffix = name[len(main_title(name)):]  # every piece: "(Live) - Remastered" is live
    found = markers(_ORIGINAL.sub("", f"{suffix} {_without(album, titles)}"))
    if track.duration and duration and abs(track.duration - duration) <= EDIT_TOLERANCE:
        if "extended" in found:
            found.discard("remix")  # an "Extended Mix" is the club cut, not a remixer's
        found -= CUTS
        if _on_catalogs_album(track, album):
            found &= {"instrumental"}  # the catalog's very recording, as its title calls it
    if not track.language:
        found -= LANGUAGES  # the catalog does not say: a language label is no evidence
    # What the catalog names: the pieces ending its titles ("Dreams (Live)") and its album,
    # not a title's own words ("Meeting Again" names no re-recording).
    named = markers(" ".join([*(t[len(main_title(t)):] for t in titles),
                              _without(track.album or "", titles)]))
    ours = set(named)
    if track.kind == "score" or track.instrumental:
        ours.add("instrumental")
    if track.language and track.language.lower() in LANGUAGES:
        ours.add(track.language.lower())
    # The version the catalog names (a live take, a remix) must show in the result too.
    missing = named - LANGUAGES - {"instrumental"} - markers(f"{name} {album}")
    return bool(found - ours or missing)


def _without(text: str, titles: Sequence[str]) -> str:
    """``text`` without the titles in it: a title track's album ("Live and Let Die") says
    nothing of the version."""
    for title in titles:
        if title:
            text = re.sub(re.escape(title), " ", text, flags=re.IGNORECASE)
    return text


def main_title(name: str) -> str:
    """The title without any of the pieces that end it ("Siboney (Vocal) - Remastered":
    "Siboney")."""
    rest = name
    while (main := SUFFIX.sub("", rest)) != rest and main.strip():
        rest = main
    return rest


def suffixes(name: str) -> list[str]:
    """The bracketed or dashed pieces that end a title, last first, without their marks:
    "Siboney (Vocal) - Remastered" gives ["Remastered", "Vocal"]."""
    found: list[str] = []
    rest = name
    while True:
        main = SUFFIX.sub("", rest)
        if main == rest or not main.strip():
            return found
        found.append(rest[len(main):].strip().strip("-~～〜").strip().strip("()[]（）").strip())
        rest = main


def _on_catalogs_album(track: Track, album: str) -> bool:
    """Is ``album`` the one the catalog names, or a reissue of it?"""
    return bool(track.album) and same_album(track.album or "", album)


def unknown_suffix(track: Track, name: str, artists: tuple[str, ...], album: str = "",
                   duration: int | None = None) -> bool:
    """Does the title end in words that may mean another version, though the scorer has no
    marker for them ("(Rumba Version)", "(With Percussion)", "- Tango")? Known markers,
    words known to leave the recording as it is, a featured performer who is among the
    result's performers, and words the catalog's own titles hold do not count."""
    ours = " ".join(loose(t) for t in (track.title, *track.alt_titles))
    if _on_catalogs_album(track, album) and _to_the_second(track.duration or 0, duration):
        return False  # the catalog's very recording, whatever its title adds
    for text in suffixes(name):
        known = markers(f"({text})")  # in its brackets again: "(國)" is a language tag
        if not text or known or PART_WORD.search(text) or loose(text) in ours:
            continue
        featured = _FEATURING.match(text)
        if featured and (_CREDIT.match(text)
                         or artist_similarity(featured.group(1), artists) >= 0.8):
            continue  # a credit, not a version ("with" only when it names a performer)
        if _DUET.search(text) and len(performers(track.artist or "")) >= 2:
            continue  # the duet the catalog credits to its singers
        if re.search(r"\w", _NEUTRAL.sub(" ", text).replace("_", "")):
            return True
    return False


def _labelled_as_track(track: Track, candidate: Candidate) -> bool:
    """Among equals, the version labelled as the track is the likelier one: in the track's
    own language, or an instrumental one for a song the film uses without its words."""
    language = (track.language or "").lower()
    labels = markers(f"{candidate.name} {candidate.album}")
    return (language in LANGUAGES and language in labels) or bool(
        track.instrumental and "instrumental" in labels)


def _year(date: Any) -> int | None:
    text = str(date or "")[:4]
    return int(text) if text.isdigit() else None


def title_similarity(track: Track, name: str) -> float:
    # Scripts fold together: 梦中人 is 夢中人; a score's cue number is no part of the title.
    name = CUE_NUMBER.sub("", name)
    found = {names.loose(name), names.loose(SUFFIX.sub("", name)), names.loose(main_title(name))}
    wanted = {names.loose(t) for t in (track.title, *track.alt_titles)}
    if _romanises_a_title(track, main_title(name)):
        return 1.0
    return max(_ratio(a, b) for a in found for b in wanted if a and b) if found and wanted else 0


def _romanises_a_title(track: Track, name: str) -> bool:
    """Is ``name`` one of the catalog's Chinese titles in Latin letters, in any system
    ("Wing Yuen Dik Pang Yau" for 永遠的朋友)?"""
    chinese = [t for t in (track.title, *track.alt_titles) if names.has_han(t)]
    if not chinese or names.has_cjk(name) or len(name.split()) < 2:
        return False
    from wkwmix import namekeys

    return any(namekeys.written_as(t, name) for t in chinese)


def artist_similarity(artist: str, candidates: tuple[str, ...]) -> float:
    """How well the result's performers are the catalog's: the credit as a whole, else each
    performer it names ("Vivian Ho and Jason Liu" is not Jason Liu alone; "Xavier Cugat
    and His Orchestra" is Xavier Cugat)."""
    if not candidates:
        return 0.0
    theirs = [*candidates, " ".join(candidates)]
    whole = max(_artist_pair(artist, b) for b in theirs if b)
    named = performers(artist)
    if not named:
        return whole
    each = [max(_artist_pair(a, b) for b in theirs if b) for a in named]
    return max(whole, min(each))


def credited(name: str, artists: tuple[str, ...]) -> tuple[str, ...]:
    """The result's performers, with those its title features ("千里 (feat. Vivian Lo)")."""
    featured = [found.group(1) for text in suffixes(name)
                if (found := _FEATURING.match(text)) and _CREDIT.match(text)]
    return (*artists, *featured)


def performers(artist: str) -> list[str]:
    """The people or acts a credit names, its band words aside ("and His Orchestra")."""
    return [p for p in ARTIST_SPLIT.split(artist)
            if p and set(loose(p).split()) - _MINOR_WORDS]


def _artist_pair(ours: str, theirs: str) -> float:
    if names.same_person(ours, theirs):
        return 1.0  # one person by another of their names: 王菲 is Faye Wong
    a, b = loose(ours), loose(theirs)
    tokens = set(a.split()) - _MINOR_WORDS
    covered = len(tokens & set(b.split())) / len(tokens) if tokens else 0.0
    if set(b.split()) - set(a.split()):
        covered -= 0.05  # "Xavier Cugat" is a little closer to itself than to a bigger act
    return max(_ratio(a, b), covered)


def duration_similarity(ours: int, theirs: int) -> float:
    """1 within a few seconds, falling to 0.5 at 12 s apart and beyond: a length 9 s off
    (0.75) is not sure on its own, since it is more often another take."""
    gap = abs(ours - theirs)
    return 1.0 if gap <= DURATION_TOLERANCE else max(0.5, 1 - (gap - DURATION_TOLERANCE) / 12)


def _ratio(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def best(track: Track, items: list[dict[str, Any]], year: int | None = None,
         rejected: Iterable[str] = (), film: Sequence[str] = ()) -> Candidate | None:
    """The best-scoring candidate; among equals the one labelled as the track (its language,
    instrumental), then the one whose full name is the title, then the closest in length,
    then the earliest recording, then the first in Spotify's own order. A sure pick is held
    for review when another recording scores sure too and the catalog's facts do not favour
    the pick, or when it is seconds off the catalog's length and another release of the
    song has that length to the second."""
    refused = set(rejected)
    kept = [item for item in items if item and item.get("uri") and item["uri"] not in refused]
    rate = partial(score, film=film, aliases=names_on_page(track, kept))
    scored = _vouched([rate(track, item, year) for item in kept], track, kept, year, rate)
    scored = [c for c in scored if c.score > 0]
    if not scored:
        return None
    top = max(scored, key=lambda c: (c.score, _labelled_as_track(track, c),
                                     _full_title(track, c), -_length_gap(track, c),
                                     -recorded_by(c.album, c.year)))
    rival = _rival(track, top, scored)
    other = rival or _of_the_catalogs_length(track, top, scored)
    if other is None:
        return top
    why = "another recording scores as well" if rival else "another release has its length"
    also = f"{why}: {other.label} · {other.album}" + (
        f" ({other.year})" if other.year else "") + f" {other.uri}"
    return replace(top, score=min(top.score, HELD_CAP), note=also)


def names_on_page(track: Track, items: list[dict[str, Any]]) -> tuple[str, ...]:
    """The names the results themselves give the catalog's performer in the other script
    (see ``_named_by_album`` and ``_sole_credit_in_other_script``)."""
    if not track.artist:
        return ()
    by_album = set() if names.has_cjk(track.artist) else _named_by_album(track.artist, items)
    return tuple(sorted({*by_album, *_sole_credit_in_other_script(track, track.artist, items)}))


def _named_by_album(artist: str, items: list[dict[str, Any]]) -> set[str]:
    """A release credited to the performer whose album names another result's credit in
    Chinese ("星河唱片 司徒穎詩精選" by Winnie Szeto: 司徒穎詩 is Winnie Szeto)."""
    credits = {a for item in items for a in _artists(item) if names.has_han(a)}
    albums = [_album_of(item) for item in items
              if artist_similarity(artist, _artists(item)) >= 0.8]
    return {c for c in credits if any(c in album for album in albums)}


def _sole_credit_in_other_script(track: Track, artist: str,
                                 items: list[dict[str, Any]]) -> set[str]:
    """The performer credited only in the other script than the catalog's: in Chinese or
    Japanese where the catalog writes Latin letters (新井優子 for Yuko Arai, 呂安信 for Anson
    Lui, 黑潮 for the band Black Tide), or the reverse (Black Tide Band for 黑潮樂團). The
    results name them when exactly one such credit plays the catalog's title at its length
    to the second (a credit also naming fewer of its performers, as a compilation may,
    counts as the same), naming as many performers as the catalog. For a Latin name this
    holds for a song in Chinese or Japanese, a score cue, or a credit in kana (a Japanese
    name). Two such credits (a cover at that length) name nobody; nor does a Chinese name
    that sounds like another person (``namekeys.may_be``). Japanese names are not read:
    nothing then says they differ."""
    ours_cjk = names.has_cjk(artist)
    found = _credits_of_the_recording(track, items, ours_cjk)
    language = (track.language or "").lower()
    if not ours_cjk and not (language == "japanese" or language in names.CHINESE_LANGUAGES
                             or track.kind == "score"):
        found = [(c, item) for c, item in found if any(map(names.has_kana, c))]
    sole = _one_credit([c for c, _ in found])
    if sole is None or len(sole) < len(performers(BAND_TAIL.sub("", artist)) or [artist]):
        return set()  # none, several, or a duet without each of its singers
    japanese = language == "japanese" or any(
        names.has_kana(" ".join([*c, item.get("name") or "", _album_of(item)]))
        for c, item in found)
    if not japanese and not all(_may_be(artist, name, ours_cjk) for name in sole):
        return set()
    return {" and ".join(c) for c, _ in found if set(map(_spelled, c)) == set(
        map(_spelled, sole))}


def _credits_of_the_recording(track: Track, items: list[dict[str, Any]], ours_cjk: bool,
                              ) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """The results credited only in the other script that play the catalog's title at its
    length to the second, each with its credit; karaoke and the like aside."""
    if not track.duration:
        return []
    titles = (track.title, *track.alt_titles)
    return [(credit, item) for item in items
            if (credit := _artists(item)) and all(_in_other_script(n, ours_cjk) for n in credit)
            and _to_the_second(track.duration, _length_of(item))
            and _names_title(track, name := item.get("name") or "")
            and not is_rejected(name, credit, _album_of(item), titles)]


def _one_credit(credits: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The one credit among ``credits`` that holds all the others' names (however each is
    written), or None when there is none or when two credits name different people."""
    widest = max(credits, key=len, default=None)
    if widest is None:
        return None
    names_of_widest = set(map(_spelled, widest))
    return widest if all(set(map(_spelled, c)) <= names_of_widest for c in credits) else None


def _spelled(name: str) -> str:
    """One name however it is written: 葉思敏 and 叶思敏, ザ・ブルー・ラグーンズ and
    ザ・ブルーラグーンズ, 铁麻雀 and 铁麻雀乐队 are one."""
    return _BAND_WORD.sub("", names.compact(name))


def _in_other_script(name: str, ours_cjk: bool) -> bool:
    """Is ``name`` written only in the other script than the catalog's?"""
    if ours_cjk:
        return bool(_LATIN_LETTER.search(name)) and not names.has_cjk(name)
    return names.has_cjk(name) and not _LATIN_LETTER.search(name)


def _album_of(item: dict[str, Any]) -> str:
    return (item.get("album") or {}).get("name") or ""


def _names_title(track: Track, name: str) -> bool:
    return _holds_title(track, name) or title_similarity(track, name) >= TITLE_SURE


def _to_the_second(ours: int, theirs: int | None) -> bool:
    return theirs is not None and abs(ours - theirs) <= 1


def _may_be(artist: str, name: str, ours_cjk: bool = False) -> bool:
    """Can ``name``, in the other script, be one of the performers ``artist`` names? A name
    in kana is not read; a Chinese one by its sounds."""
    if names.has_kana(name) or names.has_kana(artist):
        return True
    from wkwmix import namekeys

    if ours_cjk:
        return any(namekeys.may_be(chinese, name) for chinese in performers(artist) or [artist])
    return any(namekeys.may_be(name, performer) for performer in performers(artist) or [artist])


def _length_of(item: dict[str, Any]) -> int | None:
    duration_ms = item.get("duration_ms")
    return round(duration_ms / 1000) if isinstance(duration_ms, int) else None


def _artists(item: dict[str, Any]) -> tuple[str, ...]:
    return tuple(a.get("name") or "" for a in item.get("artists") or ())


def _vouched(scored: list[Candidate], track: Track, items: list[dict[str, Any]],
             year: int | None, rate: Callable[..., Candidate]) -> list[Candidate]:
    """A release dated years after the film (or the catalog's recording) is held, as it may
    be a later recording; but when the original release is among the results, not
    playable here yet sure but for that, with the very same length, the later release
    carries that recording: its date no longer counts against it."""
    originals = [c.duration for c, item in zip(scored, items) if not playable(item)
                 and c.duration and rate(track, {**item, "is_playable": True,
                                                 "restrictions": None}, year).score >= SURE]
    if not originals:
        return scored
    found = []
    for candidate, item in zip(scored, items):
        if (candidate.score < SURE and playable(item) and candidate.duration
                and any(abs(candidate.duration - d) <= EDIT_TOLERANCE for d in originals)):
            undated = rate(track._replace(released=None), item, None)
            if undated.score >= SURE:
                candidate = replace(undated, year=candidate.year, note="the original "
                                    "release, not playable here, has its very length")
        found.append(candidate)
    return found


def _rival(track: Track, top: Candidate, scored: list[Candidate]) -> Candidate | None:
    """A sure candidate that is another recording than ``top`` and that the catalog's facts
    (length, album, year) like no less: nothing then says which one the film uses."""
    if top.score < SURE:
        return None
    fit = _fit(track, top)
    return next((c for c in scored if c is not top and c.score >= SURE
                 and not same_recording(top, c) and _fit(track, c) >= fit), None)


def _of_the_catalogs_length(track: Track, top: Candidate,
                            scored: list[Candidate]) -> Candidate | None:
    """A sure pick seconds off the catalog's length is another take when a release of the
    song (held or doubtful, as a late collection may be) has that length to the second."""
    if top.score < SURE or _length_gap(track, top) <= DURATION_TOLERANCE:
        return None
    return next((c for c in scored if c is not top and c.score >= DOUBT
                 and _to_the_second(track.duration or 0, c.duration)), None)


def _fit(track: Track, candidate: Candidate) -> float:
    return catalog_fit(track, candidate.name, candidate.album, candidate.duration,
                       candidate.year)


def same_recording(a: Candidate, b: Candidate) -> bool:
    """Can two results be one recording? Their ISRCs say when both have one; else lengths
    more than a few seconds apart say they are not. (Another album alone proves nothing:
    compilations and reissues carry one recording on many albums.)"""
    if a.isrc and b.isrc:
        return a.isrc == b.isrc
    return not (a.duration and b.duration and abs(a.duration - b.duration) > DURATION_TOLERANCE)


def _full_title(track: Track, candidate: Candidate) -> bool:
    return loose(candidate.name) in {loose(t) for t in (track.title, *track.alt_titles)}


def _length_gap(track: Track, candidate: Candidate) -> int:
    if track.duration and candidate.duration:
        return abs(track.duration - candidate.duration)
    return 0
