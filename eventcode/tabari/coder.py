"""Coding with TABARI/PETRARCH dictionaries inside eventcode's pipeline.

``TabariCoder`` turns the TABARI matcher's events into our ``Mention`` records so that
``eventcode code --tabari-dictionaries DIR`` writes the normal dataset. Only CAMEO event codes and
CAMEO-shaped actor codes (3-letter blocks) are kept; the rest are counted in ``skipped``.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventcode.actors import Actor
from eventcode.cameo import cameo_codes
from eventcode.countries import is_country_code
from eventcode.errors import ConfigError
from eventcode.grammar import Mention
from eventcode.tabari.matcher import Compiled, Entity, Event, Options, code_sentence
from eventcode.tabari.reader import Dictionaries, Problem, read_dictionaries
from eventcode.tokens import Token

_ACTOR_CODE = re.compile(r"^(?:[A-Z]{3})+$")


@dataclass
class TabariCoder:
    """Compiled TABARI/PETRARCH dictionaries and the counts of what could not be used."""

    compiled: Compiled
    options: Options
    load_seconds: float
    skipped: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, *paths: str | Path, cache_dir: str | Path | None = None) -> TabariCoder:
        """Read and compile the dictionaries in ``paths`` (files or folders), or reload the compiled
        form from the on-disk cache (``eventcode.cache``) when their files are unchanged.
        """
        from eventcode.cache import cached, content_key

        missing = [str(p) for p in paths if not Path(p).exists()]
        if missing:
            raise ConfigError(f"TABARI dictionaries not found: {', '.join(missing)}; pass an existing file or folder")
        started = time.perf_counter()
        files = [f for p in map(Path, paths) for f in (sorted(x for x in p.iterdir() if x.is_file()) if p.is_dir() else [p])]
        coder = cached(content_key("tabari", files), lambda: cls._compile(paths), cls, cache_dir=cache_dir)
        coder.load_seconds = time.perf_counter() - started
        return coder

    @classmethod
    def _compile(cls, paths: tuple[str | Path, ...]) -> TabariCoder:
        started = time.perf_counter()
        dictionaries = read_dictionaries(paths)
        if not dictionaries.verbs:
            raise ConfigError(f"no TABARI/PETRARCH verb dictionary in {', '.join(map(str, paths))}; expected *.verbs or *.verbs.txt")
        compiled = Compiled.build(dictionaries)
        options = Options()
        for key, value in dictionaries.options:
            options.apply(key, value)
        return cls(compiled, options, time.perf_counter() - started)

    @property
    def dictionaries(self) -> Dictionaries:
        return self.compiled.source

    @property
    def problems(self) -> list[Problem]:
        return self.dictionaries.problems

    def summary(self) -> str:
        d = self.dictionaries
        return (
            f"TABARI dictionaries: {len(d.actors)} actors ({sum(len(a.phrases) for a in d.actors)} phrases), "
            f"{len(d.agents)} agents, {len(d.verbs)} verbs, {d.n_patterns} patterns loaded in "
            f"{self.load_seconds:.2f}s; {len(d.problems)} line(s) warned about"
        )

    def mentions(self, tokens: list[Token], text: str, *, sentence_index: int, day: date | None) -> list[Mention]:
        """The events of one sentence as eventcode mentions (CAMEO codes only)."""
        result = code_sentence(self.compiled, tokens, day=day, options=self.options)
        spans = {(e.start, e.end): e for e in result.entities}
        out: list[Mention] = []
        codes = cameo_codes()
        for event in result.events:
            if event.code not in codes:
                self.skipped["event code not in CAMEO"] += 1
                continue
            if not (_ACTOR_CODE.match(event.source) and _ACTOR_CODE.match(event.target)):
                self.skipped["actor code not CAMEO-shaped"] += 1
                continue
            source = _actor(event.source, _span(spans, event, event.source), tokens, text)
            target = _actor(event.target, _span(spans, event, event.target), tokens, text)
            verb_text = text[tokens[event.verb_start].start : tokens[event.verb_end - 1].end]
            out.append(
                Mention(sentence_index, event.verb_start, event.verb_end, event.code, f"tabari:{event.rule}", source, target, verb_text)
            )
        return out


def _span(spans: dict[tuple[int, int], Entity], event: Event, code: str) -> tuple[int, int]:
    for (start, end), entity in spans.items():
        if code in entity.codes:
            return start, end
    return event.verb_start, event.verb_end


def _actor(code: str, span: tuple[int, int], tokens: list[Token], text: str) -> Actor:
    start, end = span
    surface = text[tokens[start].start : tokens[end - 1].end]
    country = code[:3] if is_country_code(code[:3]) else None
    roles = code[3:] if country else ""
    kind = "country" if country and not roles else ("agent" if roles else "org")
    return Actor(start, end, code, surface, surface, kind, country, roles)
