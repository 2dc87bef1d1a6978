"""The event-built YAML reader gives what ``yaml.safe_load`` gives, and refuses what it must."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from wkwmix.errors import DataError
from wkwmix.store.yamlread import load

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [ROOT / "wkwmix" / "data" / "catalog.yaml", ROOT / "wkwmix" / "data" / "moods.yaml",
           *sorted((ROOT / "playlists").glob("*.yaml"))]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.sampled_from(["yes", "No", "on", "~", "1:30", "0755", "0x1F", "1e3", "2004-09-29",
                     ".inf", "null", "", " lead", "a: b", "- x", "#not", "'q'", '"q"']),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(max_size=8) | st.integers(0, 99), inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(documents, st.booleans(), st.sampled_from([None, '"', "'"]))
def test_any_document_reads_as_safe_load_reads_it(data, flow, style):
    text = yaml.safe_dump(data, default_flow_style=flow, default_style=style,
                          allow_unicode=True)
    assert load(text, "doc") == yaml.safe_load(text)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_reads_as_safe_load_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert load(text, str(path)) == yaml.safe_load(text)


@pytest.mark.parametrize("text", [
    "base: &b {a: 1, b: 2}\nthis:\n  <<: *b\n  b: 3\n",
    "x: &a [1, 2]\ny: *a\nz: [*a, *a]\n",
    "one: &s hello\ntwo: *s\n",
    "list:\n  - <<: [{a: 1}, {a: 2, c: 3}]\n    b: 2\n",
    "date: 2004-09-29\nwhen: 2001-12-14t21:59:43.10-05:00\nbin: !!binary aGVsbG8=\n",
    "explicit: !!str 123\nnum: !!int '7'\nf: !!float '1'\n",
    "--- {a: 1}\n", "", "# only a comment\n", "[]\n", "plain\n",
])
def test_anchors_merges_tags_and_odd_documents_read_alike(text):
    assert load(text, "doc") == yaml.safe_load(text)


def test_an_alias_is_the_same_object_not_a_copy():
    data = load("x: &a [1]\ny: *a\n", "doc")
    assert data["x"] is data["y"]
    assert isinstance(load("d: 2004-09-29\n", "doc")["d"], datetime.date)


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\nb: 2\na: 3\n", "doc:3: not valid YAML: the key 'a' is given twice"),
    ("? [1, 2]\n: x\n", "doc:1: not valid YAML: a key must be a single value"),
    ("a: !!python/object:os.system ls\n",
     "doc:1: not valid YAML: the tag 'tag:yaml.org,2002:python/object:os.system' is not "
     "allowed here"),
    ("a: !!python/tuple [1]\n",
     "doc:1: not valid YAML: the tag 'tag:yaml.org,2002:python/tuple' is not allowed here"),
    ("a: *nowhere\n", "doc:1: not valid YAML: found undefined alias 'nowhere'"),
    ("--- 1\n--- 2\n", "doc:2: not valid YAML: expected a single document in the file"),
    ("x: " + "[" * 65 + "]" * 65 + "\n", "doc:1: nested more than 64 levels deep"),
    ("n: " + "9" * 5000 + "\n", "doc:1: not valid YAML: a number too long to read (5000 "
                                "characters)"),
    ("<<: 3\n", "doc:1: not valid YAML: a merge key (<<) takes a mapping or a list of mappings"),
])
def test_what_a_shared_file_must_not_do_is_one_message_with_its_line(text, message):
    with pytest.raises(DataError) as caught:
        load(text, "doc")
    assert str(caught.value) == message
