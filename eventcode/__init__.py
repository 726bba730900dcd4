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

from eventcode.coder import Coder, CoderConfig, DocumentResult
from eventcode.dataset import Dataset, build_dataset
from eventcode.dictionary import load_dictionary
from eventcode.errors import ConfigError, DictionaryError, EventcodeError, InputError, OutputError
from eventcode.read import Document, read_documents
from eventcode.run import code_corpus
from eventcode.validate import Problem, validate_dataset
from eventcode.write import write_dataset

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
