"""`{% household_inventory household %}`: the household's inventory table, for any page
(the household page includes it)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("census/_inventory.html", takes_context=True)
def household_inventory(context: Any, household: Any) -> dict[str, Any]:
    from gpmb.census.views import inventory_context

    request = context["request"]
    data = inventory_context(request.user, household)
    data["csrf_token"] = context.get("csrf_token")
    data["request"] = request
    return data
