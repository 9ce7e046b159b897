"""Bring your own store: import Shopify, Taobao/Tmall and generic CSV/XLSX exports into the data contract."""

from copilot.importers.base import FORMATS, ImportFailed, ImportReport, detect_kind, import_files
from copilot.importers.generic import suggest_mapping

__all__ = ["FORMATS", "ImportFailed", "ImportReport", "detect_kind", "import_files", "suggest_mapping"]
