"""The stored policy packs: pack files validated by the engine and loaded into the
database as immutable versions, and the engine's Pack of a stored version."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gpmb.core.models import Actor, record_event
from gpmb.engine.pack import PACKS_DIR, Pack, PackError, load_pack_dir, load_pack_text
from gpmb.policy.models import PolicyPack


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
            row = PolicyPack.objects.create(
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
                source_name=path.name,
                source_text=path.read_text(encoding="utf-8"),
            )
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
