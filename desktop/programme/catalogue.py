"""The catalogue of measures a programme's computed target may name (docs/targets.md).

A target names a measure (`metric`) and, for the measures that take them, its parameters
(`measure`, a JSON object): which member events count, which property of a grassroots union,
so a new year's targets are data. The named measures of the 2024 programme take none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from desktop.programme.metrics import METRICS, Measured, Records

Measure = Callable[[Records, date, date], Measured]


def measure_for(metric: str, params: str = "") -> Measure:
    """The measure a target names, bound to its parameters."""
    return METRICS[metric]
