"""The stored policy packs: pack files validated by the engine and loaded into the
database as immutable versions, and the engine's Pack of a stored version."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.core.models import Actor, Upload, record_event
from gpmb.core.permissions import NotPermitted, holds_system_wide
from gpmb.core.roles import PACK_PUBLISHING
from gpmb.engine.pack import PACKS_DIR, Pack, PackError, load_pack_dir, load_pack_text
from gpmb.policy.models import PolicyPack
from gpmb.policy.pricetable import (
    PriceTableError,
    decimal_free,
    merge_segments,
    read_price_table,
    replace_param_block,
    segments_yaml,
)


class PolicyError(Exception):
    """A pack cannot be used; `messages` name the file, path and value (or the code)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def _plain(value: Any) -> Any:
    """JSON-ready copy of a param value (Decimal → text, date → ISO)."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _param_rows(pack: Pack) -> list[dict[str, Any]]:
    own = set((pack.raw.get("params") or {}).keys())
    return [
        {
            "key": key,
            "value": None if p.missing is not None else _plain(p.value),
            "missing": p.missing,
            "source": p.source,
            "illustrative": p.illustrative,
            "inherited": key not in own,
        }
        for key, p in sorted(pack.params.items())
    ]


def packs_load(*, actor: Actor, folder: Path | str = PACKS_DIR) -> list[tuple[PolicyPack, bool]]:
    """Validate every pack file of `folder` with the engine, then store each new version.

    All or nothing: one invalid file (or overlapping validity in a series) raises
    PolicyError naming file, path and value, and no pack is stored. Loading the same
    files again stores nothing (rows are keyed by code and digest)."""
    try:
        packs = load_pack_dir(folder)
    except PackError as exc:
        raise PolicyError(exc.messages) from None
    out: list[tuple[PolicyPack, bool]] = []
    with transaction.atomic():
        existing = {(p.code, p.digest): p for p in PolicyPack.objects.all()}
        for pack in packs:
            row = existing.get((pack.code, pack.digest))
            if row is not None:
                out.append((row, False))
                continue
            path = Path(pack.name)
            row = _store(pack, path.name, path.read_text(encoding="utf-8"))
            out.append((row, True))
        created = [row.code for row, new in out if new]
        if created:
            record_event(
                actor=actor,
                kind="policy.load",
                message=f"Nạp {len(created)} phiên bản gói chính sách: {', '.join(created)}",
                data={"created": [[r.code, r.digest] for r, new in out if new]},
            )
    return out


def _store(pack: Pack, source_name: str, source_text: str) -> PolicyPack:
    """A new stored version of a validated pack."""
    return PolicyPack.objects.create(
        code=pack.code,
        digest=pack.digest,
        series=pack.series,
        title=pack.title,
        jurisdiction=str(pack.raw.get("jurisdiction") or ""),
        valid_from=pack.valid_from,
        valid_to=pack.valid_to,
        extends=str(pack.raw.get("extends") or ""),
        illustrative=pack.illustrative,
        instruments=_plain(pack.raw.get("instruments") or {}),
        params=_param_rows(pack),
        source_name=source_name,
        source_text=source_text,
    )


# -- a new version from a province's price table, from the web ---------------------------


@dataclass(frozen=True)
class PriceTableOptions:
    """How to read a price table (as `gpmb import_price_table`): the instrument cited on
    every row, the land-use code of position-only columns, the code of "đất ở" columns,
    the commune of rows before any heading, the unit when the table omits it, and whether
    the table replaces the pack's segments or is laid over them."""

    source: str
    land_use: str | None = None
    residential: str = "ODT"
    commune: str | None = None
    unit: int | None = None
    replace: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PriceTableOptions:
        unit = data.get("unit")
        return cls(
            source=str(data.get("source") or ""),
            land_use=data.get("land_use") or None,
            residential=str(data.get("residential") or "ODT"),
            commune=data.get("commune") or None,
            unit=int(unit) if unit else None,
            replace=bool(data.get("replace")),
        )


@dataclass
class PackDraft:
    """What publishing a price table would make: the new pack text, its digest, and the
    segments added, changed and removed against the version in force."""

    text: str
    digest: str
    notes: list[str]
    added: list[dict[str, Any]]
    changed: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    unchanged: int


def price_table_draft(
    *, path: Path, name: str, base: PolicyPack, options: PriceTableOptions, valid_from: dt.date
) -> PackDraft:
    """Read the price table at `path` (the file a user uploaded as `name`) into a new
    version of `base` valid from `valid_from`; nothing is written. Raises PolicyError with
    sheet, row, column and value for a table that cannot be read, and with file, key and
    value for a result the engine refuses."""
    from gpmb.census.excel import check_workbook
    from gpmb.projects.choices import UnitLevel
    from gpmb.projects.models import AdminUnit

    try:
        check_workbook(path, name)
        known = {u.slug for u in AdminUnit.objects.filter(level=UnitLevel.COMMUNE).only("name")}
        table = read_price_table(
            path,
            source=options.source,
            land_use=options.land_use,
            residential=options.residential or "ODT",
            commune=options.commune,
            unit=options.unit,
            known_communes=known or None,
        )
    except PriceTableError as exc:
        raise PolicyError([m.replace(path.name, name) for m in exc.messages]) from None
    except ValueError as exc:  # check_workbook: too large, too many rows, not a workbook
        raise PolicyError([str(exc)]) from None
    engine = engine_pack(base)
    old = (engine.raw.get("params") or {}).get("land.segments", {}).get("value") or {}
    new = table.segments if options.replace else merge_segments(old, table.segments)
    text = replace_param_block(
        base.source_text,
        "land.segments",
        segments_yaml(decimal_free(new), options.source),
    )
    text = re.sub(
        r"^valid_from:.*$", f"valid_from: {valid_from.isoformat()}", text, count=1, flags=re.M
    )
    try:
        pack = load_pack_text(text, base.source_name, base_dir=PACKS_DIR)
    except PackError as exc:
        raise PolicyError(exc.messages) from None
    added, changed, removed, unchanged = _segment_diff(old, pack.params["land.segments"].value)
    return PackDraft(text, pack.digest, table.notes, added, changed, removed, unchanged)


def _segment_diff(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], int]:
    def prices(row: dict[str, Any]) -> dict[str, Any]:
        return {code: _plain(v) for code, v in (row.get("prices") or {}).items()}

    added = [{"id": sid, **new[sid], "prices": prices(new[sid])} for sid in new if sid not in old]
    removed = [{"id": sid, **old[sid], "prices": prices(old[sid])} for sid in old if sid not in new]
    changed, unchanged = [], 0
    for sid in new:
        if sid not in old:
            continue
        before, after = prices(old[sid]), prices(new[sid])
        if before == after:
            unchanged += 1
            continue
        changed.append(
            {
                "id": sid,
                **new[sid],
                "codes": [
                    {"code": code, "before": before.get(code), "after": after.get(code)}
                    for code in sorted(set(before) | set(after))
                    if before.get(code) != after.get(code)
                ],
            }
        )
    return added, changed, removed, unchanged


def may_publish_packs(user: Any) -> bool:
    """Packs serve every project: publishing a version takes an administrator of the
    whole system (or a superuser)."""
    return holds_system_wide(user, PACK_PUBLISHING)


def pack_publish(
    *,
    upload: Upload,
    base: PolicyPack,
    options: PriceTableOptions,
    valid_from: dt.date,
    expected_digest: str,
    reason: str,
    actor: Actor,
) -> PolicyPack:
    """Publish the price table of `upload` as a new version of `base` valid from
    `valid_from`, exactly as previewed (`expected_digest`); the version in force is
    never changed, and plans computed with it keep naming it. All or nothing."""
    if actor is not None and not may_publish_packs(actor):
        raise NotPermitted(_("Chỉ quản trị hệ thống (toàn bộ dự án) được ban hành gói chính sách."))
    if not reason.strip():
        raise PolicyError([_("Ghi căn cứ ban hành (số quyết định, ngày) hoặc lý do.")])
    with transaction.atomic():
        current = PolicyPack.objects.select_for_update().filter(pk=base.pk).get()
        if PolicyPack.objects.newest(current.code) != current:
            raise PolicyError(
                [
                    _("Gói %(code)s đã có phiên bản mới hơn: xem lại trước khi ban hành.")
                    % {"code": current.code}
                ]
            )
        draft = price_table_draft(
            path=Path(upload.file.path),
            name=upload.original_name,
            base=current,
            options=options,
            valid_from=valid_from,
        )
        if draft.digest != expected_digest:
            raise PolicyError([_("Bản xem trước đã khác (tệp hoặc gói đã đổi): xem lại.")])
        if PolicyPack.objects.filter(code=current.code, digest=draft.digest).exists():
            raise PolicyError([_("Phiên bản này đã có: bảng giá không thay đổi gì.")])
        pack = load_pack_text(draft.text, current.source_name, base_dir=PACKS_DIR)
        row = _store(pack, current.source_name, draft.text)
        upload.used_at = timezone.now()
        upload.save(update_fields=["used_at"])
        record_event(
            actor=actor,
            kind="policy.publish",
            message=(
                f"Ban hành phiên bản mới của gói {row.code} hiệu lực từ "
                f"{valid_from.strftime('%d/%m/%Y')} từ bảng giá {upload.original_name}: "
                f"{len(draft.added)} đoạn thêm, {len(draft.changed)} đoạn đổi giá, "
                f"{len(draft.removed)} đoạn bỏ"
            ),
            target=row,
            reason=reason.strip(),
            data={"previous": current.digest, "digest": row.digest, "upload": upload.sha256},
        )
    return row


def load_packs_after_migrate(**kwargs: Any) -> None:
    """`gpmb migrate` (and a test database's flush) loads the shipped packs."""
    try:
        packs_load(actor=None)
    except PolicyError as exc:
        # Migrations must not fail because of a pack file; `gpmb load_packs` shows why.
        import logging

        logging.getLogger(__name__).warning("policy packs not loaded:\n%s", exc)


_ENGINE_PACKS: dict[tuple[str, str], Pack] = {}


def engine_pack(row: PolicyPack) -> Pack:
    """The engine's Pack for a stored version, checked against the stored digest."""
    key = (row.code, row.digest)
    pack = _ENGINE_PACKS.get(key)
    if pack is None:
        try:
            pack = load_pack_text(row.source_text, row.source_name, base_dir=PACKS_DIR)
        except PackError as exc:
            raise PolicyError(exc.messages) from None
        if pack.digest != row.digest:
            # A parent pack (`extends`) changed on disk since this version was loaded.
            raise PolicyError(
                [
                    f"{row.source_name}: digest {pack.digest[:12]} ≠ stored {row.digest[:12]}; "
                    "run `gpmb load_packs`"
                ]
            )
        _ENGINE_PACKS[key] = pack
    return pack


def pack_for_code(code: str) -> tuple[PolicyPack, Pack]:
    """The current stored version of pack `code` and its engine Pack. Packs shipped with
    GPMB are loaded on first use if `gpmb load_packs` has not run yet."""
    if not code:
        raise PolicyError([_("Dự án chưa chọn gói chính sách.")])
    row = PolicyPack.objects.current(code)
    if row is None:
        packs_load(actor=None)
        row = PolicyPack.objects.current(code)
    if row is None:
        raise PolicyError([_("Không có gói chính sách mã %(code)s.") % {"code": code}])
    return row, engine_pack(row)
