"""The Spotify scorer on credits it cannot compare and on the words releases label versions
with: a composer or a band credited in Japanese or Chinese, Hong Kong spellings of names,
collections of hits in several languages, "Movie Ver." and 電影版, cue numbers, 12" cuts,
instrumental labels; through the scorer and through ``wkwmix resolve`` against the
stand-in."""
# ruff: noqa: F811

from __future__ import annotations

import json

import pytest
from fake_spotify.fixtures import fake_spotify, logged_in  # noqa: F401  (fixtures)

from wkwmix import namekeys, names
from wkwmix.model import Track
from wkwmix.spotify.found import SURE, status_of
from wkwmix.spotify.match import best, duration_similarity, names_on_page, score, title_similarity


def item(name, artists, album="Album", seconds=200, year=None, letter="a"):
    found = {"name": name, "artists": [{"name": a} for a in artists], "album": {"name": album},
             "duration_ms": seconds * 1000, "uri": "spotify:track:" + letter * 22}
    if year:
        found["album"]["release_date"] = str(year)
    return found


def track(title, artist, seconds, **fields):
    return Track(id="f/t", film="f", title=title, artist=artist, duration=seconds,
                 moods=("dream",), **fields)


CUE = track("Opening", "Takumi Sugawa", 104, kind="score")


def test_a_score_cue_credited_in_japanese_is_the_catalogs_composers():
    ost = item("Opening", ["須川拓海"], "風の通り道 オリジナル・サウンドトラック", 104, 2014, "o")
    other = item("Opening", ["Daniel Pratt"], "The Crossing", 104, 2014, "d")
    assert names_on_page(CUE, [ost, other]) == ("須川拓海",)
    picked = best(CUE, [ost, other], 2014)
    assert (picked.uri, status_of(picked)) == (ost["uri"], "sure")


def test_a_cue_number_is_no_part_of_the_cues_title():
    pursuit = track("Night Pursuit", "Masao Kurata", 92, kind="score", alt_titles=("夜の追跡",))
    found = item("M-7 夜の追跡", ["倉田正夫"], "黒い港 オリジナル・サウンドトラック", 92, 1967)
    assert score(pursuit, found, 1967, aliases=names_on_page(pursuit, [found])).score == 1


@pytest.mark.parametrize("artist, credits, named", [
    ("Black Tide", [["黑潮"]], ("黑潮",)),  # a band's name in Chinese: nothing to compare
    ("Sharon Yip", [["葉思敏"], ["叶思敏"]], ("叶思敏", "葉思敏")),  # one credit in two scripts
    # with or without 乐队
    ("Iron Sparrow", [["铁麻雀"], ["铁麻雀乐队"]], ("铁麻雀", "铁麻雀乐队")),
    ("Marco Ho and Christy Chow", [["周詩雅"]], ()),  # a duet wants both singers
    ("Marco Ho and Christy Chow", [["何振邦", "周詩雅"]], ("何振邦 and 周詩雅",)),
])
def test_which_credits_in_chinese_name_the_catalogs_performer(artist, credits, named):
    song = track("Rebel Street", artist, 241, alt_titles=("叛逆街頭",), language="Cantonese")
    found = [item("叛逆街頭", c, seconds=241, letter="abcd"[k]) for k, c in enumerate(credits)]
    assert names_on_page(song, found) == named


@pytest.mark.parametrize("artist, credits, named", [
    # a Japanese singer's English song, credited in Japanese
    ("Yukari Kijima", [["木島ゆかり"]], ("木島ゆかり",)),
    # the other way round: the catalog's name in Chinese, the credit in Latin letters
    ("黑潮樂團", [["Black Tide Band"]], ("Black Tide Band",)),
    ("周慧明", [["Grace Chow"]], ("Grace Chow",)),
    ("周慧明", [["Kelly Wong"]], ()),
])
def test_credits_in_the_other_script_whatever_the_songs_language(artist, credits, named):
    song = track("When the Lilacs Fall", artist, 201, language="English")
    found = [item("When the Lilacs Fall", c, seconds=201, letter="abcd"[k])
             for k, c in enumerate(credits)]
    assert names_on_page(song, found) == named
    assert names_on_page(song._replace(language=None), found) == (
        named if artist == "Yukari Kijima" or names.has_cjk(artist) else ())


def test_a_duet_also_credited_to_its_first_singer_alone_is_the_duets_credit():
    song = track("一生一次的約定", "Leon Fung and Cherie Yau", 262, language="Cantonese")
    duet = item("一生一次的約定", ["馮家樂", "邱詠芝"], seconds=262, letter="d")
    solo = item("一生一次的約定", ["馮家樂"], "馮家樂 愛情精選", 262, letter="s")
    assert names_on_page(song, [duet, solo]) == ("馮家樂 and 邱詠芝",)
    other = item("一生一次的約定", ["馮家樂", "陳美心"], seconds=262, letter="o")
    assert names_on_page(song, [duet, other]) == ()


def test_a_japanese_release_leaves_a_japanese_name_unread():
    # "Shun" sounds like 孫, a Chinese family name; on a Japanese album, 水沢駿 is not read.
    rain = track("Requiem for the Rain", "Shun Mizusawa", 264, kind="score")
    ost = item("Requiem for the Rain", ["水沢駿"], "雨のレクイエム Original Soundtrack", 264)
    assert names_on_page(rain, [ost]) == ("水沢駿",)
    assert names_on_page(rain, [{**ost, "album": {"name": "Requiem"}}]) == ()


@pytest.mark.parametrize("chinese, latin, answer", [
    ("顧永恒", "Joseph Koo Wing-hang", True),  # the whole name, an English one before it
    ("區家樂", "Kelvin Au", True),  # 區 as a family name is Au, not Keoi
    ("黑潮", "Black Tide", True),  # no Chinese family name: nothing to compare
    ("陳怡雯", "Kelly Wong", False),  # another family name
    ("呂安信", "Lui Wai-ling", False),  # another romanised given name
])
def test_whether_a_latin_name_may_be_a_chinese_one(chinese, latin, answer):
    assert namekeys.may_be(chinese, latin) is answer


@pytest.mark.parametrize("chinese, latin", [
    ("李家雯", "Lee Ka-man"), ("潘麗華", "Poon Lai-wah"), ("周倩玲", "Chow Sin-ling"),
    ("羅國雄", "Law Kwok-hung"), ("區家樂", "Au Ka-lok"), ("歐陽子健", "Au-yeung Tsz-kin"),
])
def test_hong_kong_spellings_are_the_names_they_spell(chinese, latin):
    assert names.same_person(chinese, latin)


@pytest.mark.parametrize("album", [
    "Ses Plus Belles Chansons", "Colección Diamante", "Boleros Inolvidables",
    "森川健次 オリジナル・ヒット大全集", "昭和ラテン歌謡 名唱集", "Ses plus grands succès",
    "Lo Mejor de Mireille", "I Successi", "ザ・ミモザ ゴールデン・ヒッツ", "上海老歌 原聲珍藏",
    "Mambo Mania: 50 Originales", "The Mireille Dufaure Story"])
def test_a_late_collection_of_an_acts_recordings_at_the_catalogs_length(album):
    song = track("La Chambre Bleue", "Mireille Dufaure", 187, language="French")
    assert score(song, item("La chambre bleue", ["Mireille Dufaure"], album, 187, 1993),
                 1985).score == 1
    assert score(song, item("La chambre bleue", ["Mireille Dufaure"], album, 190, 1993),
                 1985).score < SURE


def test_a_collection_answers_for_the_recordings_date_the_catalog_gives():
    fog = track("Yogiri no Minato", "Sachiko Mizuhara", 201, alt_titles=("夜霧の港",),
                language="Japanese", released=1970)
    assert score(fog, item("夜霧の港", ["Sachiko Mizuhara"], "水原幸子 全曲集", 200, 1976),
                 1971).score == 1


def test_a_take_seconds_off_is_held_when_another_release_has_the_catalogs_length():
    song = track("Blue Orchid", "Ho Lai-king", 163, alt_titles=("藍蘭花",), language="Mandarin")
    take = item("藍蘭花", ["Ho Lai-king"], "時代曲 精華", 171, 1961, "t")
    late = item("藍蘭花", ["Ho Lai-king"], "Evergreen Songs", 163, 1996, "l")
    assert score(song, take, 1960).score >= SURE and score(song, late, 1960).score < SURE
    picked = best(song, [take, late], 1960)
    assert (picked.uri, status_of(picked)) == (take["uri"], "doubtful")
    assert picked.note == ("another release has its length: 藍蘭花 — Ho Lai-king · "
                           f"Evergreen Songs (1996) {late['uri']}")


def test_a_composers_film_music_collection_carries_the_cue():
    ballade = track("Ballade pour Lili", "Michel Roussel", 211, kind="score")
    collection = item("Ballade pour Lili", ["Michel Roussel"], "Musiques de Films", 210, 1989)
    assert score(ballade, collection, 1985).score == 1
    assert score(ballade, {**collection, "duration_ms": 203_000}, 1985).score < SURE


@pytest.mark.parametrize("name, answer", [
    ("Blue Hour (Movie Ver.)", 1.0), ("Blue Hour (電影版)", 1.0),
    ("Blue Hour -Film Version-", 1.0), ("Blue Hour ～Reprise～", 0.5),
    ("Blue Hour (2019 重录版)", 0.5),
])
def test_the_films_own_version_is_no_other_version(name, answer):
    song = track("Blue Hour", "moondrop radio", 298, language="Japanese")
    assert score(song, item(name, ["moondrop radio"], seconds=298)).score == answer


@pytest.mark.parametrize("name", ["鄉愁 (1988新版)", "鄉愁 (Live)"])
def test_on_the_catalogs_own_album_at_its_length_the_title_names_the_catalogs_recording(name):
    song = track("鄉愁", "Chiang Yun-fei", 241, language="Mandarin", album="江雲飛 新歌與精選",
                 released=1988)
    new = item(name, ["Chiang Yun-fei"], "江雲飛 新歌與精選", 241, 1988)
    assert score(song, new, 1989).score == 1
    assert score(song, {**new, "album": {"name": "老歌", "release_date": "1988"}},
                 1989).score < SURE


def test_a_live_album_in_katakana_is_live():
    song = track("Rainy Platform", "Yuji Kamiya", 248, alt_titles=("雨のプラットホーム",),
                 language="Japanese")
    assert score(song, item("雨のプラットホーム", ["Yuji Kamiya"], "神谷祐二 ライブ '78", 248),
                 1979).score < SURE


@pytest.mark.parametrize("label", ["(Instrumental)", "(演奏版)", "(伴奏)"])
def test_among_equals_the_instrumental_is_picked_for_a_song_used_without_words(label):
    song = track("青春的窗", "Liu Mei-hua", 211, language="Mandarin", instrumental=True)
    sung = item("青春的窗", ["Liu Mei-hua"], "青春的窗", 211, 1985, "s")
    played = item(f"青春的窗 {label}", ["Liu Mei-hua"], "青春的窗", 211, 1985, "p")
    assert best(song, [sung, played], 1986).uri == played["uri"]
    assert best(song._replace(instrumental=None), [sung, played], 1986).uri == sung["uri"]


@pytest.mark.parametrize("name", ["港邊夜雨 (KTV伴唱)", "港邊夜雨 (オリジナル・カラオケ)"])
def test_karaoke_in_chinese_and_japanese_is_rejected(name):
    song = track("港邊夜雨", "Ang Guat-ngo", 192, language="Taiwanese")
    assert score(song, item(name, ["Ang Guat-ngo"], seconds=192)).score == 0


@pytest.mark.parametrize("cut", ['12" Version', "Extended Remix", "Extended Mix"])
def test_a_long_cut_of_the_catalogs_length_is_the_cut_the_film_uses(cut):
    song = track("Love Machine Tonight", "Donna Reyes", 412, language="English")
    twelve = item(f"Love Machine Tonight - {cut}", ["Donna Reyes"], seconds=412)
    assert score(song, twelve).score == 1
    assert score(song, {**twelve, "duration_ms": 390_000}).score < SURE


def test_a_remixers_remix_is_another_version_whatever_its_length():
    song = track("Last Tram", "Ada Fong", 241, language="English")
    assert score(song, item("Last Tram (Nightwalk Remix)", ["Ada Fong"], seconds=241)
                 ).score < SURE


@pytest.mark.parametrize("name, album, year", [
    ("Kita no Hatoba (オリジナル・モノラル)", "Album", 1962),
    ("Kita no Hatoba - Remasterisé en 2015", "Album", 1962),
    ("Kita no Hatoba (SACD Remaster)", "Album", 1962),
    ("Kita no Hatoba", "花月良宵 電影原聲 (數碼修復版)", 2007)])  # a restored issue, however late
def test_reissue_words_leave_the_recording_as_it_is(name, album, year):
    song = track("Kita no Hatoba", "Ichiro Kazami", 189, language="Japanese")
    assert score(song, item(name, ["Ichiro Kazami"], album, 189, year), 1962).score == 1


def test_a_japanese_piano_version_is_the_piano_version():
    theme = track("Main Theme (Piano Version)", "Mio Tsukishiro", 163, kind="score",
                  alt_titles=("メインテーマ (ピアノ)",))
    assert score(theme, item("メインテーマ (ピアノ)", ["Mio Tsukishiro"], seconds=163)).score == 1
    assert score(theme, item("メインテーマ (オーケストラ)", ["Mio Tsukishiro"], seconds=163)
                 ).score < SURE


def test_a_take_nine_seconds_off_is_not_sure_on_its_own():
    assert duration_similarity(181, 187) == 1
    assert duration_similarity(181, 190) == 0.75
    assert duration_similarity(181, 260) == 0.5


def test_a_chinese_title_may_come_romanised():
    friends = track("永遠的朋友", "Kelly Chow", 257, language="Cantonese")
    assert title_similarity(friends, "Wing Yuen Dik Pang Yau") == 1
    assert title_similarity(friends, "Wing Yuen") < SURE


def test_a_score_cue_on_its_films_own_album_however_late():
    cue = track("Brotherhood Theme (Part 2)", "Lowell Tang", 98, kind="score")
    ost = item("Brotherhood Theme (Part 2)", ["Lowell Tang"], "Blood Oath (Original Soundtrack)",
               98, 2004)
    assert score(cue, ost, 1987, film=("Blood Oath",)).score == 1
    assert score(cue, ost, 1987, film=("Another Film",)).score < SURE


# --- through the CLI ----------------------------------------------------------------------

CATALOG = """\
version: 1
films:
  - {id: wind, title: Kaze no Michi, year: 2014}
  - {id: paris, title: Paris Holiday, year: 1961}
tracks:
  - {id: wind/opening, film: wind, title: "Escape, Part 2", artist: Kenji Aramaki,
     kind: score, duration: 96, moods: [dream]}
  - {id: paris/moon, film: paris, title: Under the Paris Moon, alt_titles: [Sous la lune de Paris],
     artist: Colette Marchand, kind: song, language: French, duration: 168, moods: [dream]}
"""


def test_a_cue_credited_in_japanese_and_a_song_of_the_catalogs_length_through_the_cli(
        run, use_catalog, logged_in):
    use_catalog(CATALOG)
    ost = "灰色の河 オリジナル・サウンドトラック"
    cue = logged_in.add_track("Escape, Pt. 2", "荒巻健二", album=ost, duration=96, year=2014)
    logged_in.add_track("Escape, Pt. 1", "荒巻健二", album=ost, duration=121, year=2014)
    english = logged_in.add_track("Under the Paris Moon", "Colette Marchand",
                                  album="Colette Sings in English", duration=171, year=1960,
                                  popularity=90)
    french = logged_in.add_track("Sous la lune de Paris", "Colette Marchand",
                                 album="Sous la lune de Paris", duration=168, year=1956)
    result = run("resolve", "--format", "json")
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert (rows["wind/opening"]["status"], rows["wind/opening"]["uri"]) == ("sure", cue)
    # The English version, sure but 3 s off, does not end the search: the French one does.
    assert (rows["paris/moon"]["status"], rows["paris/moon"]["uri"]) == ("sure", french)
    assert english != french
    queries = [r.query["q"] for r in logged_in.log if r.path == "/search"]
    assert 'track:"Escape"' in queries
    assert "2 tracks: 0 pinned, 2 found, 0 doubtful, 0 not found" in result.stderr.splitlines()
