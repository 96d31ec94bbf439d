"""Geometry of the horizontal bar charts the impact and analytics pages draw as inline SVG.

Computed here so that templates only place rectangles (no script, nothing from a CDN); right-
to-left pages get bars that grow from the right.
"""
from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
ROW = 34  # a label line and a bar
BAR = 14


@dataclass(frozen=True, slots=True)
class HBar:
    label: str
    value: str  # already formatted for the reader
    label_y: float
    y: float
    x: float
    width: float
    label_x: float  # where the label starts: SVG text inherits the page's direction


@dataclass(frozen=True, slots=True)
class HChart:
    bars: list[HBar]
    height: int
    width: int = WIDTH


def hbars(items: list[tuple[str, int, str]], *, rtl: bool, top: int | None = None) -> HChart:
    """Bars for (label, size, formatted value), the largest (or `top`) across the chart;
    sizes below zero draw as nothing."""
    top = top or max((max(size, 0) for _, size, _ in items), default=0) or 1
    bars = []
    for index, (label, size, value) in enumerate(items):
        width = round(min(max(size, 0), top) / top * (WIDTH - 2), 1)
        y = index * ROW
        bars.append(HBar(label=label, value=value, label_y=y + 11, y=y + 15,
                         x=round(WIDTH - width, 1) if rtl else 0.0, width=width,
                         label_x=WIDTH if rtl else 0))
    return HChart(bars=bars, height=max(len(items), 1) * ROW)
