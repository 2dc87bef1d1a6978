"""Artist spacing: the same performer never plays twice in a row where others remain.

The fill already avoids it step by step, but can be left with only one artist at the end;
``spread_artists`` repairs that afterwards, choosing each swap by the harm it does to the
order it is given (the arc's fit, or the shuffle's distance).
"""

from __future__ import annotations

from collections.abc import Callable

from wkwmix.playlist.candidate import Candidate

SPREAD_PASSES = 3
SPREAD_WINDOW = 200  # how far a clash looks for a track to swap with


def spread_artists(order: list[Candidate],
                    harm: Callable[[list[Candidate], int, int], float]) -> list[Candidate]:
    """Move tracks so that one artist does not play twice in a row, where others remain.

    The fill already avoids it step by step, but can be left with only one artist at the
    end; each clash is swapped with the position that does the least ``harm`` to the
    order (the arc's fit, or the shuffle's distance).
    """
    order = list(order)
    for _ in range(SPREAD_PASSES):
        clashing = [i for i in range(1, len(order)) if clashes(order, i) > 0]
        if not clashing:
            break
        for i in clashing:
            if clashes(order, i) == 0:
                continue
            window = range(max(0, i - SPREAD_WINDOW), min(len(order), i + SPREAD_WINDOW))
            fixes = [j for j in window if j != i and _relieves(order, i, j)]
            if fixes:
                j = min(fixes, key=lambda j: (harm(order, i, j), abs(i - j), j))
                order[i], order[j] = order[j], order[i]
    return order


def _relieves(order: list[Candidate], i: int, j: int) -> bool:
    return clashes(order, i, j, swap=(i, j)) < clashes(order, i, j)


def clashes(order: list[Candidate], *positions: int, swap: tuple[int, int] | None = None) -> int:
    """Same-artist neighbours around ``positions`` (as if ``swap`` were done, when given)."""
    def artist(k: int) -> str | None:
        if swap is not None and k in swap:
            k = swap[1] if k == swap[0] else swap[0]
        return order[k].artist

    pairs = {(k - 1, k) for p in positions for k in (p, p + 1) if 0 < k < len(order)}
    return sum(1 for a, b in pairs if artist(a) is not None and artist(a) == artist(b))
