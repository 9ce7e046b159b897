"""The offline model's vocabulary, loaded once from the YAML files in `copilot/offline/data/`, with the metric and
breakdown synonyms of the semantic layer (`copilot/analytics/metrics.yaml`) and the catalog's aliases.

Every pattern in those files is a regular expression over the normalised text (see `nlu.normalise`).
This module only loads and compiles them; it holds no vocabulary of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from copilot.analytics.metrics import synonyms
from copilot.catalog.resolve import aliases as catalog_aliases
from copilot.yaml_data import load_yaml

Pattern = re.Pattern[str]


def _load(name: str) -> dict[str, Any]:
    text = resources.files("copilot.offline").joinpath("data", name).read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


def alternation(patterns: list[str]) -> Pattern:
    """One compiled regex matching any of `patterns` (each kept as its own non-capturing group)."""
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def keyed(groups: dict[str, list[str]]) -> dict[str, Pattern]:
    """Compile a mapping key -> patterns into key -> one alternation, keeping the file's order."""
    return {str(key): alternation(patterns) for key, patterns in groups.items()}


@dataclass(frozen=True)
class Rule:
    """One intent pattern: adds `weight` when `pattern` matches and `unless` (if any) does not."""

    pattern: Pattern
    weight: float
    unless: Pattern | None


@dataclass(frozen=True)
class IntentSpec:
    name: str
    rules: tuple[Rule, ...]
    groups: tuple[str, ...]
    group_weight: float
    exclusive: bool
    template_weight: float
    unless: Pattern | None = None  # words that rule the intent out whatever its rules match


@dataclass(frozen=True)
class SqlTemplate:
    name: str
    pattern: Pattern
    params: dict[str, str]


@dataclass(frozen=True)
class Scene:
    zh: str
    en: str
    pattern: Pattern


@dataclass(frozen=True)
class Lexicon:
    """All compiled vocabulary. Build it with `lexicon()`, which caches one instance."""

    raw: dict[str, Any]
    periods: dict[str, Any]
    aliases: dict[str, Any]
    intents: tuple[IntentSpec, ...]
    required: dict[str, list[Any]]
    templates: tuple[SqlTemplate, ...]
    scenes: tuple[Scene, ...]
    groups: dict[str, dict[str, Pattern]]
    single: dict[str, Pattern]
    intent_meta: dict[str, Any]


def _intent_specs(data: dict[str, Any]) -> tuple[IntentSpec, ...]:
    specs = []
    for name, spec in data["intents"].items():
        rules = tuple(
            Rule(
                pattern=re.compile(rule["re"]),
                weight=float(rule.get("w", 1)),
                unless=re.compile(rule["unless"]) if rule.get("unless") else None,
            )
            for rule in spec.get("patterns", [])
        )
        specs.append(
            IntentSpec(
                name=name,
                rules=rules,
                groups=tuple(spec.get("groups", [])),
                group_weight=float(spec.get("group_weight", 1)),
                exclusive=bool(spec.get("exclusive", False)),
                template_weight=float(spec.get("template_weight", 0)),
                unless=re.compile(spec["unless"]) if spec.get("unless") else None,
            )
        )
    return tuple(specs)


@cache
def lexicon() -> Lexicon:
    """Load and compile the vocabulary files (once per process)."""
    raw = _load("lexicon.yaml")
    intents = _load("intents.yaml")
    periods = _load("periods.yaml")
    aliases = catalog_aliases()
    groups = {
        name: keyed(raw[name])
        for name in (
            "channels",
            "compare",
            "objectives",
            "creative_kinds",
            "anomaly_direction",
            "anomaly_scope",
            "trend",
        )
    }
    said_trend = raw["trend"]  # a steady rise or fall says its direction too ("越来越差" is a drop)
    groups["anomaly_direction"] = keyed({k: [*v, *said_trend.get(k, [])] for k, v in raw["anomaly_direction"].items()})
    groups["metrics"] = keyed(synonyms("metrics"))
    groups["by"] = keyed(synonyms("dimensions"))
    groups["ranking"] = {key: alternation(raw["ranking"][key]) for key in ("desc", "asc", "units", "judged")}
    groups["campaign_edit"] = keyed(raw["campaign_edit"])
    groups["defined_terms"] = keyed(raw["defined_terms"])
    single = {
        name: alternation(raw[name])
        for name in (
            "fillers",
            "follow_up",
            "new_product",
            "verb_not_a_name",
            "product_reference",
            "pointing",
            "pointing_one",
            "described_item",
            "the_other_product",
            "one_of_category",
            "both_targets",
            "both_pointed",
            "periods_together",
            "asked_beside",
            "at_least",
            "side_by_side",
            "docs_topics",
            "scene_capture",
            "creative_count",
            "result_count",
            "more_results",
            "extend_period",
            "window_days",
            "both_periods",
            "which_of_pair",
            "no_compare",
            "pair_compared",
            "pointed_pair",
            "rank_of",
            "share",
            "daily_average",
            "another_question",
            "asks",
            "which_one",
            "purpose_clause",
            "asker_clause",
            "greeting_clause",
            "season_said",
            "analysis_words",
            "chat_preface",
            "opener",
            "hesitation",
            "aimed_at",
            "first_step",
            "occasion",
            "attributed_drop",
            "not_stocked",
            "priciest",
            "cheapest",
            "summed_goods",
            "figure_pointed",
            "absolute_claim",
        )
    }
    single["top"] = alternation(raw["ranking"]["top"])
    single["rank_one"] = alternation(raw["ranking"]["one"])
    single["rank_many"] = alternation(raw["ranking"]["many"])
    single["step_joiners"] = alternation(intents["step_joiners"])
    templates = tuple(
        SqlTemplate(name=name, pattern=alternation(spec["patterns"]), params=dict(spec.get("params", {})))
        for name, spec in intents["sales_sql_templates"].items()
    )
    scenes = tuple(Scene(zh=item["zh"], en=item["en"], pattern=alternation(item["patterns"])) for item in raw["scenes"])
    return Lexicon(
        raw=raw,
        periods=periods,
        aliases=aliases,
        intents=_intent_specs(intents),
        required=intents["required"],
        templates=templates,
        scenes=scenes,
        groups=groups,
        single=single,
        intent_meta={k: intents[k] for k in ("action_steps", "continuable", "min_score", "refused")},
    )


def ruled_out(intent: str, norm: str) -> bool:
    """Whether words of `norm` rule `intent` out (its `unless` in intents.yaml: a submission declined)."""
    spec = next(spec for spec in lexicon().intents if spec.name == intent)
    return spec.unless is not None and spec.unless.search(norm) is not None


# a submission said not to happen ("千万别提交", "先不提交", "don't submit it"): no submission, and its word 提交 rules
# out no other reading (a draft asked for beside it is still a draft)
_DECLINED_SUBMISSION = re.compile(
    r"(?<![要得])(千万|先|暂时|暂)?(不|别|甭|暂不|先不|不用|不要|没必要|不必)(要|再|用|急着)?(提交|报批|送审|交上去|报上去|submit)"
    r"|\b(please )?(don.?t|do not|not|no need to|hold off( on)?|won.?t|never|wait before) "
    r"(submit|submitting|send(ing)? it up|fund(ing)? it|go(ing)? live)\b( (it|this|that|yet|for now))*"
)


def without_declined_submission(norm: str) -> str:
    """`norm` with a submission said not to happen blanked out (the rest of the words read as they are)."""
    return _DECLINED_SUBMISSION.sub(" ", norm)


def asks_or_names_a_figure(said: str) -> bool:
    """Whether the words ask something or name a metric (a preface or an opener that does is part of the question)."""
    lex = lexicon()
    return bool(lex.single["asks"].search(said) or any(p.search(said) for p in lex.groups["metrics"].values()))
