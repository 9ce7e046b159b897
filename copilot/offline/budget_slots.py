"""Slots of a budget submission: the amount to submit and the plan named ("提交双12冲锋衣那个方案的预算，8000",
"submit the budget for the campaign winter strollers again with 9500")."""

from __future__ import annotations

import re
from typing import Any

from copilot.offline.findings import Findings, put

_CAMPAIGN_REF = re.compile(
    r"提交(?P<said>.{2,20}?)(?P<kind>方案|活动|计划)的?预算"
    # the name said after the word ("the budget for the campaign Winter strollers, but ...")
    r"|\bbudget (?:for|of) (?:the |our )?(?:campaign|plan|promo|promotion) "
    r"(?P<after>[a-z0-9\u4e00-\u9fff][^,，。;；?？!！]{1,29}?)"
    r"(?=\s*(?:[,，。;；?？!！]|$|\b(?:but|and|which|that|was|were|is|has|had|with|for|got|to)\b))"
    r"|\bbudget (?:for|of) (?:the |our )?(?!(?:the|our|my|this|that) )(?P<of>.{2,40}?)"
    r" (?:campaign|plan|promo|promotion)\b"
    # the plan named by what it is called ("campaign name 叫 国庆帐篷", "the plan called spring tents",
    # "叫冬季上新的那个活动")
    r"|(?:campaign|plan|promo|方案|活动|计划)\s*(?:的)?\s*(?:name|名字|名称)?\s*"
    r"(?:叫做|叫作|名为|叫|is called|called|named|name is)\s*(?P<called>[^,，。;；?？!！\s][^,，。;；?？!！]{1,29})"
    r"|叫做?(?P<named>[^,，。;；?？!！的]{2,20})的(?:那个|这个)?(?:campaign|plan|方案|活动|计划)"
    r"|[“\"「『](?P<quoted>[^”\"」』]{2,30})[”\"」』]\s*(?:那个|这个|的)?\s*(?:campaign|plan|活动|方案|计划)"
    # "把猫粮清仓那个活动的预算提交", "把推车那个方案提交一下", "submit the tent campaign budget",
    # "submit 登山杖 campaign 的 budget"
    r"|(?:把|将|submit\s+(?:the\s+|our\s+|my\s+)?)(?P<before>[^,，。;；]{2,20}?)\s*(?:那个|这个|那场|这场)?\s*"
    r"(?:活动|方案|计划|campaign|plan|promo)\s*(?:(?:的|'s)?\s*(?:预算|budget)|(?=(?:提交|报批|送审|报上去|交上去)))"
    # the plan pointed at by what it promotes ("上周那个猫粮活动的预算，按1万提交", "昨天那个推车方案 提交")
    r"|(?:那个|这个|那场|这场|那份|这份)\s*(?P<pointed>[^,，。;；那这]{2,12}?)\s*(?:活动|方案|计划)\s*(?:的\s*)?(?:预算|budget)?"
    # the budget itself pointed at by what it was for ("昨天提的那个双12冲锋衣预算被驳回了")
    r"|(?:那个|这个|那笔|这笔)\s*(?!(?:推广|投放|广告|营销|活动|方案)\s*(?:的\s*)?预算)"
    r"(?P<budgeted>(?:(?!帮|请|提交|submit|一下|送审|报批|审批)[^,，。;；那这]){2,12}?)\s*(?:的\s*)?预算"
)


# (the sum a submission is made for, "submit it but for 7000 instead", "按6000提交": the amount)
_AMOUNT_CUE = re.compile(
    r"(金额|预算|\bamount|\bbudget|\b(?:submit|send)\b[^,.;?!]{0,30}?\b(?:for|with)|按(?=\s*\d+(?:\.\d+)?\s*(?:提交|报|送审)))\s*[,，]?\s*(按|是|为|改成|改为|:|：|of|is|to)?\s*(?:整|共|一共|总共|合计|exactly|of)?\s*"
    r"(\d+(?:\.\d+)?)(?!\d|\.\d)"  # (a full stop may end the sentence after it: "send it again for 7000.")
)


def budget(f: Findings) -> dict[str, Any]:
    """The amount to submit (one with a unit, or a plain number right after 金额/预算/amount) and the plan named."""
    slots: dict[str, Any] = {}
    cued = _AMOUNT_CUE.search(f.rest)
    put(slots, "amount", f.money[0] if f.money else float(cued.group(3)) if cued else None)
    kept = None if "amount" in slots else _KEPT_AT.search(f.rest)
    put(slots, "amount_short", float(kept.group("n")) if kept else None)
    ref = _CAMPAIGN_REF.search(f.norm)
    if ref:
        name = next((said for group, said in ref.groupdict().items() if said and group != "kind"), "").strip()
        name = _POINTER.sub("", name.strip("“”\"「」『』'")).strip("“”\"「」『』'")
        if name:  # "提交这个方案的预算" points at the latest draft, names none
            put(slots, "campaign", f"{name}{ref['kind']}" if ref["said"] else name)
    return slots


# a short number the plan is kept at ("stick with 40, send it up", "还是按30吧 提交"): the planner reads it in the
# draft's thousands when its budget is that many thousand
_KEPT_AT = re.compile(
    r"(?:\bstick (?:with|to)|\bkeep (?:it )?(?:at|to)|\bstay (?:at|with)|\bgo with|\bleave it at"
    r"|就按|还是按|还是|按)\s*"
    r"(?P<n>\d{1,3}(?:\.\d)?)(?![\d.]|\s*(?:k|w|万|千|%|元|块|天|号|日|月|\bdays?|\bpercent))"
)
_POINTER = re.compile(
    r"^(这个|那个|该|上回的?|上次的?|之前的?|刚才的?|叫做?|名为|the|this|that|our|my)\s*|\s*(的?这个|的?那个|的)$"
)


def names_a_plan(norm: str) -> bool:
    """Whether the words point at a plan drafted before by its name or what it was for ("那个猫砂清仓预算")."""
    return _CAMPAIGN_REF.search(norm) is not None
