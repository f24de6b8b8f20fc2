"""Pages composed across the layers.

An app imports only the apps below it (DESIGN.md "Layers"), yet the household page shows
the household's parcels, inventory and plans, which live in higher apps. So a page names
a slot and renders it with `render_panels`; each higher app fills the slot with its panel
in its `AppConfig.ready()` (NetBox's template extensions). A reader of the page's view
sees where the rest comes from: the apps' `ready()` list every panel they add."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

# (request, the page's object, the page's own context) → the panel's context, or None
# when the panel has nothing to show this user.
PanelContext = Callable[[HttpRequest, Any, dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: PanelContext
    order: int = 100


_slots: dict[str, dict[str, Panel]] = defaultdict(dict)


def register_panel(slot: str, panel: Panel) -> None:
    """Add `panel` to the pages that render `slot` (again under the same name: replace)."""
    _slots[slot][panel.name] = panel


def render_panels(
    slot: str, request: HttpRequest, obj: Any, page: dict[str, Any]
) -> list[SafeString]:
    """The HTML of every panel in `slot` that has something to show, in their order."""
    out = []
    for panel in sorted(_slots[slot].values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, obj, page)
        if context is not None:
            out.append(SafeString(render_to_string(panel.template, context, request=request)))
    return out
