"""Make a subpackage callable, so ``framing.extract(...)`` works even where the
import system has bound the name ``framing.extract`` to the subpackage
(``framing/extract/``) rather than to the public function of the same name."""
from __future__ import annotations

import importlib
import sys
import types


def make_callable(module_name: str, target: str) -> None:
    """Let calling module ``module_name`` call ``target`` ("pkg.mod:function")."""
    mod_path, func = target.split(":")

    class _CallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return getattr(importlib.import_module(mod_path), func)(*args, **kwargs)

    sys.modules[module_name].__class__ = _CallableModule
