from __future__ import annotations

import math

import pytest
from pyproj import CRS, Transformer
from pyproj.transformer import TransformerGroup

from gpmb.geo import crs


def test_every_zone_is_the_epsg_entry_with_that_meridian():
    for epsg, zone in crs.ZONES.items():
        definition = CRS.from_epsg(epsg)
        assert definition.name.startswith("VN-2000 / TM-3")
        degrees, minutes = zone.meridian.rstrip("′").split("°")
        expected = int(degrees) + int(minutes) / 60
        params = {p.name: p.value for p in definition.coordinate_operation.params}
        assert params["Longitude of natural origin"] == pytest.approx(expected)


def test_every_province_after_2025_has_a_zone():
    from vietnam_provinces import Province

    codes = {str(p.code.value).zfill(2) for p in Province.iter_all()}
    assert codes == set(crs.PROVINCE_ZONES)
    assert all(set(zones) <= set(crs.ZONES) for zones in crs.PROVINCE_ZONES.values())


@pytest.mark.parametrize(
    ("province", "epsg", "named"),
    [("31", 9210, "Hai Phong"), ("79", 9210, "Ho Chi Minh"), ("20", 9215, "Lang Son"),
     ("22", 5899, "Quang Ninh"), ("14", 9206, "Son La")],
)  # fmt: skip
def test_default_zone_matches_epsg_area_of_use(province, epsg, named):
    assert crs.default_epsg(province) == epsg
    assert named in CRS.from_epsg(epsg).area_of_use.name


def test_hai_phong_is_105_45():
    assert crs.zone(9210).meridian == "105°45′"
    assert crs.zones_for_province("31")[0].label == "VN-2000 / TM-3 105°45′ (EPSG:9210)"


def test_parse_epsg_and_refusals():
    assert crs.parse_epsg("EPSG:9210") == crs.parse_epsg("9210") == 9210
    with pytest.raises(crs.CRSError):
        crs.parse_epsg("VN2000")
    with pytest.raises(crs.CRSError):
        crs.zone(4326)


def test_datum_shift_is_the_coordinate_frame_default():
    """PROJ's default VN-2000 → WGS 84 is EPSG's "VN-2000 to WGS 84 (2)", 7 parameters
    in the coordinate-frame convention; the position-vector reading of the same numbers
    lands about 0.75 m away in Hải Phòng."""
    x, y = 590_000.0, 2_305_000.0
    lon, lat = crs.to_wgs84(9210).transform(x, y)
    best = TransformerGroup(9210, 4326, always_xy=True).transformers[0]
    assert "VN-2000 to WGS 84 (2)" in best.description
    assert "convention=coordinate_frame" in best.definition
    assert best.transform(x, y) == pytest.approx((lon, lat), abs=1e-9)
    flipped = Transformer.from_pipeline(
        best.definition.replace("coordinate_frame", "position_vector")
    ).transform(x, y)
    dx = (flipped[0] - lon) * 111_320 * math.cos(math.radians(lat))
    dy = (flipped[1] - lat) * 110_574
    assert 0.6 < math.hypot(dx, dy) < 0.9
    back = crs.from_wgs84(9210).transform(lon, lat)
    assert back == pytest.approx((x, y), abs=0.001)
