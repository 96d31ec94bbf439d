"""Placeholder photos drawn with Pillow alone: one look per craft, coloured like the piece.

Everything is drawn at twice the size and halved at the end, which smooths edges for little cost.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from random import Random

from PIL import Image, ImageDraw

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]

LISTING_SIZE = (640, 480)
PORTRAIT_SIZE = (320, 320)
EMBLEM_SIZE = (256, 256)
_SCALE = 2

_WHITE: RGB = (250, 246, 238)
_BLACK: RGB = (24, 20, 18)
_ACCENTS: tuple[RGB, ...] = (
    (236, 224, 196),  # ivory
    (43, 58, 103),  # indigo
    (201, 150, 46),  # ochre
    (160, 45, 40),  # madder
    (42, 128, 120),  # teal
    (100, 70, 45),  # walnut
    (224, 160, 40),  # saffron
    (64, 104, 60),  # leaf green
)
_SKIN: tuple[RGB, ...] = ((241, 206, 170), (224, 178, 138), (198, 146, 104), (160, 112, 78))
_PEARL: tuple[RGB, ...] = ((238, 236, 228), (222, 232, 236), (240, 222, 226), (226, 240, 230))


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """`t` of the way from a to b."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _jitter(colour: RGB, rng: Random, spread: int) -> RGB:
    r, g, b = (min(255, max(0, c + rng.randint(-spread, spread))) for c in colour)
    return r, g, b


def _distance(a: RGB, b: RGB) -> int:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


@dataclass(frozen=True)
class Palette:
    main: RGB
    dark: RGB
    light: RGB
    accent: RGB
    second: RGB
    ground: RGB

    @classmethod
    def around(cls, colour: RGB, rng: Random) -> Palette:
        """Shades of the piece's colour plus two accents that stand out against it."""
        main = _jitter(colour, rng, 12)
        accent, second = sorted(
            rng.sample(_ACCENTS, 4), key=lambda c: _distance(c, main), reverse=True
        )[:2]
        return cls(
            main=main,
            dark=_mix(main, _BLACK, 0.55),
            light=_mix(main, _WHITE, 0.7),
            accent=_jitter(accent, rng, 10),
            second=_jitter(second, rng, 10),
            ground=_mix(main, _WHITE, 0.86),
        )


def _canvas(size: tuple[int, int], colour: RGB) -> Image.Image:
    return Image.new("RGB", (size[0] * _SCALE, size[1] * _SCALE), colour)


def _gradient(image: Image.Image, top: RGB, bottom: RGB) -> None:
    """Top-to-bottom fade; computed on one column and stretched, which is much faster."""
    column = (1, image.height)
    ramp = Image.linear_gradient("L").resize(column)
    strip = Image.composite(Image.new("RGB", column, bottom), Image.new("RGB", column, top), ramp)
    image.paste(strip.resize(image.size, Image.Resampling.NEAREST))


def _diamond(draw: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float,
             fill: RGB) -> None:
    draw.polygon([(cx, cy - ry), (cx + rx, cy), (cx, cy + ry), (cx - rx, cy)], fill=fill)


def _inset(box: Box, by: float) -> Box:
    return box[0] + by, box[1] + by, box[2] - by, box[3] - by


def _carpet(image: Image.Image, p: Palette, rng: Random) -> None:
    """Guard stripes, a border of small lozenges, a field of scattered motifs, a medallion."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    unit = w / 40
    outer: Box = (0, 0, w, h)
    for by, colour in ((0, p.dark), (unit, p.accent), (1.6 * unit, p.light),
                       (4.4 * unit, p.accent), (4.9 * unit, p.main)):
        draw.rectangle(_inset(outer, by), fill=colour)
    step = 2.8 * unit
    mid = 3 * unit
    for x in _steps(mid, w - mid, step):
        for y in (mid, h - mid):
            _diamond(draw, x, y, unit * 0.9, unit * 0.9, p.main)
            _diamond(draw, x, y, unit * 0.35, unit * 0.35, p.dark)
    for y in _steps(mid, h - mid, step):
        for x in (mid, w - mid):
            _diamond(draw, x, y, unit * 0.9, unit * 0.9, p.main)
            _diamond(draw, x, y, unit * 0.35, unit * 0.35, p.dark)
    field = _inset(outer, 4.9 * unit)
    _scatter_motifs(draw, field, p, rng, unit)
    _corners(draw, field, p, unit * rng.uniform(5, 7))
    _medallion(draw, w / 2, h / 2, w * rng.uniform(0.16, 0.22), h * rng.uniform(0.22, 0.3), p)


def _steps(start: float, stop: float, step: float) -> list[float]:
    count = int((stop - start) // step)
    return [start + i * step for i in range(count + 1)]


def _scatter_motifs(draw: ImageDraw.ImageDraw, field: Box, p: Palette, rng: Random,
                    unit: float) -> None:
    colours = (p.dark, p.light, p.accent)
    gap = unit * rng.uniform(2.6, 3.4)
    for row, y in enumerate(_steps(field[1] + gap / 2, field[3] - gap / 2, gap)):
        offset = gap / 2 if row % 2 else 0
        for x in _steps(field[0] + gap / 2 + offset, field[2] - gap / 2, gap):
            r = unit * 0.55
            fill = colours[(row + int(x // gap)) % len(colours)]
            draw.rectangle((x - r * 0.25, y - r, x + r * 0.25, y + r), fill=fill)
            draw.rectangle((x - r, y - r * 0.25, x + r, y + r * 0.25), fill=fill)


def _corners(draw: ImageDraw.ImageDraw, field: Box, p: Palette, size: float) -> None:
    x0, y0, x1, y1 = field
    for cx, cy, sx, sy in ((x0, y0, 1, 1), (x1, y0, -1, 1), (x0, y1, 1, -1), (x1, y1, -1, -1)):
        draw.polygon([(cx, cy), (cx + sx * size * 1.4, cy), (cx, cy + sy * size)], fill=p.dark)
        draw.polygon([(cx, cy), (cx + sx * size * 0.8, cy), (cx, cy + sy * size * 0.6)],
                     fill=p.accent)


def _medallion(draw: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float,
               p: Palette) -> None:
    for pendant in (-1, 1):
        _diamond(draw, cx, cy + pendant * ry * 1.15, rx * 0.22, ry * 0.22, p.dark)
    for scale, colour in ((1.0, p.dark), (0.86, p.light), (0.66, p.accent), (0.46, p.main),
                          (0.3, p.second), (0.14, p.light)):
        _diamond(draw, cx, cy, rx * scale, ry * scale, colour)


def _kilim(image: Image.Image, p: Palette, rng: Random) -> None:
    """A flat weave lying across the frame: bands of lozenges and zigzags, fringed at both ends."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, h), fill=p.ground)
    left, right, top, bottom = w * 0.08, w * 0.92, h * 0.07, h * 0.93
    for y in _steps(top + 4, bottom - 4, 9):
        draw.line((left - w * 0.05, y, right + w * 0.05, y), fill=_mix(p.light, _WHITE, 0.4),
                  width=3)
    colours = (p.main, p.dark, p.light, p.main, p.accent, p.second)
    y = top
    while y < bottom:
        height = min(bottom - y, h * rng.uniform(0.06, 0.16))
        band: Box = (left, y, right, y + height)
        _kilim_band(draw, band, rng.choice(("solid", "lozenges", "zigzag", "lozenges")),
                    rng.sample(colours, 3))
        y += height


def _kilim_band(draw: ImageDraw.ImageDraw, band: Box, kind: str, colours: list[RGB]) -> None:
    x0, y0, x1, y1 = band
    draw.rectangle(band, fill=colours[0])
    height = y1 - y0
    cy = (y0 + y1) / 2
    if kind == "lozenges":
        for x in _steps(x0 + height / 2, x1 - height / 2, height * 1.2):
            _diamond(draw, x, cy, height * 0.5, height * 0.45, colours[1])
            _diamond(draw, x, cy, height * 0.26, height * 0.22, colours[2])
    elif kind == "zigzag":
        teeth = height * 0.8
        for x in _steps(x0, x1 - teeth, teeth):
            draw.polygon([(x, y1), (x + teeth / 2, y0 + height * 0.25), (x + teeth, y1)],
                         fill=colours[1])
    else:
        draw.rectangle((x0, cy - height * 0.12, x1, cy + height * 0.12), fill=colours[1])


def _jajim(image: Image.Image, p: Palette, rng: Random) -> None:
    """Warp-faced stripes of many widths, some of them checked."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    colours = (p.main, p.main, p.dark, p.light, p.accent, p.second)
    x = 0.0
    while x < w:
        width = w * rng.uniform(0.015, 0.07)
        colour = rng.choice(colours)
        draw.rectangle((x, 0, x + width, h), fill=colour)
        if rng.random() < 0.3:
            other = rng.choice(colours)
            for row, y in enumerate(_steps(0, h, width)):
                if row % 2:
                    draw.rectangle((x, y, x + width, y + width), fill=other)
        x += width


def _vessel(image: Image.Image, p: Palette, rng: Random) -> None:
    """A bowl, vase or jug on a table: a glazed silhouette with bands and a highlight."""
    w, h = image.size
    _gradient(image, p.ground, _mix(p.ground, _BLACK, 0.12))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, h * 0.78, w, h), fill=_mix(p.ground, _BLACK, 0.2))
    shape = rng.choice(("bowl", "vase", "jug"))
    outline, top, bottom = _vessel_outline(shape, w, h, rng)
    draw.ellipse((w * 0.5 - w * 0.2, bottom - h * 0.03, w * 0.5 + w * 0.2, bottom + h * 0.04),
                 fill=_mix(p.ground, _BLACK, 0.35))
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon(outline, fill=255)
    image.paste(_glaze(image.size, p, rng, top, bottom), (0, 0), mask)
    if shape == "bowl":
        rim = max(x for x, _ in outline) - w / 2
        draw.ellipse((w / 2 - rim, top - h * 0.04, w / 2 + rim, top + h * 0.04), fill=p.dark)


def _vessel_outline(shape: str, w: int, h: int, rng: Random
                    ) -> tuple[list[tuple[float, float]], float, float]:
    """The silhouette as a polygon, with its top and bottom y."""
    if shape == "bowl":
        top, bottom, widest = h * 0.42, h * 0.8, w * rng.uniform(0.26, 0.32)

        def radius(t: float) -> float:
            return widest * (1 - 0.62 * t**1.7)
    else:
        top, bottom = h * rng.uniform(0.1, 0.2), h * 0.82
        neck = w * (0.05 if shape == "jug" else rng.uniform(0.06, 0.09))
        belly = w * rng.uniform(0.14, 0.2)

        def radius(t: float) -> float:
            flare = neck * 0.4 * max(0.0, 1 - t / 0.08)
            body = (belly - neck) * math.sin(math.pi * min(1.0, max(0.0, (t - 0.12) / 0.9)))
            return neck + flare + max(0.0, body)
    ts = [i / 40 for i in range(41)]
    left = [(w / 2 - radius(t), top + (bottom - top) * t) for t in ts]
    right = [(w / 2 + radius(t), top + (bottom - top) * t) for t in reversed(ts)]
    return left + right, top, bottom


def _glaze(size: tuple[int, int], p: Palette, rng: Random, top: float, bottom: float
           ) -> Image.Image:
    layer = Image.new("RGB", size, p.main)
    draw = ImageDraw.Draw(layer)
    w = size[0]
    span = bottom - top
    for at, colour in ((0.1, p.accent), (0.5, p.light), (0.78, p.second)):
        y = top + span * (at + rng.uniform(-0.04, 0.04))
        draw.rectangle((0, y, w, y + span * 0.05), fill=colour)
    y = top + span * 0.3
    for x in _steps(w * 0.2, w * 0.8, w * 0.045):
        draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=p.light)
    draw.ellipse((w * 0.42, top + span * 0.15, w * 0.45, top + span * 0.7),
                 fill=_mix(p.main, _WHITE, 0.45))
    return layer


def _embroidery(image: Image.Image, p: Palette, rng: Random) -> None:
    """Rosettes and leaves stitched in contrasting thread, with a cross-stitch border."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, h), fill=p.main)
    edge = w * 0.05
    for x in _steps(edge / 2, w - edge / 2, edge / 2):
        for y in (edge / 2, h - edge / 2):
            _cross(draw, x, y, edge / 5, p.accent)
    for y in _steps(edge / 2, h - edge / 2, edge / 2):
        for x in (edge / 2, w - edge / 2):
            _cross(draw, x, y, edge / 5, p.accent)
    gap = w * rng.uniform(0.16, 0.22)
    for row, cy in enumerate(_steps(edge + gap / 2, h - edge - gap / 3, gap * 0.8)):
        for cx in _steps(edge + gap / 2 + (gap / 2 if row % 2 else 0), w - edge - gap / 3, gap):
            _rosette(draw, cx, cy, gap * 0.3, rng.randint(5, 8), p)


def _cross(draw: ImageDraw.ImageDraw, x: float, y: float, r: float, fill: RGB) -> None:
    draw.line((x - r, y - r, x + r, y + r), fill=fill, width=3)
    draw.line((x - r, y + r, x + r, y - r), fill=fill, width=3)


def _rosette(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, petals: int,
             p: Palette) -> None:
    for i in range(petals):
        angle = 2 * math.pi * i / petals
        px, py = cx + math.cos(angle) * r * 0.6, cy + math.sin(angle) * r * 0.6
        draw.ellipse((px - r * 0.38, py - r * 0.38, px + r * 0.38, py + r * 0.38), fill=p.accent)
    draw.ellipse((cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3), fill=p.second)


def _knit(image: Image.Image, p: Palette, rng: Random) -> None:
    """Rows of knit stitches; a band of diamonds worked in a second colour."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, h), fill=p.dark)
    stitch_w, stitch_h = 26, 30
    band_top, band_bottom = h * rng.uniform(0.3, 0.4), h * rng.uniform(0.62, 0.72)
    shade = _mix(p.main, _WHITE, 0.12)
    for row, y in enumerate(_steps(0, h, stitch_h)):
        in_band = band_top <= y <= band_bottom
        for col, x in enumerate(_steps(0, w, stitch_w)):
            lit = abs(col % 8 - 4) == abs(row % 8 - 4)
            colour = p.accent if in_band and lit else (shade if row % 2 else p.main)
            draw.line((x, y, x + stitch_w / 2, y + stitch_h), fill=colour, width=11)
            draw.line((x + stitch_w, y, x + stitch_w / 2, y + stitch_h), fill=colour, width=11)


def _silk(image: Image.Image, p: Palette, rng: Random) -> None:
    """A sheen across the cloth, a woven lozenge lattice and a patterned hem."""
    w, h = image.size
    _gradient(image, _mix(p.main, _WHITE, 0.3), _mix(p.main, _BLACK, 0.18))
    draw = ImageDraw.Draw(image)
    line = _mix(p.main, _WHITE, 0.5)
    gap = w * rng.uniform(0.07, 0.1)
    for x in _steps(-h, w, gap):
        draw.line((x, 0, x + h, h), fill=line, width=3)
        draw.line((x + h, 0, x, h), fill=line, width=3)
    for row, y in enumerate(_steps(0, h * 0.82, gap / 2)):
        for x in _steps(gap / 2 if row % 2 else 0, w, gap):
            draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=p.accent)
    draw.rectangle((0, h * 0.84, w, h), fill=p.dark)
    for x in _steps(0, w, h * 0.08):
        _diamond(draw, x, h * 0.92, h * 0.04, h * 0.05, p.accent)


def _wicker(image: Image.Image, p: Palette, rng: Random) -> None:
    """Basket weave: blocks of three strips, alternately across and along."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, h), fill=p.dark)
    cell = w / rng.choice((12, 14, 16))
    strip = cell / 3
    for i, x in enumerate(_steps(0, w, cell)):
        for j, y in enumerate(_steps(0, h, cell)):
            across = (i + j) % 2 == 0
            for k in range(3):
                shade = _mix(p.main, rng.choice((_WHITE, _BLACK)), rng.uniform(0, 0.2))
                if across:
                    box: Box = (x + 2, y + k * strip + 2, x + cell - 2, y + (k + 1) * strip - 2)
                    edge: Box = (box[0], box[1], box[2], box[1] + 3)
                else:
                    box = (x + k * strip + 2, y + 2, x + (k + 1) * strip - 2, y + cell - 2)
                    edge = (box[0], box[1], box[0] + 3, box[3])
                draw.rectangle(box, fill=shade)
                draw.rectangle(edge, fill=_mix(shade, _WHITE, 0.35))


def _wood(image: Image.Image, p: Palette, rng: Random) -> None:
    """Flowing grain lines around one or two knots."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, h), fill=p.main)
    lines = 70
    for k in range(lines):
        base = h * k / lines + rng.uniform(-4, 4)
        amp, freq, phase = rng.uniform(4, 14), rng.uniform(0.004, 0.009), rng.uniform(0, 6.3)
        points = [(x, base + amp * math.sin(x * freq + phase) + 6 * math.sin(x * 0.021 + k))
                  for x in range(0, w + 24, 24)]
        colour = _mix(p.main, _BLACK if k % 3 else _WHITE, rng.uniform(0.08, 0.22))
        draw.line(points, fill=colour, width=rng.randint(2, 6))
    for _ in range(rng.randint(1, 2)):
        cx, cy = rng.uniform(w * 0.15, w * 0.85), rng.uniform(h * 0.2, h * 0.8)
        for ring in range(6, 0, -1):
            rx, ry = ring * 9, ring * 5
            colour = _mix(p.main, _BLACK, 0.1 + 0.06 * ring)
            draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=colour, width=3)


def _inlay(image: Image.Image, p: Palette, rng: Random) -> None:
    """Lacquer with a framed flower of mother-of-pearl petals and scattered shell chips."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, h), fill=p.main)
    draw.rectangle(_inset((0, 0, w, h), w * 0.04), outline=p.accent, width=6)
    cx, cy, r = w / 2, h / 2, h * 0.22
    for i in range(8):
        angle = math.pi * i / 4
        px, py = cx + math.cos(angle) * r, cy + math.sin(angle) * r
        draw.ellipse((px - r * 0.45, py - r * 0.45, px + r * 0.45, py + r * 0.45),
                     fill=rng.choice(_PEARL))
    draw.ellipse((cx - r * 0.4, cy - r * 0.4, cx + r * 0.4, cy + r * 0.4), fill=p.accent)
    for _ in range(60):
        x, y = rng.uniform(w * 0.08, w * 0.92), rng.uniform(h * 0.1, h * 0.9)
        if math.hypot(x - cx, y - cy) > r * 1.6:
            size = rng.uniform(4, 10)
            _diamond(draw, x, y, size, size * 1.6, rng.choice(_PEARL))


def _metal(image: Image.Image, p: Palette, rng: Random) -> None:
    """A hammered tray seen from above: dimples that catch the light, an engraved ring."""
    draw = ImageDraw.Draw(image)
    w, h = image.size
    draw.rectangle((0, 0, w, h), fill=_mix(p.dark, _BLACK, 0.35))
    cx, cy, r = w / 2, h / 2, h * 0.45
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_mix(p.main, _BLACK, 0.25))
    draw.ellipse((cx - r * 0.94, cy - r * 0.94, cx + r * 0.94, cy + r * 0.94), fill=p.main)
    light, shadow = _mix(p.main, _WHITE, 0.35), _mix(p.main, _BLACK, 0.25)
    for _ in range(420):
        angle, dist = rng.uniform(0, 2 * math.pi), r * 0.9 * math.sqrt(rng.random())
        x, y = cx + math.cos(angle) * dist, cy + math.sin(angle) * dist
        d = rng.uniform(10, 18)
        draw.ellipse((x - d + 3, y - d + 3, x + d + 3, y + d + 3), fill=shadow)
        draw.ellipse((x - d - 2, y - d - 2, x + d - 2, y + d - 2), fill=light)
        draw.ellipse((x - d + 2, y - d + 2, x + d - 2, y + d - 2), fill=p.main)
    for ring in (0.62, 0.56):
        rr = r * ring
        draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), outline=p.dark, width=5)


def _jar(contents: str) -> Callable[[Image.Image, Palette, Random], None]:
    def paint(image: Image.Image, p: Palette, rng: Random) -> None:
        """A glass jar on a shelf: contents, lid, a hand-printed label."""
        w, h = image.size
        _gradient(image, p.ground, _mix(p.ground, _BLACK, 0.1))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, h * 0.82, w, h), fill=_mix(p.ground, _BLACK, 0.22))
        body: Box = (w * 0.32, h * 0.25, w * 0.68, h * 0.84)
        draw.rounded_rectangle(body, radius=w * 0.06, fill=p.main)
        _jar_contents(draw, body, contents, p, rng)
        draw.rounded_rectangle((body[0] + w * 0.03, body[1] + h * 0.05, body[0] + w * 0.055,
                                body[3] - h * 0.08), radius=10, fill=_mix(p.main, _WHITE, 0.5))
        draw.rounded_rectangle((w * 0.35, h * 0.15, w * 0.65, h * 0.26), radius=12,
                               fill=_mix(p.accent, _BLACK, 0.3))
        label: Box = (w * 0.37, h * 0.46, w * 0.63, h * 0.68)
        draw.rounded_rectangle(label, radius=8, fill=_WHITE)
        draw.rectangle((label[0], label[1] + 14, label[2], label[1] + 30), fill=p.second)
        for y in _steps(label[1] + 52, label[3] - 20, 22):
            draw.line((label[0] + 24, y, label[2] - rng.uniform(24, 90), y), fill=p.dark, width=5)
    return paint


def _jar_contents(draw: ImageDraw.ImageDraw, body: Box, contents: str, p: Palette,
                  rng: Random) -> None:
    if contents == "honey":
        draw.rounded_rectangle((body[0], body[1], body[2], body[1] + 40), radius=20,
                               fill=_mix(p.main, _WHITE, 0.3))
        return
    for _ in range(140):
        x, y = rng.uniform(body[0] + 14, body[2] - 14), rng.uniform(body[1] + 14, body[3] - 14)
        colour = _jitter(p.main if contents == "leaves" else p.dark, rng, 30)
        rx, ry = (14, 6) if contents == "leaves" else (12, 10)
        draw.ellipse((x - rx, y - ry, x + rx, y + ry), fill=colour)


_PAINTERS: dict[str, Callable[[Image.Image, Palette, Random], None]] = {
    "carpet": _carpet,
    "kilim": _kilim,
    "jajim": _jajim,
    "ceramics": _vessel,
    "embroidery": _embroidery,
    "knit": _knit,
    "silk": _silk,
    "wicker": _wicker,
    "wood": _wood,
    "inlay": _inlay,
    "metal": _metal,
    "honey": _jar("honey"),
    "tea": _jar("leaves"),
    "dried-fruit": _jar("pieces"),
}


def listing_photo(style: str, colour: RGB, rng: Random) -> Image.Image:
    image = _canvas(LISTING_SIZE, colour)
    _PAINTERS[style](image, Palette.around(colour, rng), rng)
    return image.reduce(_SCALE)


def portrait(rng: Random, *, headscarf: bool) -> Image.Image:
    """An abstract portrait: a head and shoulders on a soft ground; a headscarf if asked."""
    image = _canvas(PORTRAIT_SIZE, _WHITE)
    w, h = image.size
    backdrop = _mix(rng.choice(_ACCENTS), _WHITE, 0.72)
    _gradient(image, backdrop, _mix(backdrop, _BLACK, 0.15))
    draw = ImageDraw.Draw(image)
    clothes, skin = rng.choice(_ACCENTS), rng.choice(_SKIN)
    draw.ellipse((w * 0.14, h * 0.68, w * 0.86, h * 1.3), fill=clothes)
    draw.rectangle((w * 0.44, h * 0.52, w * 0.56, h * 0.72), fill=_mix(skin, _BLACK, 0.1))
    head: Box = (w * 0.33, h * 0.2, w * 0.67, h * 0.6)
    if headscarf:
        scarf = _mix(rng.choice(_ACCENTS), _BLACK, 0.1)
        draw.ellipse(_inset(head, -w * 0.06), fill=scarf)
        draw.polygon([(w * 0.3, h * 0.5), (w * 0.7, h * 0.5), (w * 0.6, h * 0.78),
                      (w * 0.4, h * 0.78)], fill=scarf)
        draw.ellipse(_inset(head, w * 0.025), fill=skin)
    else:
        draw.ellipse(head, fill=skin)
        draw.chord(_inset(head, -w * 0.01), 180, 360, fill=_mix(rng.choice(_ACCENTS), _BLACK, 0.6))
    return image.reduce(_SCALE)


def emblem(rng: Random) -> Image.Image:
    """A cooperative's round seal: an eight-pointed star inside a ring of dots."""
    image = _canvas(EMBLEM_SIZE, _WHITE)
    w, h = image.size
    p = Palette.around(_mix(rng.choice(_ACCENTS), _BLACK, 0.15), rng)
    draw = ImageDraw.Draw(image)
    cx, cy, r = w / 2, h / 2, w * 0.46
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=p.main)
    draw.ellipse(_inset((cx - r, cy - r, cx + r, cy + r), r * 0.1), outline=p.accent, width=8)
    for i in range(24):
        angle = 2 * math.pi * i / 24
        x, y = cx + math.cos(angle) * r * 0.8, cy + math.sin(angle) * r * 0.8
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=p.light)
    star = r * 0.6
    for turn in (0, math.pi / 4):
        draw.polygon([(cx + math.cos(turn + k * math.pi / 2) * star,
                       cy + math.sin(turn + k * math.pi / 2) * star) for k in range(4)],
                     fill=p.light)
    draw.ellipse((cx - star * 0.45, cy - star * 0.45, cx + star * 0.45, cy + star * 0.45),
                 fill=p.accent)
    return image.reduce(_SCALE)


def certificate_scan(rng: Random) -> Image.Image:
    """A scanned certificate: a bordered page, lines of text as grey bars, a round stamp."""
    w, h = 600, 820
    image = Image.new("RGB", (w, h), (247, 244, 236))
    draw = ImageDraw.Draw(image)
    ink = _mix(rng.choice(_ACCENTS), _BLACK, 0.35)
    draw.rectangle((18, 18, w - 18, h - 18), outline=ink, width=6)
    draw.rectangle((150, 70, w - 150, 100), fill=_mix(ink, _WHITE, 0.2))
    for row in range(12):
        y = 170 + row * 38
        draw.rectangle((70, y, 70 + rng.randint(260, 460), y + 12), fill=(150, 150, 150))
    cx, cy, r = w - 150, h - 150, 70
    stamp = _mix(rng.choice(_ACCENTS), _WHITE, 0.1)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=stamp, width=7)
    draw.ellipse((cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6), outline=stamp,
                 width=4)
    return image


def save_jpeg(image: Image.Image, path: Path) -> None:
    image.save(path, "JPEG", quality=82, optimize=False)
