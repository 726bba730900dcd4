"""``eventcode explain``: what a dictionary author needs to see to fix a miscoding."""

from __future__ import annotations

from datetime import date

from eventcode.coder import Coder
from eventcode.grammar import Context, code_sentence
from eventcode.segment import split_sentences
from eventcode.tokens import tokenize


def explain_text(coder: Coder, text: str, *, doc_date: date | None = None) -> str:
    """A readable report of how ``text`` is coded: tokens, actors, fired patterns and records."""
    lines: list[str] = []
    context = Context()
    for sentence in split_sentences(text):
        tokens = tokenize(sentence.text)
        mentions, actors = code_sentence(
            coder.lexicon, tokens, sentence.text, sentence_index=sentence.index, day=doc_date, context=context
        )
        lines.append(f"sentence {sentence.index}: {sentence.text}")
        lines.append("  tokens: " + " ".join(f"{i}:{t.text}" for i, t in enumerate(tokens)))
        for actor in actors:
            place = " (place)" if actor.is_place else ""
            lines.append(f"  actor  [{actor.start}-{actor.end}) {actor.text!r} -> {actor.code} kind={actor.kind}{place}")
        for mention in mentions:
            source = mention.source.code if mention.source else "-"
            target = mention.target.code if mention.target else "-"
            lines.append(
                f"  event  {source} / {target} / {mention.code}  verb={mention.verb_text!r} pattern={mention.pattern_id}"
                + ("  (anaphor)" if mention.anaphoric else "")
            )
        if not mentions:
            lines.append("  no event")
    result = coder.code_text(text, doc_date=doc_date)
    lines.append("records:")
    for m in result.mentions:
        lines.append(
            f"  {m.source.code if m.source else '-'} / {m.target.code if m.target else '-'} / {m.code}"
            f"  date={m.event_date} ({m.date_precision}) place={m.place.name if m.place else '-'}"
            f" fatalities={m.fatalities} injuries={m.injuries}"
        )
    return "\n".join(lines)
