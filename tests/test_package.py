"""The package's public API is imported on first use; importing the CLI leaves the collector on."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import eventcode


def test_every_public_name_is_its_modules_object() -> None:
    assert sorted(eventcode.__all__) == sorted(eventcode._EXPORTS)
    for name, module in eventcode._EXPORTS.items():
        assert getattr(eventcode, name) is getattr(importlib.import_module(module), name)
    assert set(eventcode.__all__) <= set(dir(eventcode))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = eventcode.nothing


def test_importing_one_module_does_not_import_the_whole_api() -> None:
    code = "import sys, eventcode.errors; print(sorted(m for m in ('polars', 'pyarrow', 'eventcode.run') if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == "[]"


def test_the_cli_import_leaves_the_collector_on_with_its_modules_frozen() -> None:
    code = "import gc; n = gc.get_freeze_count(); import eventcode.cli; print(gc.isenabled(), gc.get_freeze_count() > n + 100_000)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == "True True"
