"""An on-disk cache of compiled objects (dictionaries, gazetteer index), keyed by content hash.

Start-up matters when researchers run the coder many times: compiling 15,000 patterns and indexing
380,000 place names takes seconds, reloading their pickled form a fraction of that. The key hashes
the input files, eventcode's version and Python's version, so an edited dictionary is recompiled.
An unreadable or unwritable cache is skipped, never an error.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def paused_collector(*, freeze: bool = False) -> Iterator[None]:
    """Keep the cyclic garbage collector off inside the block, then restore its state.

    Loading builds millions of objects that all stay alive. With the collector on, each 700
    allocations trigger a young collection that walks the objects made since, and the first one
    after a load walks them all (0.1 s after unpickling the dictionaries); none finds garbage.
    With ``freeze``, what exists when the block ends is moved out of the collector's view
    (``gc.freeze``), so no later collection walks it either: for objects that live as long as the
    process (imported modules, a loaded coder).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def cache_folder(cache_dir: str | Path | None = None) -> Path:
    """``cache_dir``, else ``$EVENTCODE_CACHE``, else ``$XDG_CACHE_HOME/eventcode``, else ``~/.cache/eventcode``."""
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get("EVENTCODE_CACHE"):
        return Path(os.environ["EVENTCODE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventcode"


def content_key(kind: str, files: Iterable[Path]) -> str:
    """A key for ``kind`` built from the files' names and bytes, eventcode's own source (so a code
    change invalidates the cache even without a version bump) and Python's version.
    """
    digest = hashlib.sha256(f"{kind}|{sys.version_info[:2]}".encode())
    package = Path(__file__).resolve().parent
    for path in [*sorted(package.rglob("*.py")), *files]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{kind}-{digest.hexdigest()[:24]}"


def cached(key: str, build: Callable[[], T], expected: type, *, cache_dir: str | Path | None = None) -> T:
    """Return the object cached under ``key``, or ``build()`` it and cache it."""
    path = cache_folder(cache_dir) / f"{key}.pickle"
    try:
        data = path.read_bytes()
        with paused_collector():  # unpickling many small objects is 2-3x faster without the collector
            found = pickle.loads(data)
        if isinstance(found, expected):
            return found  # type: ignore[no-any-return]
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        pass  # no cache yet, or one written by another version: build
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        _prune(path.parent, key.split("-", 1)[0])
    except OSError:
        pass  # a read-only home: build every time
    return value


KEEP_PER_KIND = 6  # cached versions kept per kind (other dictionary sets, other eventcode versions)


def _prune(folder: Path, kind: str) -> None:
    """Remove all but the newest ``KEEP_PER_KIND`` entries of a kind (upgrades leave old ones)."""
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_PER_KIND:]:
        old.unlink(missing_ok=True)
