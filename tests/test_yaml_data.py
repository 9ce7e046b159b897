"""The package's YAML files read through libyaml give exactly what the pure-Python safe loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from copilot.yaml_data import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.joinpath("copilot").rglob("*.yaml"), *ROOT.joinpath("prompts").rglob("*.yaml")])


def test_there_are_data_files_to_compare() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_data_file_reads_the_same_as_with_the_safe_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)
    with path.open(encoding="utf-8") as handle:
        assert load_yaml(handle) == yaml.safe_load(text)


def test_unsafe_tags_are_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
