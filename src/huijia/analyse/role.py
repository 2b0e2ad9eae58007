"""Who wrote a flagged post, read from the text and the author's name — never copied from the label.

- A **broker** places other people's children or runs placements: 中介 (or agent, broker) in the
  author's name, a broker's words (中介, 渠道, 长期有, 包上户口 …), several children on offer, documents
  offered with a child, or a broker's fee.
- A **birth parent** speaks of their own child or pregnancy (我家宝宝, 本人怀孕, "my baby", "I'm due").
- A **buyer** seeks a child for themselves. A request is a buyer's unless broker signals say otherwise.
- Otherwise the role is unknown (`None`): an offer that says nothing of whose child it is.

`infer_role` also returns the cues that decided it, so the case page can show why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from huijia.analyse.cues import Cue
from huijia.model import Child

BROKER_NAME = re.compile(
    r"中介|介绍|代办|机构|平台|agent|agency|broker|adoption ?service|consult", re.IGNORECASE
)
BROKER_CATEGORIES = frozenset(("broker",))
STRONG_BROKER_TERMS = frozenset(
    ("中介", "中间人", "介绍人", "介绍费", "货源", "宝源", "长期有", "长期提供", "随时有", "男宝女宝都有",
     "男女都有",
     "包上户", "包成功", "一条龙", "代办出生", "专业办理", "渠道", "接单", "多个宝宝", "经常有", "都能找到",
     "agent", "agents", "middleman", "middlemen", "we have babies", "babies available", "available babies",
     "several babies", "placements", "matchmaker", "we can provide", "we provide", "supplier")
)  # fmt: skip
PARENT_CATEGORIES = frozenset(("own_child", "seller_role", "story"))
BUYER_CATEGORIES = frozenset(("want_child", "buyer_role", "seek"))


def infer_role(
    label: str, cues: Sequence[Cue], child: Child, author: str | None = None
) -> tuple[str | None, list[Cue]]:
    """The role of the author of a post with `label`, and the cues that show it."""
    if label == "missing_notice":
        return "family_searching", [c for c in cues if c.category == "missing_strong"][:1]
    if label not in ("sale_offer", "purchase_request", "broker"):
        return None, []
    broker = [c for c in cues if c.category in BROKER_CATEGORIES and c.term in STRONG_BROKER_TERMS]
    broker += [
        c
        for c in cues
        if c.category == "documents" and c.term in ("包办出生证", "合法上户", "包上户", "办证")
    ]
    several = (child.count or 0) > 1 or any(c.category == "multiple" for c in cues)
    named_broker = bool(author and BROKER_NAME.search(author))
    if label == "broker" or named_broker or broker or (label == "sale_offer" and several and not _own(cues)):
        return "broker", broker
    if label == "purchase_request":
        return "buyer", [c for c in cues if c.category in BUYER_CATEGORIES][:3]
    own = _own(cues)
    if own:
        return "birth_parent", own[:3]
    return None, []


def _own(cues: Sequence[Cue]) -> list[Cue]:
    return [c for c in cues if c.category in PARENT_CATEGORIES]
