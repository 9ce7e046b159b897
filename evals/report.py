"""The eval report: pass/fail with reasons, pass rate by tag, pass@1 and pass^k, tool precision/recall,
latency and tokens — written as Markdown, JSON and JUnit XML."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from evals.runner import ScenarioResult


def summarize(results: list[ScenarioResult], *, model: str, repeat: int) -> dict[str, Any]:
    by_id: dict[str, list[ScenarioResult]] = defaultdict(list)
    for result in results:
        by_id[result.id].append(result)
    tags: dict[str, list[bool]] = defaultdict(list)
    for result in results:
        for tag in result.tags or ["untagged"]:
            tags[tag].append(result.passed)
    expected = called = hits = 0
    latencies: list[float] = []
    tokens: list[int] = []
    for result in results:
        for turn in result.turns:
            names = {c["name"] for c in turn.tool_calls}
            wanted = set(turn.expected_tools)
            if wanted:
                expected += len(wanted)
                called += len(names)
                hits += len(names & wanted)
            latencies.append(turn.latency_ms)
            tokens.append(turn.tokens)
    passed = sum(r.passed for r in results)
    first = [runs[0].passed for runs in by_id.values()]
    every = [all(r.passed for r in runs) for runs in by_id.values()]
    return {
        "model": model,
        "repeat": repeat,
        "scenarios_run": len(results),
        "scenarios": len(by_id),
        "passed": passed,
        "pass_rate": passed / len(results) if results else 0.0,
        "pass_at_1": sum(first) / len(first) if first else 0.0,
        "pass_hat_k": sum(every) / len(every) if every else 0.0,
        "by_tag": {tag: sum(v) / len(v) for tag, v in sorted(tags.items())},
        "tool_precision": hits / called if called else 1.0,
        "tool_recall": hits / expected if expected else 1.0,
        "latency_ms": _spread(latencies),
        "tokens_per_turn": statistics.mean(tokens) if tokens else 0,
    }


def _spread(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "max": 0.0}
    ordered = sorted(values)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "max": ordered[-1],
    }


def to_json(results: list[ScenarioResult], summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "created_at": datetime.now(UTC).isoformat(),
        "summary": summary,
        "scenarios": [r.to_dict() for r in results],
    }


def to_markdown(results: list[ScenarioResult], summary: dict[str, Any]) -> str:
    lines = [
        f"## Eval report — model `{summary['model']}`",
        "",
        f"**{summary['passed']}/{summary['scenarios_run']} passed** "
        f"(pass rate {summary['pass_rate']:.1%}; pass@1 {summary['pass_at_1']:.1%}; "
        f"pass^{summary['repeat']} {summary['pass_hat_k']:.1%}); tool precision "
        f"{summary['tool_precision']:.1%}, recall {summary['tool_recall']:.1%}; latency per turn p50 "
        f"{summary['latency_ms']['p50']:.0f} ms, p95 {summary['latency_ms']['p95']:.0f} ms; "
        f"tokens per turn {summary['tokens_per_turn']:.0f}.",
        "",
        "| tag | pass rate |",
        "|---|---|",
        *[f"| {tag} | {rate:.0%} |" for tag, rate in summary["by_tag"].items()],
        "",
    ]
    failed = [r for r in results if not r.passed]
    if failed:
        lines += ["### Failures", ""]
        for result in failed:
            lines.append(f"- `{result.id}` (repeat {result.repeat}, {result.path}): {result.reason}")
        lines.append("")
    return "\n".join(lines)


def to_junit(results: list[ScenarioResult], summary: dict[str, Any]) -> str:
    suite = ET.Element(
        "testsuite",
        name=f"evals[{summary['model']}]",
        tests=str(len(results)),
        failures=str(len(results) - summary["passed"]),
        time=f"{sum(r.duration_ms for r in results) / 1000:.3f}",
    )
    for result in results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=".".join(result.tags[:1] or ["evals"]),
            name=f"{result.id}[{result.repeat}]",
            time=f"{result.duration_ms / 1000:.3f}",
        )
        if not result.passed:
            failure = ET.SubElement(case, "failure", message=result.reason[:500])
            failure.text = "\n".join(
                f"turn {t.index + 1}: {t.user or ('approve' if t.approve else 'reject')}\n"
                f"  tools: {[c['name'] for c in t.tool_calls]}\n  answer: {t.answer[:500]}"
                for t in result.turns
            )
    return ET.tostring(suite, encoding="unicode")


def write_reports(results: list[ScenarioResult], summary: dict[str, Any], folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"json": folder / "report.json", "markdown": folder / "report.md", "junit": folder / "junit.xml"}
    paths["json"].write_text(
        json.dumps(to_json(results, summary), ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    paths["markdown"].write_text(to_markdown(results, summary), encoding="utf-8")
    paths["junit"].write_text(to_junit(results, summary), encoding="utf-8")
    return paths
