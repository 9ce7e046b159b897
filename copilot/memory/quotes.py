"""The sentences of retrieved passages that answer a question, to quote with their document's title.

Each sentence of the passages (text.sentence_spans; headings and instruction sentences, see untrusted, are
never quoted) scores by the question's keywords and by embedding similarity:
- keywords: the question's content words (keyword_tokens, single Chinese characters dropped, English words
  reduced to a crude stem) found in the sentence, each weighted by its rarity among the candidate sentences;
  a word found only in the sentence's heading or document title counts half;
- embedding: the cosine between the question and the stored vector of the sentence passage holding the
  sentence (or of its chunk, for a chunk too short to have sentence passages), relative to the best one.
A sentence sharing no content word with the question, its heading or its title does not answer it, however
near its vector (e5 puts unrelated text within a few hundredths of the answer). The answer is the best
sentence and those within MARGIN of it, at most `limit`. When the best matches the question only through a
heading, or only through words of its document's title ("what do the supplier notes say?" names a document),
it is the sentences under that heading, or the opening sentences of the document's earliest retrieved
passage, instead. Nothing answers when the best sentence covers less than MIN_COVERAGE of the question.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from copilot.i18n.language import has_cjk
from copilot.memory.text import keyword_tokens
from copilot.memory.untrusted import screen_sentences

MARGIN = 0.2
EMBEDDING_WEIGHT = 5.0
CONTEXT_WEIGHT = 0.5
MAX_QUOTE_CHARS = 300
MIN_COVERAGE = 0.4
ASKING_WORDS = frozenset(
    {"say", "said", "tell", "told", "mention", "write", "written", "wrote", "summarize", "summarise", "summary"}
    | {"anyth", "about", "关于", "说", "写", "写道", "规定", "去年", "今年", "内容", "提到", "讲", "总结", "概括"}
)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")
_LIST_MARK = re.compile(r"^(?:[-*•·]|\d{1,2}[.、)])\s+")
_ASCII_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Passage:
    """One retrieved chunk: its number in the result, document title, chunk index and text, the chunk's vector,
    and its sentence passages (text as stored, vector)."""

    n: int
    title: str
    chunk: int
    text: str
    vector: np.ndarray | None
    units: tuple[tuple[str, np.ndarray], ...] = ()


@dataclass(frozen=True)
class Quote:
    """A sentence that answers the question, with the passage it comes from."""

    n: int
    title: str
    chunk: int
    text: str
    score: float


@dataclass(frozen=True)
class _Candidate:
    passage: Passage
    order: int
    text: str
    heading: str
    own: frozenset[str]
    heading_terms: frozenset[str]
    title_terms: frozenset[str]
    similarity: float

    @property
    def context(self) -> frozenset[str]:
        return self.heading_terms | self.title_terms


def _stem(token: str) -> str:
    if not _ASCII_WORD.fullmatch(token):
        return token
    for suffix, keep in (("ing", 4), ("ed", 4), ("s", 3)):
        if token.endswith(suffix) and len(token) - len(suffix) >= keep and not token.endswith("ss"):
            return token[: -len(suffix)]
    return token


def terms(text: str) -> frozenset[str]:
    """The content words of `text` for matching a question to a sentence."""
    return frozenset(_stem(t) for t in keyword_tokens(text) if not (len(t) == 1 and has_cjk(t)))


def _cosine(a: np.ndarray | None, b: np.ndarray) -> float | None:
    if a is None:
        return None
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(np.dot(a, b) / norm) if norm else None


def _similarity(sentence: str, passage: Passage, query: np.ndarray) -> float:
    """The cosine of the question to the sentence passage holding `sentence` (or to its chunk)."""
    clauses = [c.strip() for c in re.split(r"(?<=[；;])", sentence) if c.strip()]
    nearest = [
        similarity
        for unit, vector in passage.units
        if any(clause in unit for clause in clauses) and (similarity := _cosine(vector, query)) is not None
    ]
    if nearest:
        return max(nearest)
    return _cosine(passage.vector, query) or 0.0


def _candidates(passages: Sequence[Passage], query: np.ndarray) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for passage in passages:
        heading = ""
        title_terms = terms(passage.title)
        for order, sentence in enumerate(screen_sentences(passage.text)):
            match = _HEADING.match(sentence.text)
            if match:
                heading = match.group(1)
                continue
            if sentence.instruction:
                continue
            text = _LIST_MARK.sub("", sentence.text).strip()
            if not text:
                continue
            candidates.append(
                _Candidate(
                    passage=passage,
                    order=order,
                    text=text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1] + "…",
                    heading=heading,
                    own=terms(text),
                    heading_terms=terms(heading),
                    title_terms=title_terms,
                    similarity=_similarity(sentence.text, passage, query),
                )
            )
    return candidates


def pick_quotes(question: str, passages: Sequence[Passage], query: np.ndarray, *, limit: int = 3) -> list[Quote]:
    """The sentences of `passages` that answer `question` (vector `query`), best first; [] when none does."""
    wanted = terms(question) - ASKING_WORDS
    candidates = _candidates(passages, query)
    if not wanted or not candidates:
        return []
    frequency = {t: sum(t in c.own or t in c.context for c in candidates) for t in wanted}
    weight = {t: math.log(1 + len(candidates) / (1 + frequency[t])) for t in wanted}
    total = sum(weight.values())
    top_similarity = max(c.similarity for c in candidates)

    def coverage(candidate: _Candidate) -> float:
        own = sum(weight[t] for t in wanted & candidate.own)
        context = sum(weight[t] for t in (wanted & candidate.context) - candidate.own)
        return (own + CONTEXT_WEIGHT * context) / total

    scored = sorted(
        ((coverage(c) + EMBEDDING_WEIGHT * (c.similarity - top_similarity), c) for c in candidates),
        key=lambda pair: (-pair[0], pair[1].passage.n, pair[1].order),
    )
    best_score, best = scored[0]
    if coverage(best) < MIN_COVERAGE:
        return []
    if (wanted & best.own) - best.title_terms:
        return [_quote(c, score) for score, c in scored[:limit] if score >= best_score - MARGIN]
    if (wanted & best.heading_terms) - best.title_terms:
        section = [c for c in candidates if c.passage is best.passage and c.heading == best.heading]
        return [_quote(c, best_score) for c in section[:limit]]
    first = min((c.passage for c in candidates if c.passage.title == best.passage.title), key=lambda p: p.chunk)
    return [_quote(c, best_score) for c in candidates if c.passage is first][:limit]


def _quote(candidate: _Candidate, score: float) -> Quote:
    passage = candidate.passage
    return Quote(n=passage.n, title=passage.title, chunk=passage.chunk, text=candidate.text, score=round(score, 4))
