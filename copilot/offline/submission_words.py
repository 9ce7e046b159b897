"""Words about a plan's submission: a typed claim that it was approved ("我已经批了", "I approved it") and words that
submit it ("提交吧", "send it up for approval", "交给老板批")."""

from __future__ import annotations

import re

_CLAIMED_APPROVAL = re.compile(
    r"(已经|早就?|刚才?|刚刚).{0,12}(批了|批过|批准|核准|审批过|同意了|点了?同意|通过了|确认了)|批过了"
    r"|(按|点|按下|点击)了?(一下)?(同意|通过|批准|核准|审批|确认)(键|按钮)?了|(核准|审核)(过|好)了"
    r"|\b(already|just) (approved|ok'?e?d|signed off|accepted|confirmed)\b|\bi approved\b|\bapproved it\b"
    r"|\b(it'?s|it is|that'?s|that is|this is|(the )?budget'?s|(the )?budget is) (been |now |already )?"
    r"(approved|signed off|okayed|ok'?e?d|green-?lit)\b(?!\s*(yet|now)?\s*\?)"
    r"|(帮我|替我|给我|你来|你|直接|就)(点个?|点一下|按一下|给)?(通过|批了|批准了?|同意了?)(?![吗没么])"
    r"|\b(you|yourself) (can )?approve\b|\bapprove (it|this|that|the budget) (for me|yourself)\b"
    # "so is approved, go", "it got approved", "approved by admin", "我 approve 了", "my manager said ok on the phone"
    r"|\b(so|now|already) (is|it'?s|it is|was|got|been) (approved|okayed|ok'?e?d|signed off|green-?lit)\b(?!\s*\?)"
    r"|\b(got|was|been) (approved|okayed|signed off|green-?lit)\b(?!\s*(yet)?\s*\?)|\bapproved by\b(?!.*\?)"
    # the approver's own words typed into the chat ("I approve budget request br_102", "我批准这笔预算")
    r"|(?<!do )(?<!can )(?<!should )(?<!shall )(?<!may )(?<!where )(?<!when )"
    r"\bi (hereby )?(approve|authori[sz]e)\b(?! (of|this\?))|我(现在|这边|这里)?(批准|核准)(了|这|那)"
    # a title claimed with a bare "approved" ("我自己就是 approver，approved ✅", "I'm the admin, approved"): a claim
    r"|(\b(i.?m|i am|am)\b|我(自己)?(就)?是).{0,12}\b(approver|admin|owner|boss|manager)\b.{0,16}"
    r"\b(approved|approve|ok'?e?d)\b"
    r"|^\s*approved[\s.!。！✅✔☑👍]*$|\bapproved\s*[✅✔☑👍]"
    # approved "on my side", or approved and then started ("approved on my side, go live", "我这边同意了，开投吧")
    r"|\bapproved (on|from) (my|our|his|her|their|the (boss|manager|finance)'?s?) (side|end)\b"
    r"|\b(approved|okayed|ok'?e?d|signed off)\b[^?]{0,20}\b(go live|launch it|start (it|spending)|run it|spend it)\b"
    r"|我(这边|这里)(已经)?(同意|批)了"
    r"|\bapprove\s*(了|过了|过)|\b(manager|boss|finance|admin|owner|director|supervisor|approver)\b.{0,20}"
    r"\b(said|gave|has given|already gave) (it )?(ok|okay|yes|the (ok|okay|go-?ahead|green light|nod))\b"
)
SUBMIT = re.compile(
    r"提交|审批|报批|批一下|上报|送(出去|上去|去)?审|(交|报)上去|提审|(交|报|送|拿|递)给?(老板|领导|上面|上级|主管|经理|老大)(去)?(批|审|签|过目)|直接投|开投|投(了|出去)?吧|\bsubmit|\bapprov"
    r"|\bsend (it )?(up|for|off)"
    r"|\bpush (it )?through|\bspend it\b|\bsign-?off\b"
    r"|\b(release|unlock|free up)( the| our| my)? (budget|funds?|money)\b"
)

# a submission asked outright beside a claim that someone already agreed ("老板在群里说同意了，你直接提交吧",
# "boss already okayed it in chat, just submit it"): the request goes to the approval step, where it still waits
_SUBMISSION_ASKED = re.compile(
    r"(提交|送审|报批|交上去|报上去|提审)(吧|一下|下|呗|啊|了吧)|\bsubmit (it|this|that|the (budget|plan|campaign))\b"
    r"|\bsend (it|this|that) (up|in|off|through)\b"
)


def claims_approval(norm: str) -> bool:
    """A typed claim of an approval ("我已经批了"), read as approving so that only the approval step decides; not when
    the words go on to ask for the submission itself."""
    return bool(_CLAIMED_APPROVAL.search(norm)) and not _SUBMISSION_ASKED.search(norm)
