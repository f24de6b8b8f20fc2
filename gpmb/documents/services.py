"""Writes of the documents app: putting an administrator's template in force, going back
to the shipped one, and numbering issued documents. A template is checked before it is
accepted (it must render with its kind's sample context and give a Word file back); every
change is an audit event."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, holds_system_wide
from gpmb.core.roles import DOCUMENT_TEMPLATES
from gpmb.documents.models import IssuedNumber, NumberRegister
from gpmb.documents.registry import KINDS, DocumentKind
from gpmb.documents.rendering import TemplateFault, check_template, override_path


def document_kind(name: str) -> DocumentKind:
    """The kind called `name`, or TemplateFault listing the names there are."""
    try:
        return KINDS[name]
    except KeyError:
        raise TemplateFault(
            _("Không có mẫu văn bản “%(name)s”; các mẫu: %(names)s.")
            % {"name": name, "names": ", ".join(KINDS)}
        ) from None


def may_manage_templates(user: Any) -> bool:
    """Templates serve every project: replacing one takes an administrator whose
    assignment is not limited to a project or a commune (or a superuser)."""
    return holds_system_wide(user, DOCUMENT_TEMPLATES)


def _check_actor(actor: Actor) -> None:
    # None: the `gpmb` command run without --user, by whoever holds the server's shell.
    if actor is not None and not may_manage_templates(actor):
        raise NotPermitted(_("Chỉ quản trị hệ thống (toàn bộ dự án) được thay mẫu văn bản."))


def template_install(*, name: str, data: bytes, actor: Actor, source: str) -> Path:
    """Put `data` in force as the template `name` (in the data folder, over the shipped
    one) once it renders with the kind's sample; `source` names the file in messages and
    in the audit event. Raises TemplateFault, and changes nothing, if it does not."""
    kind = document_kind(name)
    _check_actor(actor)
    check_template(name, data, kind.sample, source=source)
    target = override_path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        record_event(
            actor=actor,
            kind="documents.template_install",
            message=f"Thay mẫu văn bản {name} bằng {Path(source).name}",
            data={"name": name, "source": source, "sha256": hashlib.sha256(data).hexdigest()},
        )
        # Written beside the target and renamed: a render never reads half a file.
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(data)
        os.replace(partial, target)
    return target


def template_reset(*, name: str, actor: Actor) -> bool:
    """Remove the data folder's own template `name`: the shipped one is in force again.
    False when there was none."""
    document_kind(name)
    _check_actor(actor)
    target = override_path(name)
    if not target.is_file():
        return False
    with transaction.atomic():
        record_event(
            actor=actor,
            kind="documents.template_reset",
            message=f"Dùng lại mẫu văn bản gốc {name}",
            data={"name": name},
        )
        target.unlink()
    return True


def numbers_issue(
    *,
    project: Any,
    body: str,
    symbol: str,
    kind: str,
    keys: list[str],
    actor: Actor,
    year: int | None = None,
) -> dict[str, IssuedNumber]:
    """The register numbers of the documents `keys` of `body` (its name as printed, e.g.
    "Ủy ban nhân dân phường An Biên"), one per key: a key numbered before keeps its number
    (downloading a document again burns none); the others get the next numbers of the
    body's register for the year (Decree 30/2020/NĐ-CP Art. 15(1)), in the order given,
    allocated under a lock on the register's row so two users never share one."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        known = {n.key: n for n in IssuedNumber.objects.filter(key__in=keys)}
        todo = [k for k in dict.fromkeys(keys) if k not in known]
        if not todo:
            return known
        NumberRegister.objects.get_or_create(body=body, year=year)
        register = NumberRegister.objects.select_for_update().get(body=body, year=year)
        # Another user may have numbered some of them while this one waited for the lock.
        known |= {n.key: n for n in IssuedNumber.objects.filter(key__in=todo)}
        todo = [k for k in todo if k not in known]
        if not todo:
            return known
        first = register.last + 1
        issuer = actor if getattr(actor, "pk", None) else None
        made = IssuedNumber.objects.bulk_create(
            [
                IssuedNumber(
                    project=project,
                    body=body,
                    year=year,
                    number=first + i,
                    symbol=symbol,
                    kind=kind,
                    key=key,
                    issued_by=issuer,
                )
                for i, key in enumerate(todo)
            ],
            batch_size=1000,
        )
        register.last = first + len(todo) - 1
        register.save(update_fields=["last"])
        numbers = f"{first}" if len(todo) == 1 else f"{first}–{register.last}"
        record_event(
            actor=actor,
            kind="documents.number_issue",
            message=f"Cấp số {numbers}/{symbol} ({kind}) của {body} năm {year}",
            target=project,
            data={"body": body, "year": year, "first": first, "count": len(todo), "kind": kind},
        )
        known |= {n.key: n for n in made}
    return known
