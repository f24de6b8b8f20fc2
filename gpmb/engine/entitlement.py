"""Who is entitled to a resettlement plot or flat, and on which clause: the case's facts
and a person's recorded answers in, a proposal out (an officer confirms it). Land Law 2024
Art. 111(4),(5),(8),(10); Decree 88/2024 Art. 11(2), Art. 24(3),(5) (as amended).

What the facts cannot say is asked, never guessed: whether the household has another
residential land or house in the commune (Decree 88 Art. 11(2); Land Law Art. 111(5)),
how many households living on the plot could be registered apart (Art. 111(4), second
paragraph), and whether the household asks for in-place resettlement (Decree 88
Art. 24(3)). Each is an answer a person records with its reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import cite as c
from .context import Ctx
from .facts import CaseFacts, Parcel
from .lines import MISSING_BASIS, NEEDS_CONFIRMATION, OK
from .money import ZERO, dec, fmt_num
from .pack import AGRICULTURAL_CODES, RESIDENTIAL_CODES, Pack
from .rules import land

# The bases (gpmb.resettlement.choices.EntitlementBasis holds their labels).
RELOCATING = "relocating"
GENERATIONS = "generations"
NO_OTHER_HOME = "no_other_home"
IN_PLACE = "in_place"

# The questions a person answers (their keys in `answers`).
OTHER_HOME = "other_home"  # "yes" | "no"
SEPARABLE = "separable_households"  # a whole number ≥ 1
IN_PLACE_WISH = "in_place"  # "yes" | "no"
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Proposal:
    """`basis` None: not entitled (the reasons say why). `status` ok: a person may confirm
    it; needs_confirmation: `asks` lists the questions to answer first; missing_basis:
    the pack lacks `missing`. `plots`: the plots or flats proposed (Art. 111(4), second
    paragraph: one for each household that can be registered apart)."""

    basis: str | None
    status: str
    reasons: tuple[str, ...]
    citations: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    plots: int = 0
    residential_eligible: bool = False
    topup_applies: bool = False
    answers: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "basis": self.basis,
            "status": self.status,
            "reasons": list(self.reasons),
            "citations": list(self.citations),
            "asks": list(self.asks),
            "missing": list(self.missing),
            "plots": self.plots,
            "residential_eligible": self.residential_eligible,
            "topup_applies": self.topup_applies,
            "answers": dict(self.answers),
        }


def _area(p: Parcel) -> Decimal | None:
    # Decree 88 Art. 6: the measured area where the survey gives one, else the certificate's.
    return p.measured_area if p.measured_area is not None else p.certificate_area


def propose(
    facts: CaseFacts,
    pack: Pack,
    answers: Mapping[str, str] | None = None,
    *,
    linear: bool = False,
) -> Proposal:
    """The proposal for one case. `linear`: a project of the kinds Decree 88 Art. 24(3)
    names (defence, security, transport, irrigation, technical and social infrastructure),
    where in-place resettlement behind the house is possible."""
    answers = dict(answers or {})
    residential = [
        p for p in facts.parcels if p.land_use_code in RESIDENTIAL_CODES and p.recovered_area > 0
    ]
    if not residential:
        return Proposal(None, OK, ("không thu hồi đất ở",), answers=answers)
    ctx = Ctx(facts, pack, None)
    land.land_lines(ctx)  # decides which residential land is eligible (Art. 95; Decree 88 Art. 5)
    eligible = ctx.residential_eligible
    recovered = sum((p.recovered_area for p in residential), ZERO)

    # Decree 88 Art. 24(3): in-place resettlement, on the household's request, by moving
    # the residential land to the farmland left behind the house on a linear project.
    behind = [p for p in residential if p.remainder_code in AGRICULTURAL_CODES]
    if eligible and linear and behind and answers.get(IN_PLACE_WISH) == YES:
        return Proposal(
            IN_PLACE,
            OK,
            (
                f"thu hồi {fmt_num(recovered)} m² đất ở, còn đất nông nghiệp phía sau; hộ có nhu "
                "cầu tái định cư tại chỗ: chuyển mục đích trong hạn mức, miễn tiền sử dụng đất "
                "bằng diện tích đất ở thu hồi",
            ),
            (c.ND88_24_3A, c.ND88_24_3B),
            plots=0,
            residential_eligible=True,
            answers=answers,
        )

    # Decree 88 Art. 11(2): the household must move when all its residential land is
    # recovered, or what is left of the plot is below the province's minimum area
    # (Land Law Art. 220(2)).
    (limits,), missing, sources = pack.param_lookup["limits.minimum_parcel_area"]
    must_move = False
    reasons: list[str] = []
    unknown: list[str] = []
    for p in residential:
        area = _area(p)
        if area is None:
            unknown.append(f"diện tích thửa {p.ref} (certificate_area/measured_area)")
            continue
        left = ZERO if p.remainder_recovery else max(area - p.recovered_area, ZERO)
        if left == 0:
            must_move = True
            reasons.append(f"thửa {p.ref}: thu hồi hết đất ở ({fmt_num(p.recovered_area)} m²)")
            continue
        if limits is None:
            unknown.extend(missing)
            continue
        minimum = dec(limits["residential"][p.commune_kind])
        if left < minimum:
            must_move = True
            reasons.append(
                f"thửa {p.ref}: đất ở còn lại {fmt_num(left)} m² < diện tích tối thiểu "
                f"{fmt_num(minimum)} m²"
            )
        else:
            reasons.append(
                f"thửa {p.ref}: đất ở còn lại {fmt_num(left)} m² ≥ diện tích tối thiểu "
                f"{fmt_num(minimum)} m²"
            )
    area_cites = (c.ND88_11_2A, c.LL_220_2, *sources)
    if not must_move:
        if unknown:
            return Proposal(
                None,
                MISSING_BASIS,
                tuple(reasons),
                area_cites,
                missing=tuple(dict.fromkeys(unknown)),
                residential_eligible=eligible,
                answers=answers,
            )
        return Proposal(
            None,
            OK,
            (*reasons, "không phải di chuyển chỗ ở"),
            area_cites,
            residential_eligible=eligible,
            answers=answers,
        )

    other_home = answers.get(OTHER_HOME)
    if other_home not in (YES, NO):
        return Proposal(
            RELOCATING if eligible else NO_OTHER_HOME,
            NEEDS_CONFIRMATION,
            (*reasons, "chưa xác nhận hộ còn đất ở, nhà ở nào khác trên địa bàn xã/phường"),
            area_cites,
            asks=(OTHER_HOME,),
            plots=1,
            residential_eligible=eligible,
            answers=answers,
        )
    if not eligible:
        if other_home == YES:
            # Land Law Art. 111(5): only a household with no other home there.
            return Proposal(
                None,
                OK,
                (*reasons, "không đủ điều kiện bồi thường về đất ở và còn chỗ ở khác"),
                (c.LL_111_5, c.ND88_24_5),
                residential_eligible=False,
                answers=answers,
            )
        # Land Law Art. 111(5); Decree 88 Art. 24(5): "được Nhà nước giao đất ở có thu
        # tiền sử dụng đất hoặc bán, cho thuê, cho thuê mua nhà ở" — no top-up (Art. 111(8)
        # is for those compensated for residential land).
        return Proposal(
            NO_OTHER_HOME,
            OK,
            (
                *reasons,
                "không đủ điều kiện bồi thường về đất ở, không có chỗ ở nào khác trên địa bàn "
                "xã/phường: giao đất ở có thu tiền sử dụng đất hoặc bán, cho thuê, cho thuê mua "
                "nhà ở",
            ),
            (c.LL_111_5, c.ND88_24_5, *area_cites),
            plots=1,
            residential_eligible=False,
            answers=answers,
        )
    if other_home == YES:
        # Decree 88 Art. 11(2)(b): money, or land or a house where the locality has them.
        return Proposal(
            None,
            OK,
            (
                *reasons,
                "còn đất ở, nhà ở khác trên địa bàn: bồi thường bằng tiền, hoặc đất ở, nhà ở "
                "nếu địa phương có quỹ đất, quỹ nhà",
            ),
            (c.ND88_11_2B, *area_cites),
            residential_eligible=True,
            answers=answers,
        )
    cites = (c.LL_111_4, c.ND88_11_2A, *area_cites[1:])
    separable = answers.get(SEPARABLE, "")
    n = int(separable) if separable.isdigit() else 1
    if n >= 2:
        # Art. 111(4), second paragraph: several generations or couples on the plot, each
        # able to be registered apart, when the compensated residential area cannot give
        # each its own plot of the minimum area: considered for a plot at the fee (or a
        # flat to buy or rent) for those still without; the province decides (Art. 111(10)).
        (units,), unit_missing, unit_sources = pack.param_lookup["limits.minimum_parcel_area"]
        if units is None:
            return Proposal(
                GENERATIONS,
                MISSING_BASIS,
                tuple(reasons),
                (c.LL_111_4_2, *unit_sources),
                missing=tuple(unit_missing),
                plots=n,
                residential_eligible=True,
                answers=answers,
            )
        minimum = dec(units["residential"][facts.commune_kind])
        if recovered < n * minimum:
            return Proposal(
                GENERATIONS,
                OK,
                (
                    *reasons,
                    f"{n} hộ đủ điều kiện tách hộ cùng sống trên thửa; đất ở được bồi thường "
                    f"{fmt_num(recovered)} m² < {n} × {fmt_num(minimum)} m²: xem xét giao thêm "
                    f"{n - 1} lô có thu tiền sử dụng đất",
                ),
                (c.LL_111_4, c.LL_111_4_2, c.LL_111_10, c.LL_111_8, *cites[1:]),
                plots=n,
                residential_eligible=True,
                topup_applies=True,
                answers=answers,
            )
    return Proposal(
        RELOCATING,
        OK,
        (
            *reasons,
            "đủ điều kiện bồi thường về đất ở, phải di chuyển, không còn chỗ ở khác trên địa "
            "bàn: bồi thường bằng đất ở hoặc nhà ở tái định cư; hỗ trợ đủ một suất tái định "
            "cư tối thiểu nếu tiền bồi thường về đất ở không đủ",
        ),
        (*cites, c.LL_111_8),
        plots=1,
        residential_eligible=True,
        topup_applies=True,
        answers=answers,
    )
