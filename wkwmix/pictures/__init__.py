"""Pictures of the mood model, drawn as SVG: pure functions from the model to text.

``mood_map`` draws the valence/arousal plane with every mood, the selected tracks and a
playlist's path; ``arc_chart`` draws an arc playlist's target and actual moods along its
playing time. Both return SVG text built with the standard library's ElementTree, which
escapes every piece of catalog text, so a title can never become markup.
"""

from __future__ import annotations

from wkwmix.pictures.chart import arc_chart
from wkwmix.pictures.plane import mood_map

__all__ = ["arc_chart", "mood_map"]
