"""Playlist recipe files: small YAML files (name, query, order, arc, minutes, limit, seed...).

A recipe is checked in two steps: ``load_recipe`` checks its shape (every problem named with
file and line), ``check_against`` checks it against a catalog (the query parses, the arc's
moods exist), since only then are film and mood names known.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from wkwmix import query as query_mod
from wkwmix.errors import DataError, NotFoundError, Problem, WkwmixError
from wkwmix.formats import FORMAT_NAMES
from wkwmix.model import MAX_MINUTES, ORDERS, RECIPE_FOLDER, Catalog, Recipe
from wkwmix.moods import suggest
from wkwmix.store import cache, files
from wkwmix.store.schema import Checker, describe, one_of, texts
from wkwmix.text import slugify

RECIPE_SUFFIXES = (".yaml", ".yml")
DEFAULT_FOLDER = Path(RECIPE_FOLDER)


def load_recipe(path: Path) -> Recipe:
    """Read and check one recipe file; DataError names file:line for every problem."""
    raw = cache.read(path)
    checker = Checker(str(path))
    if not isinstance(raw, dict):
        checker.fail([], "a recipe is a mapping (name, description, query, order, arc, ...)")
        checker.raise_if_any()
    values = checker.record(raw, [], FIELDS, ()) or {}  # None only with problems: raised
    checker.raise_if_any()
    _check_consistency(checker, values)
    checker.raise_if_any()
    return _recipe_from(values, path)


def _recipe_from(values: dict[str, Any], path: Path) -> Recipe:
    arc = tuple(values.get("arc", ()))
    return Recipe(
        name=values.get("name", path.stem),
        description=values.get("description", ""),
        query=values.get("query", ""),
        order=values.get("order", "arc" if arc else "film"),
        arc=arc,
        minutes=values.get("minutes"),
        limit=values.get("limit"),
        seed=values.get("seed", 0),
        formats=tuple(values.get("formats", ("m3u8",))),
        path=path,
    )


def _check_consistency(checker: Checker, values: dict[str, Any]) -> None:
    if values.get("order") == "arc" and not values.get("arc"):
        checker.fail(["order"], "order: arc needs an 'arc' list of moods, e.g. [dream, hope]")
    if values.get("arc") and values.get("order") not in (None, "arc"):
        checker.fail(["arc"], f"an arc is only used with order: arc, not {values['order']!r}")


def _optional_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise TypeError(f"expected text, got {describe(value)}")
    return str(value).strip()


def _list(value: Any, example: str = "[m3u8, html]") -> list[str]:
    """A list, or one comma-separated string: ``arc: dream, hope`` reads as it looks."""
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {describe(value)}")
    if not value:
        raise ValueError(f"the list is empty: name one or more, e.g. {example}, "
                         "or leave the field out")
    return texts(value)


def _arc(value: Any) -> list[str]:
    return _list(value, "[dream, isolation, hope]")


def _order(value: Any) -> str:
    return one_of(value, ORDERS)


def _minutes(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number of minutes, got {describe(value)}")
    if not (math.isfinite(value) and 0 < value <= MAX_MINUTES):
        raise ValueError(f"{value} is not a usable length (1 to {MAX_MINUTES} minutes)")
    return float(value)


def _limit(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number of tracks, got {describe(value)}")
    if value < 1:
        raise ValueError(f"{value} is not a usable track count (1 or more)")
    return value


def _seed(value: Any) -> int | str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"expected a whole number or a word, got {describe(value)}")
    return value


def _formats(value: Any) -> list[str]:
    names = [n.lower().lstrip(".") for n in _list(value)]
    for name in names:
        if name not in FORMAT_NAMES:
            raise ValueError(f"unknown format {name!r}{suggest(name, FORMAT_NAMES)} "
                             f"(formats: {', '.join(FORMAT_NAMES)})")
    return list(dict.fromkeys(names))


FIELDS = {
    "name": "text", "description": _optional_text, "query": _optional_text, "order": _order,
    "arc": _arc, "minutes": _minutes, "limit": _limit, "seed": _seed, "formats": _formats,
}


def check_against(recipe: Recipe, catalog: Catalog) -> list[Problem]:
    """Problems that only the catalog reveals: a query that does not parse, unknown moods."""
    found: list[tuple[list[Any], str]] = []
    try:
        query_mod.parse(recipe.query, catalog)
    except WkwmixError as e:
        found.append((["query"], f"query: {e}"))
    for i, name in enumerate(recipe.arc):
        if catalog.moods.find(name) is None:
            found.append((["arc", i], f"arc: {catalog.moods.unknown(name)}"))
    return _located(recipe, found)


def _located(recipe: Recipe, found: list[tuple[list[Any], str]]) -> list[Problem]:
    name = str(recipe.path) if recipe.path else recipe.name
    if recipe.path is not None and found:
        lines = files.locate(recipe.path, [at for at, _ in found])
    else:
        lines = [None] * len(found)
    return [Problem(name, line, message) for line, (_, message) in zip(lines, found)]


def require_valid(recipe: Recipe, catalog: Catalog) -> None:
    problems = check_against(recipe, catalog)
    if problems:
        raise DataError(problems)


def shipped_folder() -> Path | None:
    """The recipes that ship with wkwmix: installed beside it, or in its source checkout."""
    package = Path(__file__).resolve().parents[1]  # wkwmix/
    for folder in (Path(sys.prefix) / "share" / "wkwmix" / "playlists",
                   package.parent / "playlists"):
        if folder.is_dir():
            return folder
    return None


def recipes_folder(folder: Path | None = None) -> Path:
    """Where recipes are read: the folder given, else ./playlists, else the shipped ones.

    A ./playlists holding no recipe (old .m3u files, say) is someone's playlists, not a
    recipe folder: it does not hide the shipped recipes.
    """
    if folder is not None and folder != DEFAULT_FOLDER:
        return folder
    if _holds_recipes(DEFAULT_FOLDER):
        return DEFAULT_FOLDER
    return shipped_folder() or DEFAULT_FOLDER


def _holds_recipes(folder: Path) -> bool:
    try:
        return any(p.suffix in RECIPE_SUFFIXES for p in folder.iterdir())
    except OSError:
        return False  # no folder, or not one that can be read


def recipe_files(folder: Path) -> list[Path]:
    """The recipe files of a folder (``playlists`` falls back to the shipped ones), by name."""
    folder = recipes_folder(folder)
    if not folder.is_dir():
        raise NotFoundError(f"no recipe folder {str(folder)!r}")
    return sorted(p for p in folder.iterdir() if p.suffix in RECIPE_SUFFIXES and p.is_file())


def recipe_names() -> list[str]:
    """The names recipes can be found by without a path: ./playlists, else the shipped ones."""
    try:
        return [p.stem for p in recipe_files(DEFAULT_FOLDER)]
    except NotFoundError:
        return []


def load_folder(folder: Path) -> list[Recipe]:
    """Every recipe of a folder; DataError lists the problems of all of them at once."""
    recipes: list[Recipe] = []
    problems: list[Problem] = []
    for path in recipe_files(folder):
        try:
            recipes.append(load_recipe(path))
        except DataError as e:
            problems += e.problems
    if problems:
        raise DataError(problems)
    return recipes


def find_recipe(ref: str, folder: Path | None = None) -> Recipe:
    """A recipe by path, or by name (file stem or ``name:``) in ``folder`` (./playlists)."""
    candidate = Path(ref)
    if candidate.suffix in RECIPE_SUFFIXES or candidate.is_file():
        return load_recipe(candidate)
    folder = recipes_folder(folder)
    files = recipe_files(folder) if folder.is_dir() else []
    for path in files:
        if path.stem == ref:
            return load_recipe(path)
    wanted = slugify(ref)
    for recipe in _readable(files):
        if slugify(recipe.name) == wanted:
            return recipe
    names = [p.stem for p in files]
    raise NotFoundError(f"no recipe {ref!r} in {str(folder)!r}{suggest(ref, names)}")


def _readable(files: Iterable[Path]) -> Iterable[Recipe]:
    for path in files:
        try:
            yield load_recipe(path)
        except DataError:
            continue  # a broken recipe is not the one asked for; `wkwmix check` reports it


class Checked(NamedTuple):
    """One recipe file, read and checked: its recipe, or None and every problem it has."""

    path: Path
    recipe: Recipe | None
    problems: list[Problem]


def check_each(folder: Path, catalog: Catalog) -> list[Checked]:
    """Every recipe file of ``folder``, each read and checked on its own, so that one broken
    recipe stops none of the others."""
    return [inspect(path, catalog) for path in recipe_files(folder)]


def inspect(path: Path, catalog: Catalog) -> Checked:
    """One recipe file checked in full: its shape, and what the catalog says of its query and
    arc, even when other fields are wrong (so one run of `check` names every problem)."""
    try:
        recipe = load_recipe(path)
    except DataError as e:
        problems = e.problems + _catalog_problems(path, catalog)
        return Checked(path, None, sorted(problems, key=lambda p: p.line or 0))
    problems = check_against(recipe, catalog)
    return Checked(path, None if problems else recipe, problems)


def _catalog_problems(path: Path, catalog: Catalog) -> list[Problem]:
    """What the catalog says of the query and arc of a recipe whose other fields are wrong."""
    try:
        raw = cache.read(path)
    except DataError:
        return []  # not even YAML: its problem is already named
    if not isinstance(raw, dict):
        return []
    usable: dict[str, Any] = {}
    for key, convert in (("query", _optional_text), ("arc", _arc)):
        try:
            if raw.get(key) is not None:
                usable[key] = convert(raw[key])
        except (TypeError, ValueError):
            continue  # already named as a problem of the field's own
    if not usable:
        return []
    partial = Recipe(name=path.stem, query=usable.get("query", ""),
                     arc=tuple(usable.get("arc", ())), path=path)
    return check_against(partial, catalog)


def check_folder(catalog: Catalog, folder: Path = DEFAULT_FOLDER) -> list[str]:
    """Every problem of every recipe in ``folder`` as "file:line: message" (none: no folder)."""
    folder = recipes_folder(folder)
    if not folder.is_dir():
        return []
    return [str(p) for checked in check_each(folder, catalog) for p in checked.problems]


def checked_folder(folder: Path = DEFAULT_FOLDER) -> str:
    """What `check` checked of the recipes, e.g. "7 recipes (playlists)"."""
    folder = recipes_folder(folder)
    try:
        count = len(recipe_files(folder))
    except NotFoundError:
        return "no recipe folder"
    return f"{count} recipe{'' if count == 1 else 's'} ({folder})"
