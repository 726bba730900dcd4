"""eventcode: rule-based political event coding (CAMEO) from news text.

Library API::

    from eventcode import read_documents, Coder, build_dataset, write_dataset, validate_dataset

    coder = Coder.from_config()
    results = list(coder.pipe(read_documents("seeds/", default_date=date(2024, 2, 2))))
    dataset = build_dataset(results, coder_version=coder.version)
    write_dataset(dataset, "output/", formats=("csv", "parquet"))
    assert validate_dataset(["output/"]) == []
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventcode.coder import Coder, CoderConfig, DocumentResult
    from eventcode.dataset import Dataset, build_dataset
    from eventcode.dictionary import load_dictionary
    from eventcode.errors import (
        ConfigError,
        DictionaryError,
        EventcodeError,
        InputError,
        OutputError,
    )
    from eventcode.read import Document, read_documents
    from eventcode.run import code_corpus
    from eventcode.validate import Problem, validate_dataset
    from eventcode.write import write_dataset

# The public API and the module of each name. Names are imported on first use, so importing one
# module (``eventcode.cli``, ``eventcode.tables``) does not import all of them first.
_EXPORTS = {
    "Coder": "eventcode.coder",
    "CoderConfig": "eventcode.coder",
    "ConfigError": "eventcode.errors",
    "Dataset": "eventcode.dataset",
    "DictionaryError": "eventcode.errors",
    "Document": "eventcode.read",
    "DocumentResult": "eventcode.coder",
    "EventcodeError": "eventcode.errors",
    "InputError": "eventcode.errors",
    "OutputError": "eventcode.errors",
    "Problem": "eventcode.validate",
    "build_dataset": "eventcode.dataset",
    "code_corpus": "eventcode.run",
    "load_dictionary": "eventcode.dictionary",
    "read_documents": "eventcode.read",
    "validate_dataset": "eventcode.validate",
    "write_dataset": "eventcode.write",
}

__all__ = [
    "Coder",
    "CoderConfig",
    "ConfigError",
    "Dataset",
    "DictionaryError",
    "Document",
    "DocumentResult",
    "EventcodeError",
    "InputError",
    "OutputError",
    "Problem",
    "build_dataset",
    "code_corpus",
    "load_dictionary",
    "read_documents",
    "validate_dataset",
    "write_dataset",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eventcode' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
