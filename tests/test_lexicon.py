"""Compiled dictionaries: tries, the on-disk cache."""

from __future__ import annotations

from pathlib import Path

from eventcode.lexicon import Lexicon
from eventcode.tokens import tokenize

from .conftest import MINI


def test_cache_is_reused_and_invalidated_by_content(tmp_path: Path) -> None:
    mine = tmp_path / "mine.actors"
    mine.write_text("Gondor | GONGOV | |\n".replace("GON", "GRC"), encoding="utf-8")
    cache = tmp_path / "cache"
    first = Lexicon.load([MINI, mine], defaults=False, cache_dir=cache)
    assert len(list(cache.glob("lexicon-*.pickle"))) == 1
    again = Lexicon.load([MINI, mine], defaults=False, cache_dir=cache)
    assert again.digest == first.digest
    assert again.actors.longest_at(tokenize("Gondor"), 0)[1][0].codes[0][0] == "GRCGOV"
    mine.write_text("Gondor | ITAGOV | |\n", encoding="utf-8")
    changed = Lexicon.load([MINI, mine], defaults=False, cache_dir=cache)
    assert changed.actors.longest_at(tokenize("Gondor"), 0)[1][0].codes[0][0] == "ITAGOV"
    assert len(list(cache.glob("lexicon-*.pickle"))) == 2


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    lexicon = Lexicon.load([MINI], defaults=False, cache_dir=blocker / "cache")
    assert lexicon.actors.longest_at(tokenize("Iran"), 0) is not None


def test_loading_from_the_cache_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    from eventcode.cache import cached, paused_collector

    cached("thing-a", lambda: [1, 2], list, cache_dir=tmp_path)  # written
    assert gc.isenabled()
    assert cached("thing-a", lambda: [], list, cache_dir=tmp_path) == [1, 2]  # read
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
        assert cached("thing-a", lambda: [], list, cache_dir=tmp_path) == [1, 2]
        assert not gc.isenabled()  # a caller loading several things keeps it off throughout
    assert gc.isenabled()


def test_the_cache_keeps_a_few_versions_per_kind(tmp_path: Path) -> None:
    from eventcode.cache import KEEP_PER_KIND, cached

    for n in range(KEEP_PER_KIND + 3):
        assert cached(f"thing-{n:04d}", lambda n=n: n, int, cache_dir=tmp_path) == n
    assert len(list(tmp_path.glob("thing-*.pickle"))) == KEEP_PER_KIND


def test_tabari_dictionaries_are_compiled_once(tmp_path: Path) -> None:
    from eventcode.tabari.coder import TabariCoder

    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "mini.verbs").write_text("ATTACK\n- * {Jordan} [190]\n", encoding="utf-8")
    first = TabariCoder.load(folder, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("tabari-*.pickle"))) == 1
    again = TabariCoder.load(folder, cache_dir=tmp_path / "cache")
    assert again.summary().split(" loaded")[0] == first.summary().split(" loaded")[0]
    (folder / "mini.verbs").write_text("ATTACK\n- * {Jordan} [190]\nFIGHT\n- * {Jordan} [193]\n", encoding="utf-8")
    TabariCoder.load(folder, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("tabari-*.pickle"))) == 2
