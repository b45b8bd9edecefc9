"""The map of Germany on the hub pages: an approximate national border and a simple projection.

The outline is a simplified polygon (about 100 km accuracy is enough for a locator map) traced
clockwise from the Dutch border at the Dollart; points are (longitude, latitude) in degrees.
The projection is equirectangular, with longitudes scaled by cos(51°) so Germany keeps its shape.
"""

import math
from dataclasses import dataclass

GERMANY_OUTLINE = [
    (7.21, 53.24), (7.02, 53.45), (7.10, 53.69), (7.55, 53.68), (8.03, 53.71), (8.17, 53.53),
    (8.55, 53.56), (8.69, 53.88), (8.95, 53.90), (9.02, 54.03), (8.83, 54.10), (8.60, 54.33),
    (8.90, 54.47), (8.63, 54.66), (8.66, 54.91), (9.42, 54.83), (9.90, 54.80), (10.03, 54.55),
    (10.17, 54.36), (10.70, 54.31), (11.09, 54.37), (11.04, 54.17), (10.80, 54.02), (10.89, 53.93),
    (11.45, 53.96), (11.99, 54.17), (12.47, 54.46), (12.95, 54.44), (13.17, 54.58), (13.42, 54.68),
    (13.68, 54.56), (13.63, 54.33), (13.88, 54.19), (14.23, 53.93), (14.41, 53.33), (14.27, 53.00),
    (14.14, 52.83), (14.64, 52.57), (14.54, 52.30), (14.74, 51.99), (14.59, 51.60), (14.99, 51.33),
    (15.04, 51.01), (14.82, 50.87), (14.49, 51.04), (14.31, 51.05), (14.05, 50.82), (13.56, 50.64),
    (13.03, 50.44), (12.52, 50.40), (12.09, 50.32), (12.17, 50.07), (12.50, 49.98), (12.42, 49.71),
    (12.62, 49.51), (12.95, 49.34), (13.40, 49.05), (13.84, 48.77), (13.44, 48.56), (13.27, 48.29),
    (12.76, 48.13), (12.99, 47.85), (13.03, 47.50), (12.78, 47.56), (12.20, 47.61), (11.64, 47.59),
    (11.14, 47.40), (10.55, 47.54), (10.44, 47.38), (10.17, 47.27), (9.96, 47.53), (9.56, 47.54),
    (9.18, 47.66), (8.87, 47.70), (8.60, 47.80), (8.46, 47.57), (7.90, 47.55), (7.59, 47.58),
    (7.51, 47.70), (7.57, 48.12), (7.80, 48.50), (8.05, 48.79), (8.23, 48.97), (7.63, 49.06),
    (7.03, 49.14), (6.73, 49.17), (6.36, 49.47), (6.51, 49.80), (6.14, 50.13), (6.40, 50.33),
    (6.03, 50.72), (5.87, 51.05), (6.17, 51.16), (6.07, 51.63), (5.95, 51.81), (6.41, 51.83),
    (6.83, 51.98), (6.69, 52.12), (7.06, 52.24), (6.70, 52.49), (7.03, 52.64), (7.19, 52.98),
]  # fmt: skip

# Where a hub's name goes relative to its dot, so close neighbours do not overlap.
LABEL_SIDE = {
    "berlin": "right",
    "potsdam": "left",
    "frankfurt": "right",
    "darmstadt": "below-right",
    "ludwigshafen-mannheim": "left",
    "karlsruhe": "left",
    "stuttgart": "right",
    "koeln": "left",
    "dortmund": "above",
    "dresden-leipzig": "below-right",
    "nuernberg-erlangen": "right",
    "muenchen": "right",
    "hamburg": "right",
}

SCALE = 60  # SVG units per degree of latitude
PADDING = 14
LON_FACTOR = math.cos(math.radians(51))
MIN_LON = min(lon for lon, _ in GERMANY_OUTLINE)
MAX_LON = max(lon for lon, _ in GERMANY_OUTLINE)
MIN_LAT = min(lat for _, lat in GERMANY_OUTLINE)
MAX_LAT = max(lat for _, lat in GERMANY_OUTLINE)


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """SVG coordinates (x to the right, y downwards) of a point in Germany."""
    x = PADDING + (longitude - MIN_LON) * LON_FACTOR * SCALE
    y = PADDING + (MAX_LAT - latitude) * SCALE
    return round(x, 1), round(y, 1)


WIDTH = round(2 * PADDING + (MAX_LON - MIN_LON) * LON_FACTOR * SCALE)
HEIGHT = round(2 * PADDING + (MAX_LAT - MIN_LAT) * SCALE)
OUTLINE_POINTS = " ".join("{},{}".format(*project(lon, lat)) for lon, lat in GERMANY_OUTLINE)


@dataclass
class MapDot:
    """One hub on the map: its dot and where its label goes."""

    hub: object
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def map_dots(hubs) -> list[MapDot]:
    """The dots for the hubs that have coordinates, with label positions."""
    offsets = {
        "right": (9, 4, "start"),
        "left": (-9, 4, "end"),
        "above": (0, -10, "middle"),
        "below-right": (6, 16, "start"),
    }
    dots = []
    for hub in hubs:
        if hub.latitude is None or hub.longitude is None:
            continue
        x, y = project(float(hub.longitude), float(hub.latitude))
        dx, dy, anchor = offsets[LABEL_SIDE.get(hub.slug, "right")]
        dots.append(MapDot(hub=hub, x=x, y=y, label_x=round(x + dx, 1), label_y=round(y + dy, 1), anchor=anchor))
    return dots


LABEL_CHAR_WIDTH = 9.8  # rough width of one character of a label, in SVG units


def label_extent(dot: MapDot) -> tuple[float, float]:
    """Estimated left and right edge of a dot's label."""
    width = len(dot.hub.name) * LABEL_CHAR_WIDTH  # type: ignore[attr-defined]  # dots carry their hub
    start = {"start": dot.label_x, "end": dot.label_x - width, "middle": dot.label_x - width / 2}[dot.anchor]
    return start, start + width


def hub_map(hubs) -> dict:
    """Template context for `hubs/_map.html`; the viewBox grows so that no label is cut off."""
    dots = map_dots(hubs)
    extents = [label_extent(dot) for dot in dots]
    left = math.floor(min([0.0, *(start for start, _ in extents)]))
    right = math.ceil(max([float(WIDTH), *(end for _, end in extents)]))
    return {"view_box": f"{left} 0 {right - left} {HEIGHT}", "outline": OUTLINE_POINTS, "dots": dots}
