"""The web pages of `build --format html`: self-contained, every track with a way to
listen, catalog text shown as text; rendered by a real headless Chromium."""

from __future__ import annotations

import base64
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from needs_support import needs_fonts
from pictures_support import FONT_PACKAGES, TINY, Chromium, font_set

from wkwmix import App
from wkwmix.formats.html import length_text, listen_links, other_script_title, source_link
from wkwmix.model import Recipe
from wkwmix.pictures import mood_map
from wkwmix.pictures.plane import COMPACT
from wkwmix.pictures.svg import FONTS
from wkwmix.playlist import build
from wkwmix.store.catalog import from_data

ROOT = Path(__file__).resolve().parent.parent
AUDIO = Path(__file__).parent / "data" / "audio"
SHIPPED_RECIPES = sorted(p.stem for p in (ROOT / "playlists").glob("*.yaml"))
TITLES = ["Dreams", "California Dreamin'", "Baroque", "Yumeji's Theme",
          "Quizás, Quizás, Quizás"]


class Page(HTMLParser):
    """What a test needs from a page: its tracks (title and links), scripts, resources."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tracks: list[dict[str, list[str]]] = []
        self.scripts = 0
        self.resources: list[str] = []  # anything a browser would fetch to render
        self.anchors: list[str] = []
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag in ("img", "link", "iframe", "audio", "video", "source", "object", "embed") or (
                tag == "image") or ("src" in a):
            self.resources.append(tag)
        if tag == "a":
            self.anchors.append(a.get("href") or "")
        if tag == "li" and "track" in classes:
            self.tracks.append({"title": [], "listen": []})
        if tag == "span" and "title" in classes:
            self._in_title = True
        if tag == "a" and "listen-link" in classes:
            self.tracks[-1]["listen"].append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.tracks[-1]["title"].append(data)

    @property
    def titles(self) -> list[str]:
        return ["".join(t["title"]) for t in self.tracks]


@pytest.fixture
def tiny():
    return from_data(yaml.safe_load(TINY), "tiny")


@pytest.fixture
def small(use_catalog):
    return use_catalog(TINY)


@pytest.fixture
def music(tmp_path):
    """A music folder whose name needs quoting in a URL, holding Faye Wong's Dreams."""
    folder = tmp_path / "My Music #1"
    folder.mkdir()
    shutil.copy(AUDIO / "faye-wong-dreams.mp3", folder / "faye wong dreams.mp3")
    return folder


# --- the page, without a browser --------------------------------------------------------

def test_listen_links_are_the_file_the_spotify_page_or_searches(tiny, music, tmp_path):
    from wkwmix.store.library import scan

    playlist = build(tiny, Recipe(name="p"), find_local=scan(music).match)
    dest = tmp_path / "pages" / "p.html"
    links = {e.track.id: [(link.text, link.href) for link in listen_links(e, dest)]
             for e in playlist.entries}
    assert links["cx/dreams"] == [("local file", "../My%20Music%20%231/faye%20wong%20dreams.mp3")]
    assert links["ml/quizas"] == [("Spotify",
                                   "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC")]
    assert links["cx/california"] == [
        ("search Spotify", "https://open.spotify.com/search/"
                           "The%20Mamas%20%26%20the%20Papas%20California%20Dreamin%27"),
        ("search YouTube Music", "https://music.youtube.com/search?q="
                                 "The+Mamas+%26+the+Papas+California+Dreamin%27"),
        ("search Apple Music", "https://music.apple.com/search?term="
                               "The+Mamas+%26+the+Papas+California+Dreamin%27")]  # no country
    # Each link names its track for a screen reader.
    labels = {e.track.id: [link.label for link in listen_links(e, dest)]
              for e in playlist.entries}
    assert labels["cx/california"] == [
        f"search {name} for California Dreamin' by The Mamas & the Papas"
        for name in ("Spotify", "YouTube Music", "Apple Music")]
    assert labels["cx/dreams"] == ["local file: Dreams by Faye Wong"]
    assert labels["cx/baroque"][0] == "search Spotify for Baroque"
    # A piece without a performer is looked for with its film.
    assert links["cx/baroque"][0] == ("search Spotify", "https://open.spotify.com/search/"
                                                        "Baroque%20Chungking%20Express")


def test_only_web_addresses_become_source_links():
    assert source_link("https://www.example.org/a?b=1") is not None
    assert source_link("https://www.example.org/a?b=1").text == "example.org"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "Liner notes",
                "https://"):
        assert source_link(bad) is None


def test_the_length_says_how_much_is_estimated(tiny):
    playlist = build(tiny, Recipe(name="p"))
    estimate = playlist.estimated[0].seconds
    assert len(playlist.estimated) == 3
    total = 158 + 153 + 3 * estimate
    assert length_text(playlist) == (
        f"5 tracks, about {total // 60}:{total % 60:02d} ({3 * estimate // 60}:"
        f"{3 * estimate % 60:02d} of it estimated: 3 tracks have no known length)")
    known = build(tiny, Recipe(name="p", query="duration:1..999"))
    assert length_text(known) == "2 tracks, 5:11"
    unknown = build(tiny, Recipe(name="p", query="film:cx -title:california"))
    assert length_text(unknown) == (f"2 tracks, about {2 * estimate // 60}:"
                                    f"{2 * estimate % 60:02d} (all of it estimated: no track "
                                    "has a known length)")


def test_a_title_in_another_script_is_shown_beside_the_title():
    assert other_script_title("Dreams", ("夢中人", "Dreamlover")) == "夢中人"
    assert other_script_title("Dreams", ("Dreamlover",)) is None
    assert other_script_title("忘記他", ("Wang Ji Ta", "Forget Him")) == "Wang Ji Ta"


def test_a_page_holds_everything_and_fetches_nothing(run, small, tmp_path):
    dest = tmp_path / "page.html"
    result = run("build", "--arc", "dream,melancholy", "-o", str(dest))
    assert result.stderr.endswith(f"wrote {dest}\nOpen {dest} in a web browser to see and "
                                  "hear the playlist.\n")
    text = dest.read_text(encoding="utf-8")
    page = Page(text)
    assert page.scripts == 0 and page.resources == []
    assert "url(" not in text and "@import" not in text
    assert sorted(page.titles) == sorted(TITLES)
    assert all(len(t["listen"]) >= 1 for t in page.tracks)
    # The map and the arc chart inline, each for a screen and for a phone.
    assert text.count('role="img"') == 2 and text.count('role="group"') == 2
    assert "https://example.org/dreams" in page.anchors
    assert "javascript:alert(1)" not in page.anchors and "javascript:alert(1)" in text
    assert '"Noto Sans CJK TC"' in text


def test_build_all_writes_an_index_of_the_pages(run, tmp_path):
    out = tmp_path / "out"
    result = run("build", "--all", str(ROOT / "playlists"), "-o", str(out), "--format",
                 "html", "--format", "m3u8")
    assert result.stderr.endswith(f"wrote {out / 'index.html'}\nOpen {out / 'index.html'} in "
                                  "a web browser to see and hear the playlists.\n")
    index = Page((out / "index.html").read_text(encoding="utf-8"))
    pages = [f"{name}.html" for name in SHIPPED_RECIPES]
    assert sorted(h for h in index.anchors if h.endswith(".html")) == pages
    assert sorted(h for h in index.anchors if h.endswith(".m3u8")) == [
        f"{name}.m3u8" for name in SHIPPED_RECIPES]
    assert all((out / unquote(h)).is_file() for h in index.anchors)


def test_every_page_links_to_the_index_and_its_own_files(run, tmp_path):
    out = tmp_path / "out"
    run("build", "--all", str(ROOT / "playlists"), "-o", str(out), "--format", "html",
        "--format", "m3u8", "--format", "xspf")
    for name in SHIPPED_RECIPES:
        page = Page((out / f"{name}.html").read_text(encoding="utf-8"))
        assert page.anchors[:3] == ["index.html", f"{name}.m3u8", f"{name}.xspf"]
    # A page built alone has no index to link to, and says nothing of one.
    alone = tmp_path / "alone.html"
    run("build", "-r", "dream-arc", "-o", str(alone))
    assert "index.html" not in Page(alone.read_text(encoding="utf-8")).anchors


def test_a_track_shows_what_a_fan_cares_about_and_why_it_is_here(run, tmp_path):
    """Writers, what it covers, song or score, how and where it is heard, the album; in an
    arc, the moment it serves; sources folded away."""
    dest = tmp_path / "dream.html"
    run("build", "-r", "dream-arc", "-o", str(dest))
    text = dest.read_text(encoding="utf-8")
    entry = re.search(r'<li class="track" id="track-1">(.*?)</li>\n<li class="track"', text,
                      re.S).group(1)
    assert "<dt>Heard</dt>" in text and "<dt>Scene</dt>" in text
    assert "<dt>Written by</dt>" in text and "<dt>Covers</dt>" in text
    assert "<dt>Kind</dt><dd>song" in text and "<dt>Kind</dt><dd>score" in text
    assert "<dt>Recording</dt>" in text
    assert re.search(r'<p class="why">In the arc: \d+% of the way, from dream towards '
                     r'longing</p>', entry)
    assert '<details class="sources"><summary>Sources (' in entry
    assert "featured: a scene is built on it" in text


def test_html_to_standard_output(run, small):
    result = run("build", "film:cx", "--format", "html")
    assert result.stdout.startswith("<!DOCTYPE html>\n")
    assert sorted(Page(result.stdout).titles) == sorted(TITLES[:3])


# --- in a real browser ------------------------------------------------------------------

@pytest.mark.slow
def test_the_page_renders_with_every_track_and_a_way_to_listen(run, small, music, tmp_path,
                                                               chromium):
    dest = tmp_path / "pages" / "tiny.html"
    dest.parent.mkdir()
    run("build", "--arc", "dream,restlessness,melancholy", "--library", str(music),
        "-o", str(dest))
    shot = chromium.screenshot(dest)
    assert shot.stat().st_size > 20_000  # a page with pictures, not a blank one
    page = Page(chromium.dom(dest))
    assert sorted(page.titles) == sorted(TITLES)
    assert all(t["listen"] for t in page.tracks)
    (local,) = [href for t in page.tracks for href in t["listen"]
                if not href.startswith("https://")]
    assert (dest.parent / unquote(local)).resolve() == (music / "faye wong dreams.mp3")


@pytest.mark.slow
def test_a_script_in_a_title_shows_as_text(use_catalog, run, tmp_path, chromium):
    title = '<script>document.title="owned"</script> "Quoted" & \'single\''
    use_catalog(yaml.safe_dump({
        "films": [{"id": "f", "title": "<b>Film</b>", "year": 2000}],
        "tracks": [{"id": "f/x", "film": "f", "title": title, "artist": "<i>A</i>",
                    "moods": ["dream"], "note": "<img src=x onerror=alert(1)>",
                    "sources": ['https://example.org/"><script>alert(1)</script>']}],
    }, allow_unicode=True))
    dest = tmp_path / "evil.html"
    run("build", "-o", str(dest))
    dom = chromium.dom(dest)
    page = Page(dom)
    assert page.scripts == 0 and page.resources == []
    assert page.titles == [title]
    assert "<title>evil</title>" not in dom and "owned" not in re.findall(
        r"<title>(.*?)</title>", dom)[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom


@pytest.fixture
def chinese_font() -> None:
    needs_fonts(":lang=zh-tw", "a Chinese font", "fonts-noto-cjk")


@pytest.mark.slow
def test_chinese_titles_render_as_characters(use_catalog, run, tmp_path, chromium, chinese_font):
    """Two pages that differ only in three Chinese characters: drawn as glyphs, the
    screenshots differ; drawn as missing-glyph boxes, they would be the same."""
    shots = []
    for name, chinese in (("a", "夢中人"), ("b", "胡思亂")):
        use_catalog(TINY.replace("夢中人", chinese), f"{name}.yaml")
        dest = tmp_path / f"{name}.html"
        run("build", "film:cx", "-o", str(dest))
        assert f'<span class="other-title" lang="zh-Hant">{chinese}</span>' in chromium.dom(dest)
        shots.append(chromium.screenshot(dest, 900, 2400).read_bytes())
    assert shots[0] != shots[1]


@pytest.fixture(params=sorted(FONT_PACKAGES))
def one_family(request, chromium, tmp_path) -> tuple[str, Chromium]:
    """A sans-serif family, and Chromium shown that family alone."""
    family = request.param
    return family, chromium.with_env(**font_set(tmp_path / "fontconfig", family))


@pytest.mark.slow
def test_map_labels_do_not_overlap_whichever_font_draws_them(one_family, tmp_path):
    """The label layout bounds text sizes for any font the page may get; Chromium, shown
    one family alone, measures the real boxes. A probe proves that family drew the map."""
    family, browser = one_family
    app = App(use_overlay=False)
    playlist = app.build("dream-arc")
    for name, svg in (("all", app.mood_map(list(app.catalog))),
                      ("dream-arc", app.mood_map(playlist.tracks, playlist)),
                      ("dream-arc-phone", mood_map(app.catalog, playlist.tracks, playlist,
                                                   sizes=COMPACT, links=True))):
        harness = tmp_path / f"{name}.html"
        body = svg.split("?>", 1)[1]
        probes = (f'<svg font-family="{FONTS}"><text id=ours>{PROBE}</text></svg>'
                  f"<svg font-family=\"'{family}'\"><text id=theirs>{PROBE}</text></svg>")
        harness.write_text(f"<!DOCTYPE html><meta charset=utf-8><body>{body}{probes}"
                           f"<pre id=out></pre><script>{MEASURE}</script>", encoding="utf-8")
        dom = browser.dom(harness)
        measured = json.loads(re.search(r'<pre id="out">(.*?)</pre>', dom, re.S).group(1))
        assert measured["ours"] == measured["theirs"] > 0  # the page's fonts: this family
        boxes = measured["boxes"]
        assert len(boxes) >= 20
        clashes = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
        assert clashes == []


PROBE = "melancholy restlessness 1234567890"
MEASURE = """
const boxes = [...document.querySelectorAll('text.mood, text.stop')].map(t => {
  const b = t.getBBox(); return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height];
});
const width = id => document.getElementById(id).getComputedTextLength();
document.getElementById('out').textContent = JSON.stringify(
  {boxes, ours: width('ours'), theirs: width('theirs')});
"""


# --- on a phone, in the dark, in print, for everyone: headless Chromium, DevTools protocol

AXE = Path(__file__).parent / "data" / "axe.min.js"  # axe-core, MPL-2.0, its header kept


@pytest.fixture(scope="module")
def shipped_pages(tmp_path_factory) -> Path:
    """Every shipped recipe built by the real CLI as a page (with its M3U8 and XSPF) and
    the index of them."""
    from click.testing import CliRunner

    from wkwmix.cli import cli

    out = tmp_path_factory.mktemp("pages") / "out"
    result = CliRunner().invoke(cli, ["--no-overlay", "build", "--all", str(ROOT / "playlists"),
                                      "-o", str(out), "--format", "html", "--format", "m3u8",
                                      "--format", "xspf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def tab(chromium):
    opened = chromium.tab()
    yield opened
    opened.close()


def every_page(folder: Path) -> list[Path]:
    return [folder / "index.html", *(folder / f"{name}.html" for name in SHIPPED_RECIPES)]


OVERFLOW = """(() => {
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5);
  }).map(e => e.tagName + '.' + e.className);
  return {scroll: document.documentElement.scrollWidth, width: innerWidth, wide};
})()"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways_on_a_phone(shipped_pages, tab, width):
    for page in every_page(shipped_pages):
        found = tab.view(width).open(page).evaluate(OVERFLOW)
        assert found == {"scroll": width, "width": width, "wide": []}, page.name


LABEL_SIZES = """(() => [...document.querySelectorAll('figure svg[aria-label] text')].filter(
  t => t.getBoundingClientRect().width > 0).map(t => { const m = t.getScreenCTM();
  return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
}))()"""


@pytest.mark.slow
def test_every_figure_label_is_9_px_or_more_on_a_phone(shipped_pages, tab):
    """At 390 px the pages show the phone figures, whose every word is drawn large enough."""
    for page in every_page(shipped_pages)[1:]:
        sizes = tab.view(390).open(page).evaluate(LABEL_SIZES)
        assert len(sizes) >= 30, page.name  # the map's moods, numbers and axes at least
        assert [(text, round(px, 2)) for text, px in sizes if px < 9] == [], page.name
        # The same page on a desktop shows the wide figures instead.
        wide = tab.view(1280).open(page).evaluate(LABEL_SIZES)
        assert "\u2212" + "0.5" in [text for text, _ in wide]  # the wide map's ticks


AXE_RUN = """axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))]))"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_problem(shipped_pages, tab, width, scheme):
    source = AXE.read_text(encoding="utf-8")
    assert source.startswith("/*! axe v4")
    for page in every_page(shipped_pages):
        tab.view(width, scheme=scheme).open(page)
        tab.evaluate(source)
        assert tab.evaluate(AXE_RUN) == [], page.name


PIXEL = """new Promise((done, fail) => { const image = new Image(); image.onload = () => {
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext('2d'); context.drawImage(image, 0, 0);
  done([...context.getImageData(AT_X, AT_Y, 1, 1).data].slice(0, 3)); };
  image.onerror = () => fail(new Error('not a PNG'));
  image.src = 'data:image/png;base64,' + SHOT; })"""


def pixel(tab, shot: Path, x: int, y: int) -> list[int]:
    """The colour of one pixel of a screenshot, read by the browser's own PNG decoder."""
    data = base64.b64encode(shot.read_bytes()).decode()
    return tab.evaluate(PIXEL.replace("AT_X", str(x)).replace("AT_Y", str(y))
                        .replace("SHOT", json.dumps(data)))


def dark(colour: list[int]) -> bool:
    return max(colour) < 60


@pytest.mark.slow
def test_dark_and_print_styles_apply(shipped_pages, tab, tmp_path):
    """Screenshots of one page: light, dark (system preference) and as printed. The page
    and its map take the dark colours; print is light, listening links left out."""
    page = shipped_pages / "dream-arc.html"
    where = "JSON.stringify(document.querySelector('figure.map .wide-only svg')" \
            ".getBoundingClientRect())"
    shots = {}
    for scheme, media in (("light", "screen"), ("dark", "screen"), ("dark", "print")):
        tab.view(1280, 1000, scheme=scheme, media=media).open(page)
        tab.evaluate("document.querySelector('#map').scrollIntoView()")
        box = json.loads(tab.evaluate(where))
        shots[scheme, media] = shot = tab.screenshot(tmp_path / f"{scheme}-{media}.png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        listen = tab.evaluate("getComputedStyle(document.querySelector('.listen')).display")
        inside = (int(box["x"]) + 80, int(box["y"]) + 150)  # the map's paper, inside the frame
        shots[scheme, media, "map"] = pixel(tab, shot, *inside)
        shots[scheme, media, "page"] = pixel(tab, shot, 4, 700)
        shots[scheme, media, "listen"] = listen
    assert not dark(shots["light", "screen", "page"]) and not dark(
        shots["light", "screen", "map"])
    assert dark(shots["dark", "screen", "page"]) and dark(shots["dark", "screen", "map"])
    assert not dark(shots["dark", "print", "page"]) and not dark(shots["dark", "print", "map"])
    assert shots["dark", "screen", "listen"] == "flex"
    assert shots["dark", "print", "listen"] == "none"
