"""Values kept in the data folder's cache: written whole, read back, and a broken or unwritable file only costs
the work it saves."""

from __future__ import annotations

from pathlib import Path

from copilot.cache_files import mapped_table, read_cached, write_cached


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


def test_a_mapped_table_is_built_once_kept_and_mapped_again(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "words.marisa"
    built: list[int] = []

    def records() -> list[tuple[str, tuple[int, int]]]:
        built.append(1)
        return [("猫粮", (3, 1)), ("猫", (0, 0))]

    first = mapped_table(path, "<IB", records)
    again = mapped_table(path, "<IB", records)
    assert built == [1]
    assert first["猫粮"] == again["猫粮"] == [(3, 1)]
    assert "狗粮" not in again
    assert [p.name for p in path.parent.iterdir()] == ["words.marisa"]


def test_a_damaged_or_unwritable_table_is_built_again(tmp_path: Path) -> None:
    path = tmp_path / "words.marisa"
    mapped_table(path, "<I", lambda: [("a", (1,))])
    path.write_bytes(path.read_bytes()[:10])
    assert mapped_table(path, "<I", lambda: [("b", (2,))])["b"] == [(2,)]
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert mapped_table(blocked / "words.marisa", "<I", lambda: [("c", (3,))])["c"] == [(3,)]
