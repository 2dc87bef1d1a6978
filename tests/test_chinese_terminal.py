"""Reading in Chinese on the terminal: `show`, the `ls` and `films` headings and the build
summary follow --lang, else WKWMIX_LANG, else the locale, through gettext catalogs."""

from __future__ import annotations

import pytest

from wkwmix import i18n


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    i18n.use(None)


def first_line(result) -> list[str]:
    return result.stdout.splitlines()[0].split()


def test_ls_headings_in_either_script(run):
    assert first_line(run("ls", "--lang", "zh-Hant", "梦中人")) == [
        "編號", "曲名", "演出者", "電影", "年份", "長度", "情緒"]
    assert first_line(run("ls", "--lang", "zh-Hans", "梦中人")) == [
        "编号", "曲名", "演出者", "电影", "年份", "长度", "情绪"]
    assert first_line(run("ls", "--lang", "en", "梦中人")) == [
        "ID", "TITLE", "ARTIST", "FILM", "YEAR", "TIME", "MOODS"]


def test_films_headings_name_a_films_title_as_a_film_title(run, monkeypatch):
    monkeypatch.setenv("WKWMIX_LANG", "zh-Hant")
    assert first_line(run("films")) == ["編號", "年份", "片名", "原名", "配樂", "曲目數"]


@pytest.mark.parametrize(("locale", "heading"), [
    ("zh_TW.UTF-8", "編號"), ("zh_HK.UTF-8", "編號"), ("zh_CN.UTF-8", "编号"),
    ("en_GB.UTF-8", "ID"), ("C.UTF-8", "ID")])
def test_the_locale_chooses_when_nothing_else_does(run, monkeypatch, locale, heading):
    monkeypatch.delenv("WKWMIX_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", locale)
    assert first_line(run("ls", "2046/polonaise"))[0] == heading


def test_show_labels_in_chinese_line_up_by_their_width(run):
    lines = run("show", "chungking-express/dreams", "--lang", "zh-Hant").stdout.splitlines()
    assert lines[1] == "曲名:              Dreams"
    assert "類別:              歌曲" in lines
    assert "純音樂:            否" in lines
    assert "原創:              否 (原有作品)" in lines
    assert "出現方式:          主題：貫穿全片，或是電影的標誌" in lines
    assert "資料來源：" in lines


def test_json_keys_never_change_with_the_language(run):
    result = run("ls", "--lang", "zh-Hans", "梦中人", "--format", "json")
    assert '"title": "Dreams"' in result.stdout


def test_the_build_summary_follows_the_language(run, tmp_path, monkeypatch):
    monkeypatch.setenv("WKWMIX_LANG", "zh-Hans")
    result = run("build", "chungking-express/dreams", "-f", "txt", "-o", str(tmp_path / "x.txt"))
    assert result.stderr.splitlines()[0] == "chungking-express/dreams: 1 首，4:25，1 首未找到"


def test_a_language_wkwmix_does_not_speak_is_refused(run, monkeypatch):
    result = run("ls", "--lang", "fr", expect=2)
    assert "Invalid value for '--lang': 'fr' is not one of 'en', 'zh-hant', 'zh-hans'." \
        in result.stderr
    monkeypatch.setenv("WKWMIX_LANG", "fr")
    result = run("ls", "梦中人", expect=2)
    assert result.stderr == "Error: WKWMIX_LANG='fr': wkwmix speaks en, zh-Hant, zh-Hans\n"


def test_the_shipped_catalogs_are_compiled_from_their_po(tmp_path):
    import gettext

    for language in ("zh-Hant", "zh-Hans"):
        pairs = i18n.read_po(i18n.catalog_path(language, ".po"))
        assert i18n.catalog_path(language, ".mo").read_bytes() == i18n.mo_bytes(pairs), \
            "run: python -m wkwmix.i18n"
    (tmp_path / "x.mo").write_bytes(i18n.mo_bytes({"TITLE": "曲名", "film\x04TITLE": "片名"}))
    with open(tmp_path / "x.mo", "rb") as f:
        read = gettext.GNUTranslations(f)
    assert (read.gettext("TITLE"), read.pgettext("film", "TITLE")) == ("曲名", "片名")


def test_the_simplified_catalog_is_the_traditional_one_converted():
    traditional = i18n.read_po(i18n.catalog_path("zh-Hant", ".po"))
    simplified = i18n.read_po(i18n.catalog_path("zh-Hans", ".po"))
    assert traditional.keys() == simplified.keys()
    assert simplified["Sources:"] == "资料来源："
