from decimal import Decimal

from hubs import geo
from hubs.data import HUBS
from hubs.models import Hub


def test_outline_projection_keeps_germany_upright_and_in_the_box():
    xs, ys = zip(*(geo.project(lon, lat) for lon, lat in geo.GERMANY_OUTLINE), strict=True)
    assert min(xs) >= 0 and max(xs) <= geo.WIDTH
    assert min(ys) >= 0 and max(ys) <= geo.HEIGHT
    # Germany is taller than wide once longitudes are scaled by cos(latitude).
    assert geo.HEIGHT > geo.WIDTH


def test_real_hubs_lie_inside_the_outline_where_they_belong():
    dots = {entry["slug"]: geo.project(entry["coords"][1], entry["coords"][0]) for entry in HUBS}
    assert dots["hamburg"][1] < dots["berlin"][1] < dots["muenchen"][1]  # north above south
    assert dots["koeln"][0] < dots["dresden-leipzig"][0]  # west left of east
    for x, y in dots.values():
        assert 0 < x < geo.WIDTH and 0 < y < geo.HEIGHT


def test_hub_map_widens_the_view_box_for_long_labels_and_skips_hubs_without_coordinates():
    left = Hub(
        slug="ludwigshafen-mannheim",
        name="Ludwigshafen / Mannheim",
        latitude=Decimal("49.48"),
        longitude=Decimal("8.45"),
    )
    nowhere = Hub(slug="x", name="Nowhere", latitude=None, longitude=None)
    context = geo.hub_map([left, nowhere])
    assert [dot.hub for dot in context["dots"]] == [left]
    view_left, _, view_width, view_height = (float(v) for v in context["view_box"].split())
    dot = context["dots"][0]
    start, end = geo.label_extent(dot)
    assert dot.anchor == "end"
    assert view_left <= start and end <= view_left + view_width
    assert view_height == geo.HEIGHT
