"""Importing a library whose modules print banners at import time, without their prints.

Contract: `import_quietly(name, chatty)` imports `name`; the modules named in `chatty` are executed with a
module-level `print` that discards its arguments, so their banners reach no output. Nothing else changes:
sys.stdout is never replaced, so other threads' prints during the import are kept, and modules outside
`chatty` print as usual.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

_LOCK = threading.Lock()


def _discard(*args: object, **kwargs: object) -> None:
    return None


class _Silencer(importlib.abc.MetaPathFinder):
    def __init__(self, chatty: frozenset[str]) -> None:
        self.chatty = chatty

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.chatty:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if isinstance(spec.loader, importlib.machinery.SourceFileLoader):
                    self._silence(spec.loader)  # a loader of this one file: patching it touches no other module
                return spec
        return None

    @staticmethod
    def _silence(loader: Any) -> None:
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            module.__dict__["print"] = _discard
            execute(module)

        loader.exec_module = exec_module


def import_quietly(name: str, chatty: Sequence[str]) -> ModuleType:
    """`name` imported, the modules in `chatty` (dotted names) without their import-time prints."""
    with _LOCK:
        if name in sys.modules:
            return sys.modules[name]
        silencer = _Silencer(frozenset(chatty))
        sys.meta_path.insert(0, silencer)
        try:
            return importlib.import_module(name)
        finally:
            sys.meta_path.remove(silencer)
