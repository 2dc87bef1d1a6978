"""The query language, against a small catalog built in the test."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wkwmix import query
from wkwmix.query import QueryError
from wkwmix.store import catalog as catalog_mod

CATALOG = {
    "films": [
        {"id": "chungking-express", "title": "Chungking Express", "original_title": "重慶森林",
         "year": 1994},
        {"id": "fallen-angels", "title": "Fallen Angels", "year": 1995},
        {"id": "in-the-mood-for-love", "title": "In the Mood for Love", "year": 2000},
    ],
    "tracks": [
        {"id": "chungking-express/dreams", "film": "chungking-express", "title": "Dreams",
         "alt_titles": ["夢中人", "Dreamlover"], "artist": "Faye Wong", "kind": "song",
         "language": "Cantonese", "duration": 265, "moods": ["dream", "longing"],
         "cover_of": {"title": "Dreams", "artist": "The Cranberries"}},
        {"id": "chungking-express/whats-a-difference", "film": "chungking-express",
         "title": "What a Diff'rence a Day Makes", "artist": "Dinah Washington",
         "kind": "song", "duration": 151, "moods": ["romance"]},
        {"id": "fallen-angels/the-killers-death", "film": "fallen-angels",
         "title": "The Killer’s Death", "kind": "score", "moods": ["menace", "dream"]},
        {"id": "in-the-mood-for-love/quizas", "film": "in-the-mood-for-love",
         "title": "Quizás, Quizás, Quizás", "artist": "Nat King Cole", "kind": "song",
         "language": "Spanish", "moods": ["isolation", "longing"], "duration": 166},
    ],
}


@pytest.fixture(scope="module")
def cat():
    return catalog_mod.from_data(CATALOG, "test-catalog")


def ids(q, cat):
    return [t.id.split("/")[1] for t in query.parse(q, cat).select(cat)]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("mood:dream", ["dreams", "the-killers-death"]),
        ("mood:loneliness", ["quizas"]),  # a synonym of isolation
        ("mood:DREAM,isolation", ["dreams", "the-killers-death", "quizas"]),
        ("-mood:dream", ["whats-a-difference", "quizas"]),
        ('film:"Chungking Express"', ["dreams", "whats-a-difference"]),
        ("film:重慶", ["dreams", "whats-a-difference"]),
        ("film:fallen-angels", ["the-killers-death"]),
        ("year:1995..2000", ["the-killers-death", "quizas"]),
        ("year:..1994", ["dreams", "whats-a-difference"]),
        ("year:2000", ["quizas"]),
        ("-kind:score", ["dreams", "whats-a-difference", "quizas"]),
        ("artist:faye", ["dreams"]),
        ("quizas", ["quizas"]),  # accents ignored
        ("QUIZÁS", ["quizas"]),
        ("夢中人", ["dreams"]),
        ("dreamlover", ["dreams"]),
        ("killer's", ["the-killers-death"]),  # apostrophe is a letter; curly one matches too
        ("diff'rence", ["whats-a-difference"]),
        ("'killer's death'", ["the-killers-death"]),
        ("duration:2:30..3:00", ["whats-a-difference", "quizas"]),
        ("duration:..160", ["whats-a-difference"]),
        ("cover:yes", ["dreams"]),
        ("cover:cranberries", ["dreams"]),
        ("language:spanish", ["quizas"]),
        ("mood:longing -artist:faye", ["quizas"]),
        ("", ["dreams", "whats-a-difference", "the-killers-death", "quizas"]),
    ],
)
def test_queries_select_the_right_tracks(cat, q, expected):
    assert ids(q, cat) == expected


def test_command_line_words_keep_shell_grouping(cat):
    # The shell turns film:"Chungking Express" into one word with a space in it.
    assert ids(["film:Chungking Express", "mood:dream"], cat) == ["dreams"]
    assert ids(["mood:dream film:chungking"], cat) == ["dreams"]
    assert ids(["mood:longing faye"], cat) == ["dreams"]  # a mood has no spaces: two terms
    assert ids(["artist:nat king cole"], cat) == ["quizas"]


def test_query_text_is_split_at_unquoted_spaces(cat):
    assert ids("mood:longing cole", cat) == ["quizas"]
    assert ids('film:"chungking express" mood:romance', cat) == ["whats-a-difference"]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ('film:"Chungking', "unclosed quote"),
        ("moood:dream", "unknown field 'moood'"),
        ("moood:dream", "did you mean: mood?"),
        ("mood:dreem", "unknown mood 'dreem'"),
        ("mood:dreem", "did you mean: dream?"),
        ("film:chunkging", "no film matches 'chunkging'"),
        ("year:1997..1994", "reversed range '1997..1994'"),
        ("mood:", "empty value in 'mood:'"),
        ("mood:dream,", "empty value"),
        ("year:nineties", "'nineties' in 'year:nineties' is not a whole number"),
        ("kind:opera", "unknown kind 'opera'"),
        ("-", "a lone '-' negates nothing"),
    ],
)
def test_bad_queries_say_what_is_wrong(cat, q, message):
    with pytest.raises(QueryError) as err:
        query.parse(q, cat)
    assert message in str(err.value)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_query_error(text):
    cat = catalog_mod.from_data(CATALOG, "test-catalog")
    try:
        parsed = query.parse(text, cat)
    except QueryError:
        return
    parsed.select(cat)  # a parsed query can always be run


@given(st.lists(st.sampled_from(
    ["mood:dream", "-kind:score", "faye", "year:1994..1995", "killer's", "film:fallen",
     "mood:longing,romance", "-artist:cole", '"what a"', "cover:no"]), max_size=5))
def test_terms_combine_as_and(words):
    cat = catalog_mod.from_data(CATALOG, "test-catalog")
    together = set(ids(words, cat))
    each = [set(ids([w], cat)) for w in words]
    expected = set.intersection(*each) if each else set(ids("", cat))
    assert together == expected


def test_sort_by_title_ignores_case_and_keeps_ties_stable(cat):
    tracks = query.sort_tracks(list(cat), "title", cat)
    assert [t.title for t in tracks] == [
        "Dreams", "Quizás, Quizás, Quizás", "The Killer’s Death", "What a Diff'rence a Day Makes"]


def test_a_ligature_matches_its_letters_spelled_out(run, use_catalog):
    use_catalog("films:\n  - {id: f, title: Film, year: 1966}\ntracks:\n"
                 "  - {id: f/coeur, film: f, title: Mon Cœur Fragile, artist: Lucien Darmont, "
                 "moods: [longing]}\n")
    assert run("ls", "coeur", "--format", "ids").output == "f/coeur\n"
    assert run("ls", "title:Cœur", "--format", "ids").output == "f/coeur\n"
