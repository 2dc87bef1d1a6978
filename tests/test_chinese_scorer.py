"""The Spotify scorer knows the catalog's people by every name: a result credited 王菲 is
Faye Wong's, one credited 李香蘭 Li Xianglan's."""

from __future__ import annotations

from wkwmix.spotify.found import SURE, status_of
from wkwmix.spotify.match import artist_similarity, score
from wkwmix.store.catalog import load


def item(name, artists, album="Album", seconds=265):
    return {"name": name, "artists": [{"name": a} for a in artists], "album": {"name": album},
            "duration_ms": seconds * 1000, "uri": "spotify:track:" + "a" * 22}


def test_a_result_credited_in_chinese_is_the_catalogs_performer():
    catalog = load()  # its people: 王菲 is Faye Wong, 李香蘭 Li Xianglan, 王傑 Wang Jie
    dreams = catalog.tracks["chungking-express/dreams"]
    assert status_of(score(dreams, item("夢中人", ["王菲"]))) == "sure"
    assert status_of(score(dreams, item("梦中人", ["王靖雯"]))) == "sure"
    assert score(dreams, item("夢中人", ["王菲"])).score >= SURE
    assert artist_similarity("Li Xianglan", ("李香蘭",)) == 1.0
    assert artist_similarity("Li Xianglan", ("Yoshiko Yamaguchi",)) == 1.0
    assert artist_similarity("Wang Jie & Ye Huan", ("Dave Wang", "葉歡")) == 1.0
    assert artist_similarity("Siu Ming Sing", ("小明星",)) == 1.0


def test_another_singer_credited_in_chinese_is_still_another_singer():
    catalog = load()
    dreams = catalog.tracks["chungking-express/dreams"]
    assert status_of(score(dreams, item("夢中人", ["鄧麗君"]))) != "sure"
    assert artist_similarity("Faye Wong", ("鄧麗君",)) < 0.5
