"""Values kept in the data folder's cache: written whole, read back, and a broken or unwritable file only costs
the work it saves."""

from __future__ import annotations

from pathlib import Path

from copilot.cache_files import read_cached, write_cached


def test_a_value_is_read_back_and_no_partial_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "x" / "table.marshal"
    write_cached(path, {"猫粮": ("mao", "liang"), "n": 3})
    assert read_cached(path) == {"猫粮": ("mao", "liang"), "n": 3}
    assert [p.name for p in path.parent.iterdir()] == ["table.marshal"]


def test_a_missing_or_corrupt_file_reads_as_none(tmp_path: Path) -> None:
    assert read_cached(tmp_path / "absent.marshal") is None
    broken = tmp_path / "broken.marshal"
    broken.write_bytes(b"\x00not marshal")
    assert read_cached(broken) is None


def test_an_unwritable_place_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    write_cached(blocked / "table.marshal", {"a": 1})
    assert read_cached(blocked / "table.marshal") is None
