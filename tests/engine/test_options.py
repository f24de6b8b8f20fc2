"""Every option of every named decision the engine asks has words and the text it rests
on (gpmb/engine/options.py), so no page or document has to show its code."""

import re
from pathlib import Path

from gpmb.engine.options import OPTIONS, option, option_vi
from gpmb.engine.rules.assets import POWER_CORRIDOR_OPTIONS
from gpmb.engine.rules.frontage import (
    FLOOR_OPTIONS,
    INCREASE_OPTIONS,
    PORTION_OPTIONS,
    SEPARATED_OPTIONS,
    STRIP_OPTIONS,
)
from gpmb.engine.rules.support import PART_MONTH_OPTIONS

ENGINE = Path(__file__).resolve().parents[2] / "gpmb" / "engine"
# A decision's key assigned in the engine ("key = f\"area:{p.ref}\"", "key, options = ..."),
# a frontage question (ask.choose("depth_strip", ...)) or the life bands' prefixes.
KEY = re.compile(r"\b[a-z]?key\b[^=\n]*=\s*f?\"([a-z0-9_]+)(?::\{|\")")
ASKED = re.compile(r"ask\.choose\(\s*\"([a-z_]+)\"")
BANDS = re.compile(r"\"(life_band[a-z_]*)\"")
# Options that are already words: the pack's own rows (a livestock weight band).
WORDS_ALREADY = {"livestock_band"}


def _kinds() -> set[str]:
    found: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found.update(KEY.findall(text), ASKED.findall(text), BANDS.findall(text))
    return found


def test_every_decision_the_engine_asks_has_its_options_in_words():
    kinds = _kinds()
    # The scan sees the decisions it should (a broken pattern would pass vacuously).
    assert {"area", "remainder", "regime", "depth_strip", "life_band_not_eligible"} <= kinds
    assert kinds - WORDS_ALREADY - set(OPTIONS) == set()


def test_every_option_has_vietnamese_english_and_its_text():
    for kind, options in OPTIONS.items():
        for code, words in options.items():
            assert words.vi and words.en and words.basis, (kind, code)
            assert words.vi != code and words.en != code, (kind, code)


def test_option_tuples_of_the_rules_are_all_worded():
    for kind, codes in [
        ("power_corridor", POWER_CORRIDOR_OPTIONS),
        ("rental_part_month", PART_MONTH_OPTIONS),
        ("depth_strip", STRIP_OPTIONS),
        ("depth_portion", PORTION_OPTIONS),
        ("frontage_increase", INCREASE_OPTIONS),
        ("depth_floor", FLOOR_OPTIONS),
        ("separated", SEPARATED_OPTIONS),
    ]:
        for code in codes:
            assert option(f"{kind}:a-1", code) is not None, (kind, code)


def test_the_engine_writes_a_decided_question_in_words():
    # A pack row needs no words; an unknown option is shown as it is.
    assert option_vi("livestock_band:x", "Phụ lục I, V.1") == "Phụ lục I, V.1"
    assert option_vi("depth_strip:a-1", "rear") == "Phía sau thửa"
