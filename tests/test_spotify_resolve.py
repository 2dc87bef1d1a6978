"""Resolving catalog tracks to Spotify tracks: scoring, decoys, the cache, review and pins."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import json

import pytest
from fake_spotify.decoys import index_case, populate
from fake_spotify.fixtures import fake_spotify, logged_in  # noqa: F401  (fixtures)

from wkwmix.model import Track
from wkwmix.spotify.found import SURE, status_of
from wkwmix.spotify.match import score
from wkwmix.spotify.resolve import parse_track_uri
from wkwmix.store.catalog import load

FAYE = Track(id="f/dreams", film="f", title="Dreams", moods=("dream",), artist="Faye Wong",
             alt_titles=("夢中人",), duration=253)


def item(name, artists, album="Album", seconds=253, uri="spotify:track:" + "a" * 22):
    return {"name": name, "artists": [{"name": a} for a in artists], "album": {"name": album},
            "duration_ms": seconds * 1000, "uri": uri}


def test_the_genuine_recording_scores_sure():
    assert score(FAYE, item("Dreams", ["Faye Wong"])).score >= 0.99
    assert status_of(score(FAYE, item("夢中人", ["Faye Wong"], seconds=255))) == "sure"
    assert status_of(score(FAYE, item("Dreams - Remastered 2008", ["Faye Wong"]))) == "sure"


@pytest.mark.parametrize("name, artists, album", [
    ("Dreams (Karaoke Version)", ["Karaoke Hits Band"], "Karaoke Hits"),
    ("Dreams (Made Famous by Faye Wong)", ["Studio Sound Group"], "Soundalikes"),
    ("Dreams", ["Starlite Singers"], "A Tribute to Faye Wong"),
    ("Dreams", ["The Faye Wong Tribute Band"], "Dreams"),
    ("Dreams (In the Style of Faye Wong)", ["Sing-Along"], "Hits"),
])
def test_karaoke_made_famous_by_and_tribute_versions_are_rejected(name, artists, album):
    assert score(FAYE, item(name, artists, album)).score == 0


def test_live_takes_covers_and_other_songs_are_never_sure():
    live = score(FAYE, item("Dreams - Live", ["Faye Wong"], seconds=290))
    cover = score(FAYE, item("Dreams", ["Lounge Cats"], seconds=265))
    other = score(FAYE, item("Dreams", ["Another Singer"], seconds=350))
    assert max(live.score, cover.score, other.score) < SURE


def test_a_song_by_two_artists_matches_either_name_order():
    duet = Track(id="f/x", film="f", title="Ashes", moods=("dream",),
                 artist="Frankie Chan and Roel A. García")
    assert score(duet, item("Ashes", ["Frankie Chan", "Roel A. Garcia"])).score >= SURE
    assert score(duet, item("Ashes", ["Roel A. García"])).score >= SURE


SLOW_BOAT = Track(id="f/slow-boat", film="f", title="Slow Boat", moods=("dream",),
                  artist="Wen Lei", duration=245, album="Tidewater", released=1994)


def dated(name, album, year, seconds=245, uri="spotify:track:" + "a" * 22):
    found = item(name, ["Wen Lei"], album, seconds, uri)
    found["album"]["release_date"] = str(year)
    return found


def test_the_catalogs_album_and_year_weigh_when_known():
    assert score(SLOW_BOAT, dated("Slow Boat", "Tidewater", 1994), 1994).score == 1.0
    reissue = score(SLOW_BOAT, dated("Slow Boat", "Tidewater (Deluxe Edition)", 2014), 1996)
    assert reissue.score == 1.0  # the catalog's album again: its year says nothing
    same_era = score(SLOW_BOAT, dated("Slow Boat", "Wen Lei Hits", 1995), 1994)
    assert same_era.score == 0.9 and status_of(same_era) == "sure"
    later = score(SLOW_BOAT, dated("Slow Boat", "Slow Boat & Other Songs", 2012), 1994)
    assert status_of(later) == "doubtful"  # another album, years later: reviewed, not used
    remaster = score(SLOW_BOAT, dated("Slow Boat - 2012 Remaster", "Best of Wen Lei", 2012),
                     1994)
    assert status_of(remaster) == "sure"
    unknown = SLOW_BOAT._replace(album=None, released=None)
    assert status_of(score(unknown, dated("Slow Boat", "Slow Boat & Other Songs", 2012),
                           2012)) == "sure"  # nothing known to weigh against


def test_among_equals_the_earliest_release_wins():
    from wkwmix.spotify.match import best

    unknown = SLOW_BOAT._replace(album=None, released=None)
    later = dated("Slow Boat", "Wen Lei Hits", 1995, uri="spotify:track:" + "b" * 22)
    first = dated("Slow Boat", "Tidewater", 1994, uri="spotify:track:" + "c" * 22)
    assert best(unknown, [later, first], 1994).uri == first["uri"]
    assert best(unknown, [first, later], 1994).uri == first["uri"]


UNKNOWN = SLOW_BOAT._replace(album=None, released=None)


@pytest.mark.parametrize("album, year, status", [
    ("Tidewater", 1994, "sure"),
    ("Wen Lei Hits", 1996, "sure"),  # a soundtrack album or single may follow by a year or two
    ("Harbour Songs", 2009, "doubtful"),  # a later album: a compilation, or a re-recording?
    ("The Very Best of Wen Lei", 2009, "sure"),  # her hit collected, of its very length
    ("Harbour Songs 1990-1994", 2009, "sure"),  # its name dates the recordings: before the film
    ("Harbour Songs 1990-1999", 2009, "doubtful"),
    ("Tidewater (30th Anniversary Edition)", 2024, "sure"),  # a new edition of an album
])
def test_a_song_first_found_years_after_the_film_is_held_for_review(album, year, status):
    assert status_of(score(UNKNOWN, dated("Slow Boat", album, year), 1994)) == status


@pytest.mark.parametrize("album", [
    "Wen Lei Ao Vivo", "Wen Lei en Vivo", "En Directo", "Wen Lei 演唱會 1996", "Sings Again",
    "Tidewater Revisited", "Tidewater Reimagined", "Wen Lei Today", "Slow Boat (New Version)",
    "20 Éxitos Regrabados", "Sucessos Regravados", "Neu eingespielt",
])
def test_live_albums_and_re_recordings_named_in_other_words_are_never_sure(album):
    assert score(UNKNOWN, dated("Slow Boat", album, 1994), 1994).score == 0.5


def test_an_original_mix_is_no_remix():
    assert score(UNKNOWN, dated("Slow Boat", "Tidewater (Original Mix)", 1994), 1994).score == 1
    assert score(UNKNOWN, dated("Slow Boat", "Tidewater (Club Mix)", 1994), 1994).score == 0.5


def test_a_language_label_counts_only_against_a_language_the_catalog_gives():
    labelled = dated("Slow Boat", "Tidewater (粵語)", 1994)
    assert score(UNKNOWN, labelled, 1994).score == 1.0
    assert score(UNKNOWN._replace(language="Cantonese"), labelled, 1994).score == 1.0
    assert score(UNKNOWN._replace(language="Mandarin"), labelled, 1994).score == 0.5


def test_the_catalogs_album_says_which_version_the_track_is():
    live = SLOW_BOAT._replace(album="Wen Lei Ao Vivo", released=1996, duration=262)
    assert score(live, dated("Slow Boat - Ao Vivo", "Wen Lei Ao Vivo", 1996, 262), 1997).score == 1
    studio = score(live, dated("Slow Boat", "Tidewater", 1994, 245), 1997)
    assert status_of(studio) == "none"


def test_a_version_the_catalogs_title_names_must_show_in_the_result():
    take = UNKNOWN._replace(title="Slow Boat (Live Recording 18/9/96)", alt_titles=("Slow Boat",))
    named = dated("Slow Boat (Live Recording 18/9/96)", "Harbour", 1994)
    assert score(take, named, 1994).score == 1
    assert score(take, dated("Slow Boat", "Tidewater", 1994), 1994).score == 0.5


def test_among_equals_the_closest_length_then_the_earliest_recording_wins():
    from wkwmix.spotify.match import best

    uris = {k: "spotify:track:" + k * 22 for k in "abc"}
    close = dated("Slow Boat", "Tidewater", 1996, 245, uris["a"])
    near = dated("Slow Boat", "Wen Lei Hits", 1994, 249, uris["b"])
    assert best(UNKNOWN, [near, close], 1994).uri == uris["a"]
    compiled = dated("Slow Boat", "Songs 1990-1993", 2009, 245, uris["c"])
    assert best(UNKNOWN, [close, compiled], 1994).uri == uris["c"]  # by 1993, not 2009


@pytest.mark.parametrize("released, status", [(2000, "sure"), (2001, "sure"), (2002, "doubtful")])
def test_a_score_cue_counts_only_on_an_album_from_within_a_year_of_its_film(released, status):
    cue = Track(id="f/opening", film="f", title="Opening Titles", moods=("dream",),
                artist="Lo Kwan", duration=80, kind="score")
    found = item("Opening Titles", ["Lo Kwan"], "Tokyo Blue (Original Score)", 80)
    found["album"]["release_date"] = str(released)
    assert status_of(score(cue, found, 2000)) == status


def test_a_title_alone_is_never_sure():
    anonymous = Track(id="f/x", film="f", title="Theme", moods=("dream",))
    assert status_of(score(anonymous, item("Theme", ["Anyone"]))) == "doubtful"


def test_track_uris_and_links_are_accepted_for_pins():
    link = "https://open.spotify.com/intl-fr/track/6rqhFgbbKwnb9MLmUQDhG6?si=abc"
    assert parse_track_uri(link) == "spotify:track:6rqhFgbbKwnb9MLmUQDhG6"
    with pytest.raises(Exception, match="not a Spotify track"):
        parse_track_uri("spotify:album:6rqhFgbbKwnb9MLmUQDhG6")


@pytest.fixture
def decoyed(logged_in, tmp_path, monkeypatch):
    """The stand-in's index and a catalog, both from the decoy set (not from each other)."""
    catalog = tmp_path / "decoys.yaml"
    logged_in.cases = populate(logged_in, catalog)
    monkeypatch.setenv("WKWMIX_CATALOG", str(catalog))
    return logged_in


def resolved(run, *args):
    result = run("resolve", *args, "--format", "json")
    return {row["id"]: row for row in json.loads(result.stdout)}, result


def test_search_finds_what_scoring_alone_would_pick_on_every_decoy_case(logged_in):
    """Each case alone in the stand-in's index, searched through the real client: the
    track:/artist: filters never hide the right recording, and the picks are the same (or
    both right)."""
    from fake_spotify.decoy_set import load as load_cases

    from wkwmix.spotify.auth import connect
    from wkwmix.spotify.match import best
    from wkwmix.spotify.resolve import search_track, spotify_search

    search = spotify_search(connect())
    cases = load_cases()
    for case in cases:
        logged_in.clear_tracks()
        index_case(logged_in, case)
        found = search_track(case.track, search, case.year, case.film_names)
        offline = best(case.track, case.items, year=case.year, film=case.film_names)
        if case.number in UNSPELLED:
            assert (_used(found), _used(offline) in case.rights) == (None, True), case.number
            continue
        # The same pick, or another release of the right recording (a narrower search may
        # stop at the first sure one), or none where scoring alone picks a wrong one: never
        # a wrong one, never one right one fewer.
        assert _used(found) == _used(offline) or (
            _used(offline) in case.rights and _used(found) in case.rights) or (
            _used(found) is None and _used(offline) not in case.rights), case.number
    searches = [r for r in logged_in.log if r.path == "/search"]
    assert len(searches) >= len(cases) and all(int(r.query["limit"]) <= 10 for r in searches)


# Releases whose titles no search spells: 痴心換情深 mixes the scripts (痴 Simplified, 換
# Traditional), so neither 癡心換情深 nor 痴心换情深 finds it word for word (1267); "Wing
# Yuen Dik Pang Yau" is 永遠的朋友 in Hong Kong's romanisation, which no search writes (1481).
UNSPELLED = {1267, 1481}


def _used(candidate):
    return candidate.uri if status_of(candidate) == "sure" else None


def test_resolving_the_decoy_catalog_through_the_cli(run, decoyed):
    rows, result = resolved(run)
    assert len(rows) == len(decoyed.cases) == 2031
    sure = [c for c in decoyed.cases if rows[c.track_id]["status"] == "sure"]
    assert sure and all(rows[c.track_id]["uri"] in c.indexed or any(
        rows[c.track_id]["uri"] in other.indexed for other in decoyed.cases) for c in sure)
    assert "2031 tracks: 0 pinned" in result.stderr


def test_every_decoy_batch_records_its_first_blind_run():
    import importlib.util
    from pathlib import Path

    from fake_spotify.decoy_set import BATCHES, DATA

    path = Path(__file__).resolve().parent.parent / "bench" / "spotify_requests.py"
    spec = importlib.util.spec_from_file_location("spotify_requests", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    runs = bench.first_blind_runs(DATA.read_text(encoding="utf-8"))
    assert all(runs[b]["precision"] for b in BATCHES)
    assert set(bench.VERDICT_BATCHES) <= set(BATCHES)
    assert all(None not in runs[b].values() for b in bench.VERDICT_BATCHES)
    assert runs[(1942, 2031)] == {"precision": (26, 27), "recall": (26, 28),
                                  "whole precision": (70, 72), "whole recall": (70, 75)}


@pytest.mark.parametrize("part", ["tuning", "kept aside"])
def test_precision_and_recall_on_both_parts_of_the_decoy_set(part):
    from fake_spotify.decoy_set import load as load_cases
    from fake_spotify.decoy_set import measure

    cases = [c for c in load_cases() if c.part == part]
    figures = measure(cases)
    assert len(cases) == {"tuning": 1354, "kept aside": 677}[part]
    # The targets. How each batch of the kept-aside part fared on its first, blind
    # run is written at the top of the decoy set. (Held for review on purpose, not used:
    # two recordings of one song by one act that the catalog gives nothing to choose
    # between, as kept-aside cases 162 and 180.)
    assert figures.recall >= 0.9
    assert figures.precision >= 0.98


def test_resolving_again_uses_the_cache_and_searches_nothing(run, decoyed):
    first, _ = resolved(run, "film:decoys-1994")
    decoyed.log.clear()
    again, _ = resolved(run, "film:decoys-1994")
    assert again == first
    assert [r for r in decoyed.log if r.path == "/search"] == []


def test_answers_cached_by_an_earlier_scorer_are_searched_again(run, decoyed):
    from wkwmix.spotify.resolve import SCORING
    from wkwmix.store import resolutions

    first, _ = resolved(run, "film:decoys-1994")
    entries = resolutions.read()
    for entry in entries.values():
        entry["signature"] = entry["signature"].replace(f"{SCORING}|", "3|", 1)
    resolutions.write(entries)
    decoyed.log.clear()
    again, _ = resolved(run, "film:decoys-1994")
    assert again == first
    assert len([r for r in decoyed.log if r.path == "/search"]) >= len(first)


def test_a_search_that_finds_nothing_is_cached_as_not_found(run, logged_in):
    rows, result = resolved(run, "film:chungking-express")
    assert rows and all(row["status"] == "none" for row in rows.values())
    assert "not found" in result.stderr
    logged_in.log.clear()
    resolved(run, "film:chungking-express")
    assert logged_in.log == []  # nothing to ask: no search, not even a login check


def test_doubtful_matches_are_held_for_review_then_accepted(run, logged_in):
    catalog = load()
    track = catalog.find_track("chungking-express/california-dreamin")
    cover = logged_in.add_track(track.title, "Lounge Cats", duration=track.duration or 200,
                                album=f"Lounge Cats Play {track.artist}")
    rows, result = resolved(run, "id:chungking-express/california-dreamin")
    assert rows[track.id]["status"] == "doubtful" and rows[track.id]["uri"] == cover
    assert "wkwmix resolve --review" in result.stderr
    review, _ = resolved(run, "--review")
    assert list(review) == [track.id]
    accepted = run("resolve", "--accept", track.id)
    assert f"pinned {cover}" in accepted.output
    after, _ = resolved(run, "id:chungking-express/california-dreamin")
    assert after[track.id]["status"] == "pinned"
    assert cover in run("show", track.id).output


def test_pin_and_unpin(run, logged_in):
    uri = "spotify:track:6rqhFgbbKwnb9MLmUQDhG6"
    result = run("pin", "chungking-express/california-dreamin",
                 "https://open.spotify.com/track/6rqhFgbbKwnb9MLmUQDhG6")
    assert f"pinned {uri}" in result.output
    rows, _ = resolved(run, "id:chungking-express/california-dreamin")
    assert rows["chungking-express/california-dreamin"]["uri"] == uri
    assert logged_in.log == []  # a pin needs no search
    run("pin", "chungking-express/california-dreamin", "--clear")
    assert "spotify" not in run("show", "chungking-express/california-dreamin",
                                "--format", "json").output.split('"spotify": ')[1][:5]
    bad = run("pin", "chungking-express/california-dreamin", "spotify:album:x", expect=1)
    assert "not a Spotify track" in bad.stderr
    assert run("pin", "chungking-express/california-dreamin", expect=2).exit_code == 2


def test_build_plays_sure_matches_from_spotify_but_not_doubtful_ones(run, decoyed):
    rows, _ = resolved(run, "mood:dream")
    sure = {tid: row["uri"] for tid, row in rows.items() if row["status"] == "sure"}
    others = [tid for tid, row in rows.items() if row["status"] != "sure"]
    assert sure and others
    m3u = run("build", "mood:dream", "--format", "m3u8", "--limit", "5000").output
    played = [line for line in m3u.splitlines() if line.startswith("spotify:track:")]
    assert sorted(played) == sorted(sure.values())
    assert all(f"({tid})" in m3u for tid in others)  # listed as unresolved, not dropped


def test_the_shipped_catalogs_album_picks_the_live_recording_happy_together_uses():
    from wkwmix.spotify.match import best

    paloma = load().find_track("happy-together/cucurrucucu-paloma")
    uris = {k: "spotify:track:" + k * 22 for k in "ls"}
    live = item("Cucurrucucu Paloma - Ao Vivo", ["Caetano Veloso"], "Fina Estampa Ao Vivo",
                uri=uris["l"])
    studio = item("Cucurrucucú Paloma", ["Caetano Veloso"], "Fina Estampa", uri=uris["s"])
    picked = best(paloma, [studio, live], 1997)
    assert (picked.uri, status_of(picked)) == (uris["l"], "sure")
    assert status_of(score(paloma, studio, 1997)) == "none"  # the studio take: not it


# --- version words the scorer has no marker for ------------------------------------------

MAIN_THEME = Track(id="f/main", film="f", title="2046 Main Theme", moods=("dream",),
                   artist="Shigeru Umebayashi", duration=200, kind="score")


@pytest.mark.parametrize("name", [
    "2046 Main Theme (Rumba Version)", "2046 Main Theme (With Percussion)",
    "2046 Main Theme - Tango", "2046 Main Theme (Vocal Version)",
    "2046 Main Theme (Vocal) - Remastered",
])
def test_a_suffix_the_scorer_has_no_word_for_is_another_version(name):
    assert score(MAIN_THEME, item(name, ["Shigeru Umebayashi"], seconds=200)).score == 0.5


@pytest.mark.parametrize("name", [
    "2046 Main Theme - Remastered 2004", "2046 Main Theme (Mono)",
    "2046 Main Theme (Single Version)", '2046 Main Theme - From "2046"',
    "2046 Main Theme (From the Original Motion Picture Soundtrack)",
    "2046 Main Theme (feat. Lo Kwan)", "2046 Main Theme - Bonus Track",
])
def test_a_suffix_known_to_leave_the_recording_as_it_is_stays_sure(name):
    found = score(MAIN_THEME, item(name, ["Shigeru Umebayashi", "Lo Kwan"], seconds=200))
    assert found.score >= 0.99


def test_the_catalogs_own_title_may_carry_the_suffix():
    rumba = MAIN_THEME._replace(title="2046 Main Theme (Rumba Version)")
    assert score(rumba, item("2046 Main Theme (Rumba Version)", ["Shigeru Umebayashi"],
                             seconds=200)).score == 1.0


def test_among_equals_the_result_named_exactly_as_the_title_wins():
    from wkwmix.spotify.match import best

    uris = {k: "spotify:track:" + k * 22 for k in "ab"}
    longer = item("2046 Main Theme - Remastered", ["Shigeru Umebayashi"], seconds=200,
                  uri=uris["a"])
    exact = item("2046 Main Theme", ["Shigeru Umebayashi"], seconds=200, uri=uris["b"])
    assert best(MAIN_THEME, [longer, exact]).uri == uris["b"]
    assert best(MAIN_THEME, [exact, longer]).uri == uris["b"]


UMEBAYASHI = """\
version: 1
films:
  - {id: f2046, title: '2046', year: 2004}
tracks:
  - {id: f2046/main-theme, film: f2046, title: 2046 Main Theme, artist: Shigeru Umebayashi,
     kind: score, duration: 200, moods: [dream]}
  - {id: f2046/siboney, film: f2046, title: Siboney, artist: Connie Francis, kind: song,
     instrumental: true, duration: 190, moods: [dream]}
"""


def test_the_rumba_reprise_is_not_taken_for_the_main_theme_through_the_cli(run, use_catalog,
                                                                           logged_in):
    use_catalog(UMEBAYASHI)
    rumba = logged_in.add_track("2046 Main Theme (Rumba Version)", "Shigeru Umebayashi",
                                album="2046 OST", duration=200, year=2004, popularity=90)
    theme = logged_in.add_track("2046 Main Theme", "Shigeru Umebayashi", album="2046 OST",
                                duration=201, year=2004, popularity=40)
    vocal = logged_in.add_track("Siboney - Vocal", "Connie Francis", album="2046 OST",
                                duration=190, year=2004)
    rows, result = resolved(run)
    assert (rows["f2046/main-theme"]["status"], rows["f2046/main-theme"]["uri"]) == (
        "sure", theme)
    assert rumba != theme
    assert (rows["f2046/siboney"]["status"], rows["f2046/siboney"]["uri"]) == (
        "doubtful", vocal)
    assert "2 tracks: 0 pinned, 1 found, 1 doubtful, 0 not found" in result.stderr.splitlines()


# --- two recordings alike: the user decides --------------------------------------------------

CUGAT = """\
version: 1
films:
  - {id: f2046, title: '2046', year: 2004}
tracks:
  - {id: f2046/perfidia, film: f2046, title: Perfidia, artist: Xavier Cugat, kind: song,
     instrumental: true, moods: [dream]}
"""


def test_two_recordings_by_one_artist_that_both_score_sure_are_held_for_review(run, use_catalog,
                                                                             logged_in):
    use_catalog(CUGAT)
    columbia = logged_in.add_track("Perfidia", "Xavier Cugat", album="Cugat's Favorite Rhumbas",
                                   duration=170, year=1947, popularity=60, isrc="USSM14700012")
    mercury = logged_in.add_track("Perfidia", "Xavier Cugat", album="Viva Cugat!",
                                  duration=168, year=1961, popularity=90, isrc="USMR16100345")
    rows, result = resolved(run)
    assert (rows["f2046/perfidia"]["status"], rows["f2046/perfidia"]["uri"]) == (
        "doubtful", columbia)
    assert "1 tracks: 0 pinned, 0 found, 1 doubtful, 0 not found" in result.stderr
    review = run("resolve", "--review").stdout
    assert review == (
        "f2046/perfidia  doubtful 0.75\n"
        "  catalog  Perfidia — Xavier Cugat · from the film 2046 (2004) · length unknown\n"
        f"  spotify  Perfidia — Xavier Cugat · Cugat's Favorite Rhumbas (1947) · 2:50  {columbia}\n"
        "  held     another recording scores as well: Perfidia — Xavier Cugat · Viva Cugat! "
        f"(1961) {mercury}\n")


def test_one_recording_on_two_albums_is_no_tie(run, use_catalog, logged_in):
    use_catalog(CUGAT)
    first = logged_in.add_track("Perfidia", "Xavier Cugat", album="Cugat's Favorite Rhumbas",
                                duration=170, year=1947, popularity=60, isrc="USSM14700012")
    logged_in.add_track("Perfidia", "Xavier Cugat", album="The Best of Xavier Cugat",
                        duration=171, year=1990, popularity=90, isrc="USSM14700012")
    rows, _ = resolved(run)
    assert (rows["f2046/perfidia"]["status"], rows["f2046/perfidia"]["uri"]) == ("sure", first)


def test_the_christmas_song_is_held_for_review_not_taken_from_the_1961_remake(run, logged_in):
    # The catalog credits "Nat King Cole" with no year, album or length: nothing says which
    # of his recordings the film uses (the soundtrack has the Trio's old one).
    remake = logged_in.add_track("The Christmas Song (Merry Christmas to You)", "Nat King Cole",
                                 album="The Christmas Song", duration=192, year=1962,
                                 popularity=95, isrc="USCA29600368")
    trio = logged_in.add_track("The Christmas Song", ["The Nat King Cole Trio"],
                               album="The Nat King Cole Trio 1943-1949", duration=189,
                               year=1998, popularity=40, isrc="USCA24600102")
    rows, result = resolved(run, "2046/the-christmas-song")
    row = rows["2046/the-christmas-song"]
    assert (row["status"], row["uri"]) == ("doubtful", remake)
    assert "1 doubtful" in result.stderr
    review = run("resolve", "--review", "2046/the-christmas-song").stdout
    assert review.splitlines()[-1] == (
        "  held     another recording scores as well: The Christmas Song — The Nat King Cole "
        f"Trio · The Nat King Cole Trio 1943-1949 (1998) {trio}")


# --- the listener's market -------------------------------------------------------------------

HARBOUR = """\
version: 1
films:
  - {id: harbour, title: Harbour Film, year: 1994}
tracks:
  - {id: harbour/slow-boat, film: harbour, title: Slow Boat, artist: Wen Lei, kind: song,
     duration: 245, moods: [dream]}
"""


def test_a_release_playable_in_the_listeners_market_is_preferred(run, use_catalog, logged_in):
    use_catalog(HARBOUR)
    # The same recording twice: a Japan and Taiwan release first in Spotify's order, and
    # one the listener (in Hong Kong) can play.
    logged_in.add_track("Slow Boat", "Wen Lei", album="Tidewater (Japan Edition)",
                        duration=245, popularity=90, markets=("JP", "TW"), seed="jp")
    here = logged_in.add_track("Slow Boat", "Wen Lei", album="Tidewater", duration=245,
                               popularity=40, markets=("HK", "MO"), seed="hk")
    rows, _ = resolved(run)
    assert (rows["harbour/slow-boat"]["status"], rows["harbour/slow-boat"]["uri"]) == (
        "sure", here)
    searches = [r for r in logged_in.log if r.path == "/search"]
    assert searches and all(r.query.get("market") == "from_token" for r in searches)


def test_a_release_the_listener_cannot_play_is_held_for_review_with_the_reason(
        run, use_catalog, logged_in):
    use_catalog(HARBOUR)
    elsewhere = logged_in.add_track("Slow Boat", "Wen Lei", album="Tidewater", duration=245,
                                    markets=("JP", "TW"))
    rows, _ = resolved(run)
    assert (rows["harbour/slow-boat"]["status"], rows["harbour/slow-boat"]["uri"]) == (
        "doubtful", elsewhere)
    review = run("resolve", "--review").stdout
    assert review.splitlines()[-1] == "  held     not playable in your market"


# --- Hong Kong labels' language tags, the film's own album, a re-edition's year ----------------


def test_the_one_character_language_tags_of_hong_kong_labels_are_read(run, logged_in):
    # 執迷不悔 in Mandarin (the catalog's), and Faye Wong's Cantonese 夢中人.
    mandarin = logged_in.add_track("執迷不悔 (國)", "Faye Wong", album="執迷不悔", duration=290,
                                   year=1993, popularity=40, seed="zmbh-gw")
    logged_in.add_track("執迷不悔 (粵)", "Faye Wong", album="執迷不悔", duration=290, year=1993,
                        popularity=90, seed="zmbh-y")
    cantonese = logged_in.add_track("夢中人（粵）", "Faye Wong", album="胡思亂想", duration=265,
                                    year=1994, popularity=40, seed="mzr-y")
    logged_in.add_track("夢中人（國）", "Faye Wong", album="胡思亂想", duration=265, year=1994,
                        popularity=90, seed="mzr-gw")
    rows, _ = resolved(run, "blossoms-shanghai/unrepentant")
    rows.update(resolved(run, "chungking-express/dreams")[0])
    assert (rows["blossoms-shanghai/unrepentant"]["status"],
            rows["blossoms-shanghai/unrepentant"]["uri"]) == ("sure", mandarin)
    assert (rows["chungking-express/dreams"]["status"],
            rows["chungking-express/dreams"]["uri"]) == ("sure", cantonese)


def test_a_cue_of_unknown_performer_on_the_films_own_album_is_sure(run, logged_in):
    own = logged_in.add_track("Dust to Dust", "Frankie Chan",
                              album="Ashes of Time (Original Soundtrack)", duration=180,
                              year=1994)
    rows, _ = resolved(run, "ashes-of-time/dust-to-dust")
    assert (rows["ashes-of-time/dust-to-dust"]["status"],
            rows["ashes-of-time/dust-to-dust"]["uri"]) == ("sure", own)


def test_a_title_alone_on_another_album_stays_doubtful(run, logged_in):
    other = logged_in.add_track("Dust to Dust", "Lounge Cats", album="Evening Songs",
                                duration=180, year=1994)
    rows, _ = resolved(run, "ashes-of-time/dust-to-dust")
    assert (rows["ashes-of-time/dust-to-dust"]["status"],
            rows["ashes-of-time/dust-to-dust"]["uri"]) == ("doubtful", other)


def test_ashes_of_time_redux_cues_are_judged_against_the_redux_year(run, logged_in):
    redux = logged_in.add_track("Jing Zhe", "Yo-Yo Ma",
                                album="Ashes of Time Redux (Original Motion Picture Soundtrack)",
                                duration=150, year=2008)
    rows, _ = resolved(run, "ashes-of-time/jing-zhe")
    assert (rows["ashes-of-time/jing-zhe"]["status"],
            rows["ashes-of-time/jing-zhe"]["uri"]) == ("sure", redux)


@pytest.mark.parametrize("album", ["Nuevas Grabaciones", "Sus Éxitos: Nueva Grabación",
                                   "New Recordings", "The Re-Recordings"])
def test_albums_of_new_recordings_named_in_the_plural_are_never_sure(album):
    assert score(UNKNOWN, dated("Slow Boat", album, 1990), 1994).score == 0.5


def test_a_later_take_marked_version_and_its_year_is_another_recording():
    assert score(UNKNOWN, dated("Slow Boat (Versión 1978)", "Wen Lei '78", 1978), 1994).score \
        == 0.5
    assert score(UNKNOWN, dated("Slow Boat - Version 1978", "Wen Lei '78", 1978), 1994).score \
        == 0.5


def test_a_reject_word_in_the_catalogs_own_title_is_no_reason_to_reject():
    lullaby = Track(id="f/l", film="f", title="Lullaby of the Sea", moods=("dream",),
                    artist="Mira Chau", duration=122, kind="score")
    assert score(lullaby, item("Lullaby of the Sea", ["Mira Chau"], "Letters", 122)).score == 1
    assert score(lullaby, item("Lullaby of the Sea", ["Baby Sleep Music"],
                               "Lullabies for Babies", 122)).score == 0


def test_the_films_own_album_is_named_by_whole_words():
    cue = Track(id="f/x", film="f", title="Lost", moods=("dream",), kind="score", duration=90)
    own = item("Lost", ["Anyone"], "Eros (Original Soundtrack)", 90)
    other = item("Lost", ["Anyone"], "Heroes", 90)
    assert status_of(score(cue, own, film=("Eros",))) == "sure"
    assert status_of(score(cue, other, film=("Eros",))) == "doubtful"


# --- credits, edits and labels (learnt from decoy batch 322-411) --------------------------

DUET = Track(id="f/duet", film="f", title="Promise", moods=("dream",), alt_titles=("承諾",),
             artist="Sammy Kwok and Vivian Ho", duration=258, language="Cantonese")


def test_a_duet_is_not_one_of_its_singers_alone():
    # One singer's own recording, 14 s shorter: once taken as sure, the credit matching
    # "Sammy Kwok" alone; now neither the credit nor the length makes it this recording.
    solo = score(DUET, item("承諾", ["Sammy Kwok"], seconds=244))
    both = score(DUET, item("承諾 (對唱版)", ["Sammy Kwok", "Vivian Ho"], seconds=258))
    assert (status_of(solo), status_of(both)) == ("none", "sure")
    assert score(DUET, item("承諾 (合唱)", ["Sammy Kwok", "Vivian Ho"], seconds=258)).score == 1


def test_a_band_word_in_the_credit_is_not_a_second_singer():
    cugat = Track(id="f/c", film="f", title="Perfidia", moods=("dream",),
                  artist="Xavier Cugat and His Orchestra", duration=180)
    assert score(cugat, item("Perfidia", ["Xavier Cugat"], seconds=180)).score == 1


def test_a_featured_singer_is_a_credit_not_a_version():
    duet = Track(id="f/d", film="f", title="Two Cities", moods=("dream",),
                 artist="Vivian Ho and Jason Liu", duration=271)
    found = item("Two Cities (feat. 何慧雯)", ["Jason Liu", "Vivian Ho"], seconds=271)
    assert score(duet, found).score == 1


def test_every_piece_of_a_title_is_read_for_a_version():
    assert score(FAYE, item("Dreams (Live) - Remastered 2019", ["Faye Wong"])).score == 0.5
    assert score(FAYE, item("夢中人 (粵語版) (feat. Tony Leung)", ["Faye Wong"])).score == 1
    cantonese = Track(id="f/dreams", film="f", title="Dreams", moods=("dream",),
                      artist="Faye Wong", alt_titles=("夢中人",), duration=253,
                      language="Cantonese")
    assert score(cantonese, item("夢中人 (國語版) (feat. Tony Leung)", ["Faye Wong"])
                 ).score == 0.5


def test_a_chinese_label_naming_the_film_leaves_the_recording_as_it_is():
    jade = Track(id="f/j", film="f", title="Jade Alley", alt_titles=("玉巷",), moods=("dream",),
                 artist="Vivian Ho", duration=219, language="Mandarin")
    assert score(jade, item("玉巷 (國語) (電影《玉巷》主題曲)", ["Vivian Ho"], seconds=219)
                 ).score == 1


def test_a_singer_credited_in_another_script_on_the_catalogs_own_album():
    farewell = Track(id="f/s", film="f", title="Farewell at the Station", moods=("dream",),
                     alt_titles=("車站告別",), artist="Vivian Ho", duration=251,
                     album="夜航", released=1997)
    assert score(farewell, item("車站告別", ["何慧雯"], album="夜航", seconds=251)).score == 1
    # On another album, or of another length, the credit is no evidence for it.
    assert status_of(score(farewell, item("車站告別", ["何慧雯"], album="精選",
                                          seconds=251))) == "none"
    assert status_of(score(farewell, item("車站告別", ["何慧雯"], album="夜航",
                                          seconds=290))) == "none"


@pytest.mark.parametrize("cut, seconds, other", [
    ("Neon Pulse - Radio Edit", 200, 185), ("Neon Pulse - Extended", 200, 232)])
def test_a_cut_of_the_catalogs_very_length_is_the_one_the_film_uses(cut, seconds, other):
    pulse = Track(id="f/e", film="f", title="Neon Pulse", moods=("dream",),
                  artist="Kite Machine", duration=200)
    assert score(pulse, item(cut, ["Kite Machine"], seconds=seconds)).score == 1
    assert score(pulse, item(cut, ["Kite Machine"], seconds=other)).score < SURE


def test_a_chinese_song_is_searched_by_its_chinese_title_alone_before_free_text():
    from wkwmix.spotify.resolve import queries

    assert queries(FAYE) == ['track:"Dreams" artist:"Faye Wong"',
                             'track:"夢中人" artist:"Faye Wong"', 'track:"夢中人"',
                             'track:"梦中人"', 'Dreams Faye Wong', 'track:"Dreams"']


def test_a_duet_singer_featured_in_the_title_is_credited():
    duet = Track(id="f/t", film="f", title="Thousand Miles", alt_titles=("千里",),
                 moods=("dream",), artist="Eric Hung feat. Vivian Lo", duration=273)
    assert score(duet, item("千里 (feat. Vivian Lo)", ["Eric Hung"], seconds=273)).score == 1


def _release(name, album, year, seconds, uri, playable=True):
    found = item(name, ["Winnie Lau"], album=album, seconds=seconds, uri=uri)
    found["album"]["release_date"] = str(year)
    found["is_playable"] = playable
    return found


def test_the_original_not_playable_here_vouches_for_a_later_release_of_its_length():
    from wkwmix.spotify.match import best

    goodbye = Track(id="f/g", film="f", title="Quiet Goodbye", alt_titles=("靜靜告別",),
                    moods=("dream",), artist="Winnie Lau", duration=262)
    original = _release("靜靜告別", "靜靜告別", 1993, 262, "spotify:track:" + "o" * 22,
                        playable=False)
    later = _release("靜靜告別", "冬之歌", 2004, 262, "spotify:track:" + "c" * 22)
    picked = best(goodbye, [original, later], 1998)
    assert (picked.uri, status_of(picked)) == (later["uri"], "sure")
    assert picked.note == "the original release, not playable here, has its very length"
    # Alone, the later release may be a later recording: held for the listener.
    assert status_of(best(goodbye, [later], 1998)) == "doubtful"
    # Of another length, it is not vouched for.
    longer = _release("靜靜告別", "冬之歌", 2004, 266, "spotify:track:" + "c" * 22)
    assert status_of(best(goodbye, [original, longer], 1998)) == "doubtful"


def test_a_title_with_a_ligature_is_searched_spelled_out_too_and_matches_either_way():
    from wkwmix.spotify.resolve import queries

    coeur = Track(id="f/c", film="f", title="Mon Cœur Fragile", moods=("dream",),
                  artist="Lucien Darmont", duration=187)
    assert queries(coeur)[:2] == ['track:"Mon Cœur Fragile" artist:"Lucien Darmont"',
                                  'track:"Mon Coeur Fragile" artist:"Lucien Darmont"']
    assert score(coeur, item("Mon Coeur Fragile", ["Lucien Darmont"], seconds=187)).score == 1


def test_a_singer_credited_in_chinese_is_the_catalogs_pinyin_name():
    pearl = Track(id="f/p", film="f", title="Night Pearl", alt_titles=("夜明珠",),
                  moods=("dream",), artist="Wen Jiayin", duration=176)
    assert score(pearl, item("夜明珠", ["溫佳音"], seconds=176)).score == 1
    assert score(pearl, item("夜明珠", ["溫佳"], seconds=176)).score < SURE


def test_a_band_leader_is_searched_without_the_band():
    from wkwmix.spotify.resolve import queries

    varela = Track(id="f/v", film="f", title="Siempre en mi Alma", moods=("dream",),
                   artist="Rodolfo Varela y Su Orquesta", duration=176)
    assert queries(varela)[0] == 'track:"Siempre en mi Alma" artist:"Rodolfo Varela"'


def test_the_results_themselves_may_give_the_singers_chinese_name():
    from wkwmix.spotify.match import best, names_on_page

    harbour = Track(id="f/h", film="f", title="Harbour Lights", alt_titles=("海港燈火",),
                    moods=("dream",), artist="Winnie Szeto", duration=251)
    original = _release("海港燈火", "心事", 1994, 251, "spotify:track:" + "o" * 22)
    original["artists"] = [{"name": "司徒穎詩"}]
    later = _release("海港燈火", "星河唱片 司徒穎詩精選", 2003, 252, "spotify:track:" + "c" * 22)
    later["artists"] = [{"name": "Winnie Szeto"}]
    assert names_on_page(harbour, [original, later]) == ("司徒穎詩",)
    picked = best(harbour, [original, later], 1996)
    assert (picked.uri, status_of(picked)) == (original["uri"], "sure")
    # Without the compilation that names her, 司徒穎詩 is nobody the catalog knows.
    assert status_of(best(harbour, [original], 1996)) == "doubtful"


MIRAGE = Track(id="f/m", film="f", title="Summer Mirage", alt_titles=("夏の蜃気楼",),
               moods=("dream",), artist="Yuko Arai", duration=265, language="Japanese")


def _credited(name, artists, seconds, uri_letter):
    return item(name, artists, seconds=seconds, uri="spotify:track:" + uri_letter * 22)


def test_the_one_credit_in_a_songs_own_script_at_its_length_is_the_catalogs_performer():
    from wkwmix.spotify.match import best, names_on_page

    hers = _credited("夏の蜃気楼", ["新井優子"], 265, "o")
    single = _credited("夏の蜃気楼 (Single Version)", ["新井優子"], 248, "s")
    assert names_on_page(MIRAGE, [hers, single]) == ("新井優子",)
    picked = best(MIRAGE, [hers, single], 2010)
    assert (picked.uri, status_of(picked)) == (hers["uri"], "sure")


@pytest.mark.parametrize("change, results, status", [
    # a cover at the very length: two credits, and nothing says which one is hers
    ({}, [("夏の蜃気楼", ["新井優子"], 265, "o"), ("夏の蜃気楼", ["北島ひとみ"], 265, "c")],
     "doubtful"),
    ({}, [("夏の蜃気楼", ["新井優子"], 268, "o")], "doubtful"),  # not its length to the second
    ({"language": None}, [("夏の蜃気楼", ["新井優子"], 265, "o")], "doubtful"),  # no such language
    ({}, [("蜃気楼", ["新井優子"], 265, "o")], "none"),  # not the catalog's title
])
def test_a_credit_in_the_songs_own_script_names_nobody_without_all_its_evidence(
        change, results, status):
    from wkwmix.spotify.match import best, names_on_page

    mirage = MIRAGE._replace(**change)
    found = [_credited(*r) for r in results]
    assert names_on_page(mirage, found) == ()
    assert status_of(best(mirage, found, 2010)) == status


@pytest.mark.parametrize("artist, named", [
    ("Anson Lui", ("呂安信",)),  # an English given name and the family name: 呂, Lui
    ("Kelly Wong", ()),  # another family name: another singer
    ("Lui Wai-ling", ()),  # a romanised given name that is not 安信's
])
def test_a_chinese_credit_may_be_the_catalogs_singer_by_the_family_name_alone(artist, named):
    from wkwmix.spotify.match import best, names_on_page

    rooftop = Track(id="f/r", film="f", title="Rooftop", alt_titles=("天台",),
                    moods=("dream",), artist=artist, duration=238, language="Cantonese")
    found = [_credited("天台", ["呂安信"], 238, "o")]
    assert names_on_page(rooftop, found) == named
    assert status_of(best(rooftop, found, 2003)) == ("sure" if named else "doubtful")


def test_a_japanese_song_is_searched_by_its_own_title_alone():
    from wkwmix.spotify.resolve import queries

    assert queries(MIRAGE)[:3] == ['track:"Summer Mirage" artist:"Yuko Arai"',
                                   'track:"夏の蜃気楼" artist:"Yuko Arai"',
                                   'track:"夏の蜃気楼"']


def test_a_version_word_inside_the_title_itself_claims_no_version():
    again = Track(id="f/a", film="f", title="Meeting Again", alt_titles=("再相逢",),
                  moods=("dream",), artist="Hu Jun and Song Xiaolan", duration=283)
    assert score(again, item("再相逢", ["胡駿", "宋曉蘭"], album="相逢", seconds=283)
                 ).score == 1
    live = Track(id="f/l", film="f", title="Live and Let Die", moods=("dream",),
                 artist="Wings", duration=192)
    assert score(live, item("Live and Let Die", ["Wings"], album="Live and Let Die",
                            seconds=192)).score == 1
    assert score(live, item("Live and Let Die - Live", ["Wings"], seconds=192)).score == 0.5
    # A version the catalog's title does name must still show in the result.
    dreams_live = Track(id="f/d", film="f", title="Dreams (Live)", moods=("dream",),
                        artist="Faye Wong", duration=253)
    assert status_of(score(dreams_live, item("Dreams", ["Faye Wong"]))) == "none"


def test_a_translated_title_is_not_made_sure_by_the_singer_and_the_length():
    valse = Track(id="f/v", film="f", title="La Valse des Adieux", moods=("dream",),
                  artist="Jacqueline Moreau", duration=198, language="French")
    italian = score(valse, item("Il Valzer degli Addii", ["Jacqueline Moreau"], seconds=197))
    assert status_of(italian) == "doubtful"
    # A name that holds the title whole is the song, written in two languages.
    dear = Track(id="f/d", film="f", title="My Dear", moods=("dream",), artist="Sammy Kwok",
                 duration=240)
    assert score(dear, item("My Dear 親愛的", ["Sammy Kwok"], seconds=240)).score >= SURE


def test_a_take_fourteen_seconds_longer_is_not_sure_on_its_own():
    assert status_of(score(FAYE, item("Dreams", ["Faye Wong"], seconds=253 + 14))) == (
        "doubtful")
    assert status_of(score(FAYE, item("Dreams", ["Faye Wong"], seconds=253 + 6))) == "sure"


def test_an_orquesta_tipica_is_searched_by_its_leader():
    from wkwmix.spotify.resolve import queries

    ferreyra = Track(id="f/l", film="f", title="Lluvia en Boedo", moods=("dream",),
                     artist="Orquesta Típica Ramón Ferreyra", duration=164)
    assert queries(ferreyra)[0] == 'track:"Lluvia en Boedo" artist:"Ramón Ferreyra"'
    assert score(ferreyra, item("Lluvia en Boedo", ["Ramón Ferreyra"], seconds=164)
                 ).score == 1


@pytest.mark.parametrize("album, seconds, status", [
    ("Winnie Lau Golden Hits", 262, "sure"),  # her hit, collected
    ("劉慧妮 精選", 263, "sure"),
    ("Winnie Lau Golden Hits", 265, "doubtful"),  # a few seconds off: maybe a new take
    ("Winter Songs", 262, "doubtful"),  # a later album, not a collection of hits
])
def test_a_late_collection_of_hits_with_the_catalogs_very_length_is_the_hit(album, seconds,
                                                                             status):
    from wkwmix.spotify.match import best

    goodbye = Track(id="f/g", film="f", title="Quiet Goodbye", moods=("dream",),
                    artist="Winnie Lau", duration=262)
    later = _release("Quiet Goodbye", album, 2006, seconds, "spotify:track:" + "c" * 22)
    assert status_of(best(goodbye, [later], 1998)) == status
