"""Correcting the resolver: rejecting a wrong match, keeping a track off Spotify, reviewing
the doubtful and the unmatched beside the catalog's facts, resolving one track by id."""

# The stand-in's fixtures are imported by name, so test parameters share their names.
# ruff: noqa: F811

from __future__ import annotations

import json

import pytest
import yaml
from fake_spotify.fixtures import fake_spotify, logged_in  # noqa: F401  (fixtures)

from wkwmix.store import paths

CATALOG = """\
version: 1
films:
  - {id: harbour, title: Harbour Film, year: 1994}
tracks:
  - {id: harbour/slow-boat, film: harbour, title: Slow Boat, artist: Wen Lei, kind: song,
     duration: 245, album: Tidewater, released: 1994, moods: [dream]}
  - {id: harbour/paper-moon, film: harbour, title: Paper Moon, artist: Wen Lei, kind: song,
     moods: [dream]}
  - {id: harbour/night-rain, film: harbour, title: Night Rain, artist: Mira Chau, kind: score,
     duration: 201, moods: [dream]}
"""


@pytest.fixture
def harbour(use_catalog, logged_in):
    """A small catalog, and a stand-in whose index holds two look-alike recordings of
    "Slow Boat" (the more popular one first), a "Paper Moon" and nothing for "Night Rain"."""
    use_catalog(CATALOG)
    world = logged_in
    world.wrong = world.add_track("Slow Boat", "Wen Lei", album="Tidewater", duration=245,
                                  popularity=90, seed="slow-boat-wrong")
    world.right = world.add_track("Slow Boat", "Wen Lei", album="Tidewater", duration=245,
                                  popularity=80, seed="slow-boat-right")
    world.moon = world.add_track("Paper Moon", "Wen Lei", album="Moon Songs", duration=230,
                                 year=1994, seed="paper-moon")
    return world


def resolved(run, *args, expect=0):
    result = run("resolve", *args, "--format", "json", expect=expect)
    return {row["id"]: row for row in json.loads(result.stdout or "[]")}, result


def overlay():
    return yaml.safe_load(paths.overlay_path().read_text(encoding="utf-8"))


def searches(world):
    return [r for r in world.log if r.path == "/search"]


# --- rejecting a match ------------------------------------------------------------------------


def test_a_rejected_sure_match_is_never_used_again_and_the_track_is_searched_anew(run, harbour):
    rows, _ = resolved(run, "harbour/slow-boat")
    assert (rows["harbour/slow-boat"]["status"], rows["harbour/slow-boat"]["uri"]) == (
        "sure", harbour.wrong)

    rows, result = resolved(run, "--reject", "harbour/slow-boat")
    assert result.stderr.splitlines()[0] == (
        f"harbour/slow-boat: rejected {harbour.wrong} (Slow Boat — Wen Lei); it will not "
        "be used for this track again.")
    assert (rows["harbour/slow-boat"]["status"], rows["harbour/slow-boat"]["uri"]) == (
        "sure", harbour.right)
    assert overlay()["tracks"]["harbour/slow-boat"] == {"spotify_rejected": [harbour.wrong]}

    harbour.log.clear()
    again, _ = resolved(run, "harbour/slow-boat", "--refresh")
    assert again["harbour/slow-boat"]["uri"] == harbour.right
    assert searches(harbour)  # searched afresh, and the rejected one still not picked

    rows, result = resolved(run, "--reject", "harbour/slow-boat")
    assert rows["harbour/slow-boat"]["status"] == "none"  # nothing left that is not rejected
    assert "1 tracks: 0 pinned, 0 found, 0 doubtful, 1 not found" in result.stderr
    m3u = run("build", "id:harbour/slow-boat", "--format", "m3u8").stdout
    assert "spotify:track:" not in m3u


def test_rejecting_a_pinned_uri_removes_the_pin_and_pinning_it_again_takes_it_back(
        run, harbour):
    run("pin", "harbour/slow-boat", harbour.right)
    rows, result = resolved(run, "--reject", "harbour/slow-boat")
    assert result.stderr.splitlines()[0] == (
        f"harbour/slow-boat: rejected {harbour.right}; it will not be used for this track "
        "again.")
    assert rows["harbour/slow-boat"] == {**rows["harbour/slow-boat"], "status": "sure",
                                         "uri": harbour.wrong}
    assert overlay()["tracks"]["harbour/slow-boat"] == {"spotify_rejected": [harbour.right]}

    assert run("pin", "harbour/slow-boat", harbour.right).stdout == (
        f"harbour/slow-boat: pinned {harbour.right}\n")
    assert overlay()["tracks"]["harbour/slow-boat"] == {"spotify": harbour.right}
    rows, _ = resolved(run, "harbour/slow-boat")
    assert rows["harbour/slow-boat"]["status"] == "pinned"


def test_a_wrong_uri_pinned_in_the_catalog_can_be_rejected(run, use_catalog, logged_in):
    right = logged_in.add_track("Slow Boat", "Wen Lei", album="Tidewater", duration=245)
    wrong = "spotify:track:" + "W" * 22
    use_catalog(CATALOG.replace("released: 1994,", f"released: 1994, spotify: '{wrong}',"))
    assert json.loads(run("show", "harbour/slow-boat", "--format", "json").stdout)[
        "spotify"] == wrong
    rows, _ = resolved(run, "--reject", "harbour/slow-boat")
    assert (rows["harbour/slow-boat"]["status"], rows["harbour/slow-boat"]["uri"]) == (
        "sure", right)
    shown = json.loads(run("show", "harbour/slow-boat", "--format", "json").stdout)
    assert (shown["spotify"], shown["spotify_rejected"]) == (None, [wrong])


def test_a_doubtful_match_can_be_rejected_too(run, use_catalog, logged_in):
    use_catalog(CATALOG)
    cover = logged_in.add_track("Paper Moon", "Lounge Cats", album="Lounge Cats Play Wen Lei",
                                duration=230, year=1996, seed="moon-cover")
    rows, _ = resolved(run, "harbour/paper-moon")
    assert (rows["harbour/paper-moon"]["status"], rows["harbour/paper-moon"]["uri"]) == (
        "doubtful", cover)
    rows, result = resolved(run, "--reject", "harbour/paper-moon")
    assert result.stderr.startswith(f"harbour/paper-moon: rejected {cover} (Paper Moon — "
                                    "Lounge Cats); it will not be used for this track again.")
    assert rows["harbour/paper-moon"] == {"id": "harbour/paper-moon", "status": "none",
                                          "score": "", "match": "", "uri": ""}


def test_nothing_to_reject_is_said_plainly(run, harbour):
    result = run("resolve", "--reject", "harbour/night-rain", expect=1)
    assert result.stderr == ("Error: harbour/night-rain has no match to reject; `wkwmix "
                             "resolve harbour/night-rain` searches for one.\n")
    assert not paths.overlay_path().exists()
    assert run("resolve", "--reject", "nowhere/nothing", expect=1).stderr.startswith(
        "Error: no track 'nowhere/nothing'")
    both = run("resolve", "--review", "--reject", "harbour/slow-boat", expect=2)
    assert "give one of --review, --accept and --reject" in both.stderr
    extra = run("resolve", "film:harbour", "--reject", "harbour/slow-boat", expect=2)
    assert "--accept and --reject name their TRACKs: give no QUERY" in extra.stderr


# --- keeping a track off Spotify --------------------------------------------------------------


def test_pin_none_keeps_a_track_off_spotify_until_cleared(run, harbour):
    result = run("pin", "harbour/slow-boat", "--none")
    assert result.stdout == ("harbour/slow-boat: kept off Spotify (no Spotify track is this "
                             "recording)\n")
    assert overlay()["tracks"]["harbour/slow-boat"] == {"spotify": "none"}
    harbour.log.clear()
    rows, result = resolved(run, "harbour/slow-boat")
    assert rows["harbour/slow-boat"] == {"id": "harbour/slow-boat", "status": "off",
                                         "score": "", "match": "", "uri": ""}
    assert result.stderr.endswith("1 tracks: 0 pinned, 0 found, 0 doubtful, 0 not found, "
                                  "1 kept off Spotify\n")
    assert harbour.log == []  # never searched
    assert "spotify:track:" not in run("build", "id:harbour/slow-boat", "--format", "m3u8").stdout
    rejected = run("resolve", "--reject", "harbour/slow-boat", expect=1)
    assert rejected.stderr == (
        "Error: harbour/slow-boat is kept off Spotify (`wkwmix pin harbour/slow-boat "
        "--none`); `wkwmix pin harbour/slow-boat --clear` lets it be searched again.\n")

    assert run("pin", "harbour/slow-boat", "--clear").stdout == "harbour/slow-boat: pin removed\n"
    rows, _ = resolved(run, "harbour/slow-boat")
    assert rows["harbour/slow-boat"]["status"] == "sure"


def test_a_track_kept_off_spotify_is_left_out_of_a_sync_and_named(run, harbour):
    run("pin", "harbour/slow-boat", "--none")
    result = run("sync", "film:harbour", "--name", "Harbour", "--dry-run")
    assert ("2 track(s) left out, not (surely) found on Spotify: harbour/slow-boat (off), "
            "harbour/night-rain (none). See `wkwmix resolve --review`.") in result.stderr
    assert "1. Paper Moon — Wen Lei" in result.stdout


@pytest.mark.parametrize("args", [["harbour/slow-boat", "--none", "--clear"],
                                  ["harbour/slow-boat", "spotify:track:" + "a" * 22, "--none"],
                                  ["harbour/slow-boat"]])
def test_pin_takes_exactly_one_of_a_uri_none_and_clear(run, harbour, args):
    result = run("pin", *args, expect=2)
    assert "give a URI to pin, --none, or --clear to remove the pin" in result.stderr


# --- review -----------------------------------------------------------------------------------


def test_review_shows_the_doubtful_and_the_unmatched_beside_the_catalogs_facts(run, harbour):
    cover = harbour.add_track("Night Rain", "Lounge Cats", album="Lounge Cats Play the Movies",
                              duration=190, year=2009, seed="night-rain-cover")
    run("pin", "harbour/paper-moon", "--none")
    resolved(run, "film:harbour")
    harbour.log.clear()
    result = run("resolve", "--review")
    assert harbour.log == []  # reviewing never searches
    assert result.stdout == (
        "harbour/paper-moon  off\n"
        "  catalog  Paper Moon — Wen Lei · from the film Harbour Film (1994) · length unknown\n"
        "  spotify  (kept off Spotify: `wkwmix pin TRACK --clear` to search again)\n"
        "harbour/night-rain  none 0.28\n"
        "  catalog  Night Rain — Mira Chau · from the film Harbour Film (1994) · 3:21\n"
        "  spotify  Night Rain — Lounge Cats · Lounge Cats Play the Movies (2009) · 3:10  "
        f"{cover}\n")
    assert result.stderr.splitlines()[0] == (
        "0 doubtful match(es) held for review, 1 not found, 1 kept off Spotify.")

    rows = json.loads(run("resolve", "--review", "--format", "json").stdout)
    assert rows[1] == {
        "id": "harbour/night-rain", "status": "none", "score": "0.28", "title": "Night Rain",
        "artist": "Mira Chau", "album": "", "year": "", "film": "Harbour Film",
        "film_year": 1994, "length": "3:21", "spotify_title": "Night Rain",
        "spotify_artist": "Lounge Cats", "spotify_album": "Lounge Cats Play the Movies",
        "spotify_year": 2009, "spotify_length": "3:10",
        "uri": cover, "held": ""}


def test_review_shows_the_catalogs_album_and_year_when_it_has_them(run, harbour):
    best_of = harbour.add_track("Slow Boat", "Wen Lei", album="Best of Wen Lei", duration=290,
                                year=2011, popularity=10, seed="slow-boat-best-of")
    resolved(run, "harbour/slow-boat")
    resolved(run, "--reject", "harbour/slow-boat")
    resolved(run, "--reject", "harbour/slow-boat")  # both look-alikes: the best-of is left
    result = run("resolve", "--review", "harbour/slow-boat")
    lines = result.stdout.splitlines()
    assert lines[1:] == ["  catalog  Slow Boat — Wen Lei · Tidewater (1994) · 4:05",
                         "  spotify  Slow Boat — Wen Lei · Best of Wen Lei (2011) · 4:50  "
                         f"{best_of}"]


def test_review_counts_what_was_never_searched(run, harbour):
    result = run("resolve", "--review", "film:harbour")
    assert result.stdout == ""
    assert result.stderr == ("0 doubtful match(es) held for review, 0 not found; 3 not "
                             "searched yet (`wkwmix resolve` searches them).\n")


# --- one track by id --------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["harbour/paper-moon", "harbour/pap"])
def test_resolve_takes_a_track_id_or_a_unique_prefix(run, harbour, ref):
    rows, _ = resolved(run, ref)
    assert list(rows) == ["harbour/paper-moon"]
    assert rows["harbour/paper-moon"]["uri"] == harbour.moon


def test_an_ambiguous_id_prefix_names_the_tracks(run, harbour):
    result = run("resolve", "harbour", expect=1)
    assert result.stderr == ("Error: 'harbour' matches 3 tracks: harbour/slow-boat, "
                             "harbour/paper-moon, harbour/night-rain\n")


def test_a_word_with_a_slash_selects_the_ids_it_starts_as_in_every_query(run, harbour):
    result = run("resolve", "harbour/")
    assert result.stderr.splitlines()[-1].startswith("3 tracks: ")


def test_a_bad_pin_or_rejection_in_the_overlay_is_named_with_its_line(run, use_catalog):
    use_catalog(CATALOG)
    path = paths.overlay_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("version: 1\ntracks:\n  harbour/slow-boat:\n    spotify_rejected: [nope]\n"
                    "    spotify: maybe\n", encoding="utf-8")
    result = run("show", "harbour/slow-boat", expect=1)
    assert result.stderr == (
        f"Error: 2 problems:\n  {path}:4: spotify_rejected: expected a Spotify track URI "
        "(spotify:track:<22 chars>), not 'nope'\n"
        f"  {path}:5: spotify: expected a Spotify track URI (spotify:track:<22 chars>) or "
        "'none', not 'maybe'\n")


# --- the Spotify recording's length -----------------------------------------------------------


def test_a_resolved_recordings_length_is_used_when_the_catalog_has_none(run, harbour):
    before = json.loads(run("build", "film:harbour", "--format", "json").stdout)
    assert {t["id"]: (t["duration"], t["duration_source"]) for t in before["tracks"]}[
        "harbour/paper-moon"] == (None, "estimate")
    resolved(run, "film:harbour")
    after = json.loads(run("build", "film:harbour", "--format", "json").stdout)
    lengths = {t["id"]: (t["duration"], t["duration_source"]) for t in after["tracks"]}
    assert lengths == {"harbour/slow-boat": (245, "catalog"),
                       "harbour/paper-moon": (230, "spotify"),
                       "harbour/night-rain": (201, "catalog")}
    assert (after["duration"], after["estimated_tracks"]) == (245 + 230 + 201, 0)
    assert "duration" not in run("show", "harbour/paper-moon", "--format", "json").stdout.split(
        '"duration": ')[1][:4]  # the catalog still gives no length: Spotify's is not a fact
    text = run("build", "film:harbour", "--format", "txt").stdout.splitlines()
    moon = text.index(next(line for line in text if "Paper Moon" in line))
    assert text[moon].startswith("2. 3:50  Paper Moon — Wen Lei")
    assert text[moon + 1] == f"   {harbour.moon} (length from Spotify)"
    assert "(length from Spotify)" not in text[moon - 1] + text[moon + 3]


def test_fitting_counts_the_spotify_length(run, harbour):
    resolved(run, "film:harbour")
    # 245 + 230 = 475 s: a real total, where an estimate for Paper Moon would leave none.
    fitted = json.loads(run("build", "film:harbour", "--minutes", str(476 / 60),
                            "--order", "film", "--format", "json").stdout)
    assert [t["id"] for t in fitted["tracks"]] == ["harbour/slow-boat", "harbour/paper-moon"]
    assert fitted["duration"] == 475


def test_a_doubtful_matchs_length_is_not_used_until_accepted(run, use_catalog, logged_in):
    use_catalog(CATALOG)
    logged_in.add_track("Paper Moon", "Lounge Cats", album="Lounge Cats Play Wen Lei",
                        duration=230, year=1996, seed="moon-cover")
    rows, _ = resolved(run, "harbour/paper-moon")
    assert rows["harbour/paper-moon"]["status"] == "doubtful"
    build = json.loads(run("build", "id:harbour/paper-moon", "--format", "json").stdout)
    assert build["tracks"][0]["duration_source"] == "estimate"
    run("resolve", "--accept", "harbour/paper-moon")
    build = json.loads(run("build", "id:harbour/paper-moon", "--format", "json").stdout)
    assert (build["tracks"][0]["duration"], build["tracks"][0]["duration_source"]) == (
        230, "spotify")
