"""A batch of households on the demo road with their steps generated from the pack."""

from __future__ import annotations

import datetime as dt

import pytest

from gpmb.cases.services import steps_generate
from gpmb.engine.pack import find_pack
from tests.factories import BatchFactory, CaseFactory, ProjectFactory, SegmentFactory, unit

PACK = "hai-phong-2026"
LE_CHAN, AN_BIEN = "11383", "11407"


def template():
    return find_pack(PACK).procedure()


@pytest.fixture
def batch_cases(db):
    """Three cases in phường Lê Chân and one in An Biên, with their steps."""
    project = ProjectFactory(code="hs-steps", policy_pack_code=PACK)
    SegmentFactory(project=project, commune=unit(LE_CHAN))
    SegmentFactory(project=project, commune=unit(AN_BIEN))
    batch = BatchFactory(project=project, code="D1", notice_date=dt.date(2026, 3, 16))
    cases = [CaseFactory(batch=batch, commune=unit(LE_CHAN)) for _ in range(3)]
    cases.append(CaseFactory(batch=batch, commune=unit(AN_BIEN)))
    steps_generate(cases=cases, template=template(), pack_code=PACK, actor=None)
    return cases
