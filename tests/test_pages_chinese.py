"""Pages in Chinese: `build --lang zh-Hant|zh-Hans|en` (else WKWMIX_LANG, else the locale)
writes pages in that language, their Chinese in that script, every run in another
language marked with its own lang, and listening links that search by the title in the
track's own language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_pages import AXE, AXE_RUN, ROOT, SHIPPED_RECIPES

from wkwmix import i18n

DREAMS_SEARCH = "https://open.spotify.com/search/Faye%20Wong%20%E5%A4%A2%E4%B8%AD%E4%BA%BA"


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    i18n.use(None)


def page(run, tmp_path: Path, *args: str) -> str:
    dest = tmp_path / "page.html"
    result = run("build", "film:chungking", "-o", str(dest), *args)
    assert result.stderr.endswith(f"\nwrote {dest}\nOpen {dest} in a web browser to see and "
                                  "hear the playlist.\n")
    return dest.read_text(encoding="utf-8")


def track(text: str, number: int) -> str:
    """The markup of the page's track ``number``."""
    return text.split(f'id="track-{number}"')[1].split("</li>\n<li class=\"track\"")[0]


def test_a_traditional_page(run, tmp_path):
    text = page(run, tmp_path, "--lang", "zh-Hant")
    assert text.startswith('<!DOCTYPE html>\n<html lang="zh-Hant">\n')
    assert "梦中人" not in text
    dreams = track(text, 1)
    assert '<h3><span class="title">夢中人</span> <span class="other-title" lang="en">Dreams' \
           '</span></h3>' in dreams
    assert '<span class="artist" lang="en">Faye Wong</span>' in dreams
    assert '<span class="film"><span>重慶森林</span> (1994)</span>' in dreams
    assert '<h2 id="tracks-heading">曲目</h2>' in text
    assert '<h2 id="map-heading">情緒地圖</h2>' in text
    assert '<p class="kicker">王家衛電影中的音樂</p>' in text
    assert "<li>夢幻</li>" in dreams
    assert "<dt>語言</dt><dd>粵語</dd>" in dreams
    assert '<dt>詞曲</dt><dd lang="zh-Hant">' not in dreams  # Chinese on a Chinese page
    assert '<span class="listen-word">收聽：</span>' in dreams
    assert f'href="{DREAMS_SEARCH}" aria-label="在 Spotify 搜尋夢中人（Faye Wong）">' \
           "在 Spotify 搜尋</a>" in dreams
    # English catalog text is marked as English.
    assert re.search(r'<p class="note" lang="en">[A-Z]', text)
    assert '<div class="wide-only" lang="en"><svg' in text
    assert '<title lang="en">film:chungking</title>' in text


def test_a_simplified_page(run, tmp_path):
    text = page(run, tmp_path, "--lang", "zh-Hans")
    assert text.startswith('<!DOCTYPE html>\n<html lang="zh-Hans">\n')
    assert "夢中人" not in text
    assert '<span class="title">梦中人</span>' in text
    assert '<span class="film"><span>重庆森林</span> (1994)</span>' in text
    assert '<h2 id="map-heading">情绪地图</h2>' in text
    assert f'href="{DREAMS_SEARCH}"' in text  # searched as the catalog writes it


def test_an_english_page_marks_its_chinese(run, tmp_path, monkeypatch):
    monkeypatch.setenv("WKWMIX_LANG", "zh-Hans")  # --lang wins
    text = page(run, tmp_path, "--lang", "en")
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    dreams = track(text, 1)
    assert '<h3><span class="title">Dreams</span> <span class="other-title" ' \
           'lang="zh-Hant">夢中人</span></h3>' in dreams
    assert '<span class="film"><span>Chungking Express</span> <span lang="zh-Hant">' \
           '重慶森林</span> (1994)</span>' in dreams
    assert '<h2 id="tracks-heading">Tracks</h2>' in text
    assert f'href="{DREAMS_SEARCH}" aria-label="search Spotify for Dreams by Faye Wong">' \
           "search Spotify</a>" in dreams
    assert text.count('lang="en"') == 1  # the page's own


def test_the_language_comes_from_wkwmix_lang_else_the_locale(run, tmp_path, monkeypatch):
    monkeypatch.setenv("WKWMIX_LANG", "zh-Hans")
    assert page(run, tmp_path).startswith('<!DOCTYPE html>\n<html lang="zh-Hans">\n')
    monkeypatch.delenv("WKWMIX_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert page(run, tmp_path).startswith('<!DOCTYPE html>\n<html lang="zh-Hant">\n')


def test_an_unknown_language_is_refused(run, tmp_path):
    dest = tmp_path / "page.html"
    result = run("build", "film:chungking", "-o", str(dest), "--lang", "fr", expect=2)
    assert result.stderr.endswith("\nError: Invalid value for '--lang': 'fr' is not one of "
                                  "'en', 'zh-hant', 'zh-hans'.\n")
    assert not dest.exists()


def test_the_index_speaks_the_language_too(run, tmp_path):
    out = tmp_path / "out"
    run("build", "--all", str(ROOT / "playlists"), "-o", str(out), "--format", "html",
        "--lang", "zh-Hant")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.startswith('<!DOCTYPE html>\n<html lang="zh-Hant">\n')
    assert "<h2>歌單</h2>" in index
    assert "<title>wkwmix 歌單</title>" in index
    assert f'<p class="length">{len(SHIPPED_RECIPES)} 個歌單：打開一個看它的情緒並收聽。</p>' \
        in index
    assert re.search(r'<a class="page" href="[^"]+" lang="en">', index)


@pytest.fixture
def tab(chromium):
    opened = chromium.tab()
    yield opened
    opened.close()


@pytest.mark.slow
@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_axe_finds_no_serious_problem_in_chinese(run, tmp_path, tab, language):
    out = tmp_path / "out"
    run("build", "--all", str(ROOT / "playlists"), "-o", str(out), "--format", "html",
        "--lang", language)
    for name in ["index", *SHIPPED_RECIPES]:
        tab.view(1280).open(out / f"{name}.html")
        tab.evaluate(AXE.read_text(encoding="utf-8"))
        assert tab.evaluate(AXE_RUN) == [], name
