"""The procedure template in the policy packs (`procedure.deadlines`): regimes by the
notice date, steps in order, and validation messages naming file, key and value."""

import datetime as dt
import textwrap

import pytest

from gpmb.engine.pack import PACKS_DIR, PackError, find_pack, load_pack_text
from gpmb.engine.procedure import ProcedureTemplate

D = dt.date


@pytest.mark.parametrize("code", ["hai-phong-2026", "hai-phong-demo-2026", "lao-cai-2026"])
def test_shipped_packs_carry_the_procedure(code):
    template = find_pack(code).procedure()
    assert template is not None
    codes = [s.code for s in template.steps]
    assert codes[0] == "notice"
    assert {"inventory", "posting", "appraisal", "approval"} <= set(codes)
    assert codes[-3:] == ["payment", "recovery_decision", "handover"]
    assert [s.earns for s in template.steps if s.earns] == [
        "notified",
        "inventoried",
        "drafted",
        "posted",
        "appraised",
        "approved",
        "paid",
        "handed_over",
    ]
    # Land Law 2024 Art. 94(3)(a), 87(5): 30 days to pay, 10 to decide the recovery.
    day = D(2026, 3, 1)
    assert template.period(template.step("payment"), day) == 30
    assert template.period(template.step("recovery_decision"), day) == 10
    assert template.step("handover").anchor == "payment"
    # A stored copy reads back the same (the cases app keeps it with the batch).
    assert ProcedureTemplate.from_value(template.as_dict()) == template


def test_periods_follow_the_regime_of_the_notice_date():
    """Land Law 2024 Art. 87(3)(a): posting 30 days, dialogue within 60 days; from
    01/01/2026 Resolution 254/2025 Art. 3(9)(b): posting 10 days, dialogue within 30.
    Land Law Art. 85(1) 90/180 days of notice; Resolution 254 Art. 3(9)(a) 60/120."""
    t = find_pack("hai-phong-2026").procedure()
    before, after = D(2025, 12, 31), D(2026, 1, 1)
    assert t.period(t.step("posting_end"), before) == 30
    assert t.period(t.step("posting_end"), after) == 10
    assert t.period(t.step("dialogue"), before) == 60
    assert t.period(t.step("dialogue"), after) == 30
    assert t.period(t.step("appraisal"), before) == t.period(t.step("appraisal"), after) == 30
    old, new = t.regime_on(before), t.regime_on(after)
    assert (old.periods["notice_agricultural"], old.periods["notice_non_agricultural"]) == (90, 180)
    assert (new.periods["notice_agricultural"], new.periods["notice_non_agricultural"]) == (60, 120)
    assert t.regime_on(D(2030, 1, 1)) == new and t.regime_on(D(2024, 8, 1)) == old
    # Fixed periods do not depend on the regime: the compulsory-inventory decision
    # not before 10 days after the persuasion ends (Land Law Art. 87(2)(đ)).
    compulsory = t.step("compulsory_inventory")
    assert t.period(compulsory, before) == t.period(compulsory, after) == 10
    assert compulsory.bound == "after"
    # The inventory's schedule is the notice's: no period in the template.
    assert t.period(t.step("inventory"), after) is None
    assert t.period(t.step("notice"), after) is None
    assert t.step("compulsory_inventory").may_skip and not t.step("inventory").may_skip
    assert t.step("posting").scope == "batch" and t.step("notice").scope == "household"


BASE = """
code: p-2026
series: p
valid_from: 2026-01-01
params:
  procedure.deadlines:
    source: "NQ 254/2025, Điều 3"
    value:
      regimes:
        - {code: nq-254, from: 2026-01-01, periods: {posting: 10}, source: "NQ 254, Điều 3"}
      steps:
        - code: notice
          title: {vi: "Thông báo", en: "Notice"}
          role: approver
          source: "LĐĐ Điều 85"
        - code: posting
          title: {vi: "Niêm yết", en: "Posting"}
          period: {regime: posting, unit: calendar}
          role: commune_land_officer
          source: "NQ 254, Điều 3"
"""


def errors(text):
    with pytest.raises(PackError) as exc:
        load_pack_text(textwrap.dedent(text), "bad.yaml")
    return exc.value.messages


def test_the_minimal_template_loads():
    t = load_pack_text(textwrap.dedent(BASE), "ok.yaml").procedure()
    assert t.step("posting").anchor == "notice"
    assert t.period(t.step("posting"), D(2026, 5, 1)) == 10


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "unit: calendar",
            "unit: weekdays",
            "bad.yaml: params.procedure.deadlines.value.steps[1].period.unit = 'weekdays': "
            "one of calendar, working",
        ),
        (
            "regime: posting",
            "regime: consultation",
            "bad.yaml: params.procedure.deadlines.value.steps[1].period.regime = 'consultation': "
            "a period every regime defines (posting)",
        ),
        (
            "role: commune_land_officer",
            "role: chairman",
            "bad.yaml: params.procedure.deadlines.value.steps[1].role = 'chairman': "
            "one of compensation_officer, commune_land_officer, appraiser, approver, accountant",
        ),
        (
            "periods: {posting: 10}",
            "periods: {posting: -10}",
            "bad.yaml: params.procedure.deadlines.value.regimes[0].periods.posting = -10: "
            "whole days from 0 to 3650",
        ),
        (
            "code: posting",
            "code: notice",
            "bad.yaml: params.procedure.deadlines.value.steps[1].code = 'notice': "
            "duplicate step code",
        ),
        (
            "          role: commune_land_officer",
            "          role: commune_land_officer\n          after: approval",
            "bad.yaml: params.procedure.deadlines.value.steps[1].after = 'approval': "
            "must name an earlier step",
        ),
    ],
)
def test_a_bad_template_is_refused_naming_file_key_and_value(old, new, message):
    assert message in errors(BASE.replace(old, new))


def test_every_shipped_pack_still_loads():
    for path in sorted(PACKS_DIR.glob("*.yaml")):
        find_pack(str(path))
