"""Names and titles in Chinese: one rule for queries, library matching and the scorer.

Simplified and Traditional fold together, Chinese answers to its Pinyin and Jyutping, and
people answer to every name the catalog's ``people`` gives them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wkwmix import names
from wkwmix.store import catalog


def ids(result) -> list[str]:
    return [line.split()[0] for line in result.output.splitlines()[1:] if line.strip()]


@pytest.mark.parametrize("query", ["梦中人", "夢中人", "mengzhongren", "meng zhong ren",
                                   "mung6zung1jan4", "mung zung jan", "ＭＥＮＧＺＨＯＮＧＲＥＮ"])
def test_dreams_by_any_script_or_romanisation(run, query):
    assert "chungking-express/dreams" in ids(run("ls", query))


@pytest.mark.parametrize("query", ["film:重庆", "film:重慶", "film:花样", "film:chongqing",
                                   "film:cung4hing3"])
def test_films_by_original_title_in_any_script(run, query):
    found = set(ids(run("ls", query)))
    assert found and {i.split("/")[0] for i in found} <= {"chungking-express",
                                                           "in-the-mood-for-love"}


def test_a_film_title_as_bare_words_lists_its_music(run):
    assert {i.split("/")[0] for i in ids(run("ls", "花樣年華"))} == {"in-the-mood-for-love"}
    assert {i.split("/")[0] for i in ids(run("ls", "花样年华"))} == {"in-the-mood-for-love"}
    assert "2046/polonaise" in ids(run("ls", "2046"))
    assert {i.split("/")[0] for i in ids(run("ls", "huayangnianhua"))} == {
        "in-the-mood-for-love"}
    # A word of a film's title is not its title: `ls mood` is not the film's music.
    assert run("ls", "mood", expect=1).stderr == "Error: mood: no track matches the query\n"


def test_people_by_any_of_their_names(run):
    faye = {"chungking-express/dreams", "chungking-express/zhi-ji-zhi-bi",
            "chungking-express/random-thoughts", "blossoms-shanghai/unrepentant"}
    assert set(ids(run("ls", "王菲"))) == faye
    assert set(ids(run("ls", "artist:王靖雯"))) == faye
    assert ids(run("ls", "李香蘭")) == ["the-grandmaster/he-ri-jun-zai-lai"]
    assert ids(run("ls", "artist:Yamaguchi")) == ["the-grandmaster/he-ri-jun-zai-lai"]
    assert "blossoms-shanghai/annie" in ids(run("ls", "artist:dave wang"))
    assert "blossoms-shanghai/annie" in ids(run("ls", "王杰"))


def test_a_query_nothing_answers_still_says_so(run):
    result = run("ls", "梦中鸟", expect=1)
    assert result.stderr == "Error: 梦中鸟: no track matches the query\n"


def test_one_rule_for_names():
    assert names.fold("夢中人") == names.fold("梦中人")
    assert names.compact("Faye  Wong") == names.compact("fayewong") == "fayewong"
    assert names.fold("ＡＢＣ") == "abc"
    assert names.same_person("王菲", "Faye Wong")
    assert names.same_person("Li Xianglan", "李香蘭")
    assert names.same_person("Dave Wang", "王傑")
    assert not names.same_person("王菲", "Teresa Teng")
    assert names.in_script("夢中人", "zh-Hans") == "梦中人"
    assert names.in_script("梦中人", "zh-Hant") == "夢中人"
    assert names.in_script("Dreams", "zh-Hans") == "Dreams"


def test_a_name_in_chinese_is_the_same_person_as_its_pinyin_or_jyutping():
    assert names.same_person("溫佳音", "Wen Jiayin")  # Pinyin, as the name's owner spells it
    assert names.same_person("Lin Meiyi", "林美儀")
    assert names.same_person("陳奕迅", "Can Jik Seon")  # Jyutping, without its tones
    assert not names.same_person("林美玲", "Lin Meiyi")  # one character differs
    assert not names.same_person("溫佳音", "溫佳")


@pytest.mark.parametrize("chinese, latin", [
    ("蔡明萱", "Tsai Ming-hsuan"),  # Wade-Giles, as Taiwan writes names
    ("黃柏宇", "Huang Po-yu"),  # 柏 read bó, not bǎi
    ("呂曉萍", "Lu Hsiao-ping"),
    ("方艷玲", "Fong Yim-ling"),  # Hong Kong's romanisation of the Cantonese
    ("謝鳳儀", "Tse Fung-yee"),
    ("司徒穎詩", "Szeto Wing-sze"),
    ("張國榮", "Cheung Kwok Wing"),
    ("陳奕迅", "Chan Yik Shun"),
    ("袁穎琪", "Yuen Wing Kei"),
])
def test_a_name_in_chinese_is_the_same_person_in_any_romanisation(chinese, latin):
    assert names.same_person(chinese, latin)
    assert names.same_person(latin, chinese)


@pytest.mark.parametrize("chinese, latin", [
    ("張國榮", "Cheung Hok Yau"),  # 張學友
    ("呂安信", "Anson Lui"),  # an English given name is no romanisation
    ("蔡明萱", "Tsai Ming"),
])
def test_another_name_is_not_taken_for_a_romanisation(chinese, latin):
    assert not names.same_person(chinese, latin)


def test_romanisations_of_a_text_not_shipped_are_cached(monkeypatch):
    text = "一代宗師 外傳"
    calls = []
    real = names.romanise
    monkeypatch.setattr(names, "romanise", lambda t: calls.append(t) or real(t))
    monkeypatch.setattr(names, "_computed", {})
    names.prepare([text])
    assert calls == [text]
    assert "yidaizongshiwaizhuan" in names.romanised(text)
    monkeypatch.setattr(names, "_computed", {})
    names.prepare([text])  # from the parse cache this time
    assert calls == [text]
    assert "jatdoizungsingoicyun" in names.romanised(text)


def test_the_shipped_romanisations_are_up_to_date():
    from wkwmix.store import files

    raw = files.read(catalog.shipped_catalog_path())
    wanted = sorted({t for t in names.catalog_texts(raw) if names.has_han(t)})
    assert sorted(names._shipped_table()) == wanted, "run: python -m wkwmix.names"


def test_people_are_checked_with_their_lines(run, use_catalog, tmp_path: Path):
    use_catalog(
        "version: 1\n"
        "films:\n"
        "  - {id: f, title: F, year: 1994}\n"
        "tracks:\n"
        "  - {id: f/a, film: f, title: A, artist: Faye Wong}\n"
        "people:\n"
        "  - names: [Faye Wong, 王菲]\n"
        "    sources: [https://example.org/faye-wong]\n"
        "  - names: [Teresa Teng]\n"
        "    born: 1953\n"
        "  - names: [Wang Jie,\n"
        "            王菲]\n"
        "    sources: [https://example.org/wang-jie]\n")
    result = run("ls", expect=1)
    path = tmp_path / "catalog.yaml"
    assert result.stderr == (
        "Error: 3 problems:\n"
        f"  {path}:10: unknown field 'born'\n"
        f"  {path}:9: entry 2: missing required field 'sources'\n"
        f"  {path}:12: '王菲' is already a name of 'Faye Wong'\n")


def test_a_track_is_searched_by_its_title_in_its_own_language():
    tracks = catalog.load().tracks
    def own(track_id):
        t = tracks[track_id]
        return names.own_title(t.title, t.alt_titles, t.language)
    assert own("chungking-express/dreams") == "夢中人"
    assert own("the-grandmaster/he-ri-jun-zai-lai") == "何日君再來"
    assert own("chungking-express/california-dreamin") == "California Dreamin'"
    # An instrumental known in Chinese by a translated title keeps its own.
    assert own("days-of-being-wild/always-in-my-heart") == "Always in My Heart"


def test_a_users_catalog_answers_in_pinyin_and_keeps_the_work(run, use_catalog, monkeypatch):
    use_catalog(
        "version: 1\n"
        "films:\n"
        "  - {id: gm, title: The Grandmaster, original_title: 一代宗師, year: 2013}\n"
        "tracks:\n"
        "  - {id: gm/a, film: gm, title: Gong Er, alt_titles: [宮二的獨白]}\n")
    monkeypatch.setattr(names, "_computed", {})
    assert ids(run("ls", "gongerdedubai")) == ["gm/a"]
    assert ids(run("ls", "film:jat1doi6")) == ["gm/a"]

    def refuse(text):
        raise AssertionError(f"romanised {text!r} again")

    monkeypatch.setattr(names, "_computed", {})
    monkeypatch.setattr(names, "romanise", refuse)  # the parse cache answers now
    assert ids(run("ls", "gung1ji6")) == ["gm/a"]
