"""Loads the 34 provinces and their communes/wards (units after 1 July 2025) from the
`vietnam-provinces` package. Idempotent: it updates names by official code."""

from __future__ import annotations

from typing import Any

from vietnam_provinces import Province, Ward


def load_admin_units(AdminUnit: Any) -> int:
    """Create or update every unit; returns how many rows were written."""
    existing = {unit.code: unit for unit in AdminUnit.objects.all()}
    written = 0
    provinces: dict[str, Any] = {}
    for province in Province.iter_all():
        code = str(province.code.value).zfill(2)
        unit = existing.get(code)
        if unit is None:
            unit = AdminUnit.objects.create(
                code=code,
                name=province.name,
                level="province",
                division_type=str(province.division_type.value),
            )
            written += 1
        elif unit.name != province.name:
            unit.name = province.name
            unit.save(update_fields=["name"])
            written += 1
        provinces[code] = unit
    new_wards = []
    for ward in Ward.iter_all():
        code = str(ward.code.value).zfill(5)
        parent = provinces[str(ward.province_code.value).zfill(2)]
        unit = existing.get(code)
        if unit is None:
            new_wards.append(
                AdminUnit(
                    code=code,
                    name=ward.name,
                    level="commune",
                    division_type=str(ward.division_type.value),
                    parent=parent,
                )
            )
        elif unit.name != ward.name:
            unit.name = ward.name
            unit.save(update_fields=["name"])
            written += 1
    AdminUnit.objects.bulk_create(new_wards, batch_size=500)
    return written + len(new_wards)
