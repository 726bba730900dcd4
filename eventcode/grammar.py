"""Who did what to whom in one sentence: event heads, pattern slots, voice, negation, modality,
attribution and pronouns, in the TABARI tradition of shallow parsing (no parser service).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from eventcode.actors import PREPOSITIONS, Actor, chain_at, find_actors
from eventcode.casualties import NUMBER_WORDS
from eventcode.dictionary import Head, Literal_, Pattern, Slot
from eventcode.inflect import is_participle_form
from eventcode.lexicon import HeadEntry, HeadGroup, Lexicon
from eventcode.tokens import Token

GAP = 6  # words allowed between pattern elements
CLAUSE_END = frozenset({";", ":", "—", "–"})
NEGATION = frozenset({"not", "never", "no", "neither", "nor", "without"})
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "get", "got", "gets"})
MODALS = frozenset({"will", "would", "shall", "'ll", "'d"})
INTENT_VERBS = frozenset(
    "vow vowed vows pledge pledged pledges plan plans planned planning intend intends intended "
    "threaten threatens threatened promise promised promises going prepared ready willing agree "
    "agreed agrees decide decided decides offer offered offers want wants wanted seek seeks "
    "sought aim aims aimed hope hopes hoped expect expects expected determined set poised eager".split()
)
CONTINUATION_VERBS = frozenset(
    "continue continued continues continuing begin began begun begins start started starts resume "
    "resumed resumes try tried tries attempt attempted attempts keep kept vote votes voted voting".split()
)
CONDITIONALS = frozenset({"if", "unless", "whether"})
ADJECTIVE_CONTEXT = frozenset(
    "the a an its their his her our this these those several many some two three four five six seven "
    "eight nine ten dozens hundreds 's".split()
)
TOPIC_PREPOSITIONS = frozenset({"about", "on", "of", "for", "over", "toward", "towards", "against", "in", "after", "before", "without"})
REFUSAL_VERBS = frozenset("refuse refused refuses refusing decline declined declines declining".split())
SPEECH_VERBS = frozenset(
    "say says said saying tell tells told telling add adds added state states stated stating "
    "declare declares declared insist insists insisted note notes noted write writes wrote argue "
    "argued explain explained tweet tweeted posted claim claims claimed confirm confirms confirmed "
    "report reports reported warn warns warned believe believes believed".split()
)
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "its", "his", "her", "their", "our", "my"})
RELATIVE = frozenset({"who", "which", "that", "whose"})
# Words that are prepositions or conjunctions: "after Israel alleged" has Israel as a subject.
CONJUNCTIONS = frozenset({"after", "before", "since", "until", "as"})
DETERMINERS = frozenset(
    "the a an its their his her our my this these those that several more many some any first last "
    "previous further new recent retaliatory major fresh 's".split()
)
VERB_CONTEXT = frozenset(
    "has have had will would to did does do was were is are been be could can may might should must "
    "not also then later reportedly allegedly repeatedly it he she they we who which that".split()
)
LIGHT_VERBS = frozenset(
    "conduct conducted conducts conducting launch launched launches launching carry carried carries "
    "carrying begin began begun begins mount mounted stage staged wage waged order ordered "
    "announce announced step stepped make made makes making pay paid pays hold held holds holding "
    "give gave given gives issue issued issues deliver delivered delivers sign signed signs reach "
    "reached reaches start started starts open opened opens resume resumed".split()
)
KILL_HEADS = frozenset({"kill", "killing", "killed", "kills", "wound", "wounded", "wounding", "injure", "injured", "injuring"})
# Future or intended acts are coded as intent (03x) or threat (13x): by code, else by root.
INTENT_CODE = {
    "045": "039", "046": "036", "0461": "036", "042": "036", "043": "036", "057": "030",
    "061": "0311", "062": "0312", "063": "0313", "064": "0314",
    "071": "0331", "072": "0332", "073": "0333", "074": "0334",
    "081": "0351", "082": "0352", "084": "0353", "0841": "0353", "085": "0354", "086": "0355", "087": "0356",
    "191": "1381", "192": "1382", "183": "1383", "194": "1384", "195": "1384", "204": "1385",
    "04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "09": "030",
    "14": "133", "15": "130", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138",
}
RECIPROCAL_CODES = frozenset({"040", "041", "044", "046", "0461", "054", "057", "061", "062", "063", "064", "190", "193", "0871"})
# A refused act is coded as the matching rejection (12x); refusing violence is no event.
# Fighting "with" someone goes both ways ("police exchanged fire with gang members").
MUTUAL_FIGHTING = frozenset({"190", "193", "194"})
REFUSAL_CODE = {"02": "120", "03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124", "09": "120"}


@dataclass(slots=True)
class Mention:
    """One event stated in a sentence, before date, place and casualties are resolved."""

    sentence_index: int
    head_start: int
    head_end: int
    code: str
    pattern_id: str
    source: Actor | None
    target: Actor | None
    verb_text: str
    anaphoric: bool = False  # "the attack": may corefer with an earlier event of the document
    fatalities: int | None = None
    injuries: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What earlier sentences of the document tell later ones: recent actors, for pronouns."""

    recent: list[Actor] = field(default_factory=list)

    def remember(self, actors: list[Actor]) -> None:
        self.recent = (self.recent + [a for a in actors if not a.is_place])[-12:]


@dataclass(slots=True)  # not frozen: made per sentence, and frozen dataclasses are 4x slower to create
class _Sentence:
    """A sentence prepared once for matching: clause bounds and actor indexes by token."""

    tokens: list[Token]
    text: str
    actors: list[Actor]
    start_of: dict[int, int]  # token index -> actor index, for actors starting there
    end_of: dict[int, int]  # index of an actor's last token -> actor index
    covered: frozenset[int]  # token indexes inside actors
    keys: frozenset[str]  # every token key, to skip patterns whose words are absent
    lefts: list[int]
    rights: list[int]

    @classmethod
    def build(cls, tokens: list[Token], text: str, actors: list[Actor], keys: frozenset[str] | None = None) -> _Sentence:
        keys = frozenset(t.key for t in tokens) if keys is None else keys
        lefts, rights = [0] * (len(tokens) + 1), [len(tokens)] * (len(tokens) + 1)
        if not CLAUSE_END.isdisjoint(keys):  # most sentences are one clause: nothing to compute
            left = 0
            for i, token in enumerate(tokens):
                lefts[i] = left
                if token.key in CLAUSE_END:
                    left = i + 1
            lefts[len(tokens)] = left
            right = len(tokens)
            for i in range(len(tokens) - 1, -1, -1):
                if tokens[i].key in CLAUSE_END:
                    right = i
                rights[i] = right
        return cls(
            tokens,
            text,
            actors,
            {a.start: k for k, a in enumerate(actors)},
            {a.end - 1: k for k, a in enumerate(actors)},
            frozenset(i for a in actors for i in range(a.start, a.end)),
            keys,
            lefts,
            rights,
        )

    def bounds(self, i: int) -> tuple[int, int]:
        """The clause around token ``i``: from after the last ``;``/``:``/dash to before the next."""
        i = min(i, len(self.tokens))
        left = self.lefts[i]
        right = self.rights[i] if i < len(self.tokens) else len(self.tokens)
        return left, right


def _clause_bounds(tokens: list[Token], i: int, text: str | None = None) -> tuple[int, int]:
    """The clause around token ``i`` (as ``_Sentence.bounds``). Given the sentence's ``text``, an
    ASCII one without ";" or ":" is one clause without looking at the tokens (a non-ASCII text may
    hold a full-width colon, whose key is ":")."""
    if text is not None and text.isascii() and ";" not in text and ":" not in text:
        return 0, len(tokens)
    left = i
    while left > 0 and tokens[left - 1].key not in CLAUSE_END:
        left -= 1
    right = i
    while right < len(tokens) and tokens[right].key not in CLAUSE_END:
        right += 1
    return left, right


def code_sentence(
    lexicon: Lexicon,
    tokens: list[Token],
    text: str,
    *,
    sentence_index: int,
    day: date | None,
    context: Context | None = None,
) -> tuple[list[Mention], list[Actor]]:
    """Find the events of one sentence.

    Parameters
    ----------
    lexicon
        Compiled dictionaries.
    tokens, text
        The sentence and its tokens.
    sentence_index
        Position of the sentence in its document.
    day
        Article date, for date-ranged actor codes.
    context
        Document context for pronouns; updated with this sentence's actors.

    Returns
    -------
    tuple[list[Mention], list[Actor]]
        The mentions (one per source × target of each event) and the sentence's actors.
    """
    context = context if context is not None else Context()
    actors = find_actors(lexicon, tokens, text, day)
    keys = frozenset([t.key for t in tokens])
    if not lexicon.discards.first_words.keys().isdisjoint(keys) and any(True for _ in lexicon.discards.scan(tokens)):
        context.remember(actors)
        return [], actors
    sent = _Sentence.build(tokens, text, actors, keys)
    speaker = _speaker(sent, context)
    mentions: list[Mention] = []
    head_first = lexicon.heads.first_words
    free = 0  # the first token not inside an event already matched
    # Only tokens an event phrase can start with, outside actors, are tried.
    for i in [i for i, t in enumerate(tokens) if t.key in head_first and i not in sent.covered]:
        if i < free:
            continue
        hit = lexicon.heads.longest_at(tokens, i)
        if hit is None:
            continue
        end, groups = hit
        found, consumed = _best_event(sent, i, end, groups[0], speaker, context)
        mentions.extend(found)
        free = max(end, consumed)
    context.remember(actors)
    return _attach_casualty_clauses(mentions, tokens, sentence_index), actors


def _is_noun_use(tokens: list[Token], i: int, has_noun: bool, has_verb: bool) -> bool:
    if not has_verb:
        return True
    if not has_noun:
        return False
    prev = tokens[i - 1].key if i > 0 else ""
    if i == 0 and tokens[i].key.endswith("ing"):
        return True  # "Fighting broke out", "Shelling hit the city"
    if prev in VERB_CONTEXT or prev.endswith("ly"):
        return False
    if prev in DETERMINERS or prev.isdigit() or (i > 0 and tokens[i - 1].is_capitalized and i > 1):
        return True
    word = tokens[i].key
    return not (is_participle_form(word) or word.endswith("ing"))


def _best_event(
    sent: _Sentence,
    start: int,
    end: int,
    group: HeadGroup,
    speaker: list[Actor],
    context: Context,
) -> tuple[list[Mention], int]:
    """The best pattern at a head and the mentions it yields, and the token where its match ends."""
    tokens = sent.tokens
    as_noun = _is_noun_use(tokens, start, group.has_noun, group.has_verb)
    best: tuple[HeadEntry, dict[str, list[Actor]], int] | None = None
    for entry in group.candidates(sent.keys):  # best first: the first pattern that matches wins
        if entry.is_noun != as_noun:
            continue
        matched = _match(sent, entry.verb.pattern, start, end)
        if matched is not None:
            best = (entry, *matched)
            break
    if best is None:
        return [], end
    entry, slots, consumed = best
    if entry.verb.code == "---":
        return [], consumed
    left, _ = sent.bounds(start)
    code = _mood_code(entry.verb.code, tokens, start, left)
    if code is None:
        return [], consumed
    passive = not entry.is_noun and _is_passive(tokens, start, left)
    sources = slots.get("source") or []
    targets = slots.get("target") or []
    anaphoric = False
    if entry.is_noun:
        if not sources:
            sources = _noun_source(sent, start, speaker, context)
        anaphoric = not sources and start > 0 and tokens[start - 1].key == "the"
        if not sources and not anaphoric:
            sources = speaker
    elif passive:
        agent = _after(sent, end, "by")
        if targets and agent and targets[0].start == agent[0].start:
            targets = []  # "+" caught the by-agent of a passive
        targets = _subject(sent, start, context) or targets
        if not sources:
            sources = agent or speaker
    elif not entry.verb.pattern.has_source and not _participle_clause(tokens, start):
        sources = _subject(sent, start, context)
    between = _between_chain(sent, end) if "between" in sent.keys else []
    # "fighting between X and Y" matched by a "+" after "between" is still both sides' event.
    slot_is_between = bool(targets) and bool(between) and targets[0].start == between[0].start
    if between and (not entry.verb.pattern.has_target or slot_is_between):
        if sources or code not in RECIPROCAL_CODES:
            targets = between
        else:
            sources = between
    if not targets and not entry.verb.pattern.has_target and not passive:
        targets = _default_target(sent, end, entry.is_noun)
    if not targets and code[:3] in VISIT_CODES:
        targets = _visited(sent, end)
    if code[:2] == "15":
        sources, targets = _posture_parties(sent, end, sources, targets)
    if code in {"190", "193"} and tokens[start].key in KILLING_VERBS:
        code, targets = _killing_of_civilians(sent, end, code, sources, targets)
    if code != entry.verb.code and not entry.verb.pattern.has_source:
        sources = _voiced_by_speaker(sent, start, sources, context)
    pairs = [(s, t) for s in sources or [None] for t in targets or [None]]
    if len(sources) >= 2 and not targets and code in RECIPROCAL_CODES:
        pairs = [(s, t) for s in sources for t in sources if s is not t]  # "X and Y signed a deal"
    if code in MUTUAL_FIGHTING and targets and targets[0].start > 0 and tokens[targets[0].start - 1].key == "with":
        pairs += [(t, s) for s, t in pairs if s is not None and t is not None]  # "X clashed with Y"
    verb_text = sent.text[tokens[start].start : tokens[end - 1].end]
    mentions = []
    for source, target in pairs:
        if source is not None and target is not None and source.code == target.code:
            continue
        if source is None and not anaphoric and tokens[start].key not in KILL_HEADS:
            continue  # an event needs a source; "the attack" may still find one in the document
        mentions.append(Mention(-1, start, end, code, entry.verb.id, source, target, verb_text, anaphoric=anaphoric))
    return mentions, consumed


FORCE_ROLES = frozenset({"MIL", "COP"})


def _is_force(actor: Actor) -> bool:
    """Unnamed forces with no country ("troops", "warships", "police"): what a posture moves."""
    return actor.kind == "agent" and actor.country is None and actor.roles[:3] in FORCE_ROLES


def _posture_parties(sent: _Sentence, end: int, sources: list[Actor], targets: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """ "India deployed troops to its border with China", "drills around Taiwan": the forces
    deployed are the source's own (``IND`` + ``MIL``), not the target; the target is the next
    party named after them, a place counting as its country when it is not the source's own.
    """
    _, right = sent.bounds(end)
    forces = [a for a in sent.actors if end <= a.start < right and _is_force(a)]
    if forces and targets and all(_is_force(t) for t in targets):
        targets = []
    if forces and any(f.roles[:3] == "MIL" for f in forces):
        sources = [_with_role(s, "MIL") if s.kind == "country" and not s.roles and s.country else s for s in sources]
    if targets:
        return sources, targets
    own = {s.country for s in sources}
    for actor in sent.actors:
        if actor.start < end or actor.start >= right or _is_force(actor):
            continue
        if actor.is_place and (actor.country in own or not actor.country):
            continue
        if actor.is_place:
            return sources, [replace(actor, code=actor.country or actor.code)]
        return sources, chain_at(sent.actors, sent.start_of[actor.start], sent.tokens)
    return sources, targets


KILLING_VERBS = frozenset({"kill", "killed", "kills", "shot", "shoots", "massacred", "massacre"})
CIVILIAN_VICTIMS = frozenset(
    "people civilians villagers men women children worshippers worshipers pilgrims tourists passengers "
    "residents mourners students pupils farmers workers shoppers".split()
)
COUNT_QUALIFIERS = frozenset("at least more than about nearly over some up to around almost dead".split())
NON_STATE_ROLES = frozenset({"REB", "UAF", "CRM", "INS", "SEP"})
MASS_KILLING = 40  # killings of about 40 or more non-combatants in one episode are mass killings (202)


def _killing_of_civilians(
    sent: _Sentence, end: int, code: str, sources: list[Actor], targets: list[Actor]
) -> tuple[str, list[Actor]]:
    """ "militants killed more than 200 civilians" is a mass killing (202), "gunmen shot dead 26
    men" an attack on civilians by a non-state group (180); the victims are civilians (``CVL``,
    given their country by the event's place) when no actor names them.
    """
    tokens = sent.tokens
    k = end
    while k < len(tokens) and tokens[k].key in COUNT_QUALIFIERS:
        k += 1
    count = _count(tokens[k].key) if k < len(tokens) else None
    noun = next((j for j in range(k + 1, min(len(tokens), k + 4)) if tokens[j].key in CIVILIAN_VICTIMS), None)
    if count is None or noun is None:
        return code, targets
    if not targets:
        targets = [Actor(noun, noun + 1, "CVL", "civilians", tokens[noun].text, "agent", None, "CVL")]
    if count >= MASS_KILLING:
        return "202", targets
    if sources and all(s.roles[:3] in NON_STATE_ROLES for s in sources):
        return "180", targets
    return code, targets


def _count(word: str) -> int | None:
    digits = word.replace(",", "")
    return int(digits) if digits.isdigit() else NUMBER_WORDS.get(word)


def _voiced_by_speaker(sent: _Sentence, head: int, sources: list[Actor], context: Context) -> list[Actor]:
    """ "Maduro warned that Venezuela would respond with force": a country's future act announced
    by one of its own leaders or officials is that speaker's threat or pledge (``VENGOV``).
    """
    if len(sources) != 1 or sources[0].kind != "country" or sources[0].roles:
        return sources
    if not any(a is sources[0] for a in sent.actors):
        return sources  # a pronoun's antecedent from an earlier sentence: its offsets are not ours
    left, _ = sent.bounds(head)
    for k in range(sources[0].start - 1, max(left - 1, sources[0].start - 4), -1):
        if sent.tokens[k].key in SPEECH_VERBS or sent.tokens[k].key in INTENT_VERBS:
            speaker = _subject(sent, k, context)
            if len(speaker) == 1 and speaker[0].country == sources[0].country and speaker[0].code != sources[0].code:
                return speaker
            return sources
    return sources


def _with_role(actor: Actor, role: str) -> Actor:
    return replace(actor, code=actor.code + role, roles=actor.roles + role, kind="agent")


def _mood_code(code: str, tokens: list[Token], start: int, left: int) -> str | None:
    """The code an event gets from its context: None when it did not happen (negated, refused
    violence, a topic like "talks about ending the war"), the intent or threat code for future and
    intended acts, the rejection code for refusals.
    """
    pre = [t.key for t in tokens[max(left, start - 5) : start]]
    if not NEGATION.isdisjoint(pre) or (("of" in pre or "than" in pre) and _stopped_short(pre)):
        return None
    if not CONDITIONALS.isdisjoint([t.key for t in tokens[max(left, start - 8) : start]]):
        return None  # "if X attacks", "unless they withdraw": not an event (yet)
    previous = tokens[start - 1].key if start > left else ""
    if previous in ADJECTIVE_CONTEXT and is_participle_form(tokens[start].key) and start + 1 < len(tokens) and tokens[start + 1].key.isalpha():
        return None  # "five detained Americans", "the jailed critic": an adjective, not an act
    if tokens[start].key.endswith("ing") and previous in TOPIC_PREPOSITIONS:
        return None
    if _demanded(tokens, start, left):
        return None  # "demanded that Hamas release the hostages": the demand is the event
    if previous == "to":
        k = start - 2
        while k > left and tokens[k].key.endswith("ly"):
            k -= 1
        governor = tokens[k].key if k >= left else ""
        if governor in REFUSAL_VERBS:
            return REFUSAL_CODE.get(code[:2])
        if governor in CONTINUATION_VERBS:
            return _intent(code) if not MODALS.isdisjoint(pre) else code
        if governor in INTENT_VERBS:
            return _intent(code)
        return None  # "urged X to release", "diplomacy to end the war": not an act of the source
    if not MODALS.isdisjoint(pre):
        return _intent(code)
    return code


APPEAL_VERBS = frozenset(
    "demand demanded demands demanding urge urged urges urging ask asked asks asking request requested "
    "requests insist insisted insists call called calls calling appeal appealed appeals press pressed "
    "presses want wanted wants".split()
)


def _demanded(tokens: list[Token], start: int, left: int) -> bool:
    """True when the head is inside a "that" complement of an appeal or demand verb."""
    for k in range(start - 1, max(left, start - 10) - 1, -1):
        if tokens[k].key == "that" and k > left and tokens[k - 1].key in APPEAL_VERBS:
            return True
        if tokens[k].key in {",", ";"}:
            return False
    return False


def _intent(code: str) -> str:
    return INTENT_CODE.get(code) or INTENT_CODE.get(code[:3]) or INTENT_CODE.get(code[:2]) or code


VISIT_CODES = frozenset({"042", "036"})


def _visited(sent: _Sentence, end: int) -> list[Actor]:
    """ "arrived in Kyiv", "a visit to North Korea": the place visited is the target (a capital codes
    as its government).
    """
    _, right = sent.bounds(end)
    for k in range(end, min(right, end + GAP + 2)):
        index = sent.start_of.get(k)
        if index is not None and sent.actors[index].is_place:
            return [sent.actors[index]]
    return []


def _between_chain(sent: _Sentence, end: int) -> list[Actor]:
    """ "talks between Israel and Hamas": the chain after "between" (two or more actors)."""
    _, right = sent.bounds(end)
    for k in range(end, min(right, end + GAP)):
        if sent.tokens[k].key == "between" and k + 1 in sent.start_of:
            chain = chain_at(sent.actors, sent.start_of[k + 1], sent.tokens)
            return chain if len(chain) >= 2 else []
    return []


def _participle_clause(tokens: list[Token], head: int) -> bool:
    """ ", killing 3 soldiers and injuring 40": the participle's subject is the clause's, which is
    not an actor here.
    """
    return head > 0 and tokens[head].key.endswith("ing") and tokens[head - 1].key in {",", "and", "or"}


def _stopped_short(pre: list[str]) -> bool:
    joined = " ".join(pre)
    return "short of" in joined or "instead of" in joined or "rather than" in joined


def _is_passive(tokens: list[Token], i: int, left: int) -> bool:
    if not is_participle_form(tokens[i].key):
        return False
    k = i - 1
    while k >= left and (tokens[k].key.endswith("ly") or tokens[k].key in {"not", "also", "reportedly"}):
        k -= 1
    return k >= left and tokens[k].key in BE_FORMS


def _match(sent: _Sentence, pattern: Pattern, start: int, end: int) -> tuple[dict[str, list[Actor]], int] | None:
    """Match the elements around a head; return (filled slots, end of the match), or None."""
    left, right = sent.bounds(start)
    slots: dict[str, list[Actor]] = {}
    cursor = end
    previous: Head | Literal_ | Slot = pattern.head
    for element in pattern.after:
        # "arrive in +": after a locative word the author wrote, a place fills the slot.
        places_ok = isinstance(previous, Literal_) and previous.options <= PLACE_PREPOSITIONS
        previous = element
        found = _find_forward(sent, element, cursor, right, places_ok=places_ok)
        if found is None:
            return None
        cursor, filled = found
        if isinstance(element, Slot):
            slots[element.role] = filled
    consumed = cursor
    cursor = start - 1
    for element in reversed(pattern.before):
        found = _find_backward(sent, element, cursor, left)
        if found is None:
            return None
        cursor, filled = found
        if isinstance(element, Slot):
            slots[element.role] = filled
    return slots, consumed


PLACE_PREPOSITIONS = frozenset({"in", "at", "to", "into", "inside"})


def _find_forward(
    sent: _Sentence, element: Head | Literal_ | Slot, cursor: int, right: int, *, places_ok: bool = False
) -> tuple[int, list[Actor]] | None:
    for k in range(cursor, min(right, cursor + GAP + 1)):
        if isinstance(element, Literal_):
            if sent.tokens[k].key in element.options:
                return k + 1, []
        elif isinstance(element, Slot):
            index = sent.start_of.get(k)
            if index is not None and sent.actors[index].is_place and places_ok:
                return sent.actors[index].end, [sent.actors[index]]
            if index is not None and not sent.actors[index].is_place:
                chain = chain_at(sent.actors, index, sent.tokens)
                return chain[-1].end, chain
    return None


def _find_backward(sent: _Sentence, element: Head | Literal_ | Slot, cursor: int, left: int) -> tuple[int, list[Actor]] | None:
    for k in range(cursor, max(left - 1, cursor - GAP - 1), -1):
        if isinstance(element, Literal_):
            if sent.tokens[k].key in element.options:
                return k - 1, []
        elif isinstance(element, Slot):
            index = sent.end_of.get(k)
            if index is not None and not sent.actors[index].is_place:
                return sent.actors[index].start - 1, _chain_ending(sent, index)
    return None


def _chain_ending(sent: _Sentence, index: int) -> list[Actor]:
    """The coordination chain whose last member is ``actors[index]``."""
    for first in range(index + 1):
        chain = chain_at(sent.actors, first, sent.tokens)
        ends_here = chain[-1].end == sent.actors[index].end and chain[0].start <= sent.actors[index].start
        if ends_here and (first == index or len(chain) > 1):
            return chain
    return [sent.actors[index]]


_AUXILIARIES = VERB_CONTEXT - RELATIVE - PRONOUNS


def _subject(sent: _Sentence, head: int, context: Context) -> list[Actor]:
    """The nearest actor (or pronoun) to the left of a verb head, skipping prepositional objects."""
    tokens = sent.tokens
    left, _ = sent.bounds(head)
    k = head - 1
    while k > left and (tokens[k].key in _AUXILIARIES or tokens[k].key.endswith("ly")):
        k -= 1
    if k >= left and tokens[k].key in RELATIVE:
        # "militias, which have attacked": the antecedent; "the attack that struck": none.
        j = k - 1 if k - 1 >= left and tokens[k - 1].key == "," else k
        index = sent.end_of.get(j - 1)
        if index is not None and not sent.actors[index].is_place:
            return _chain_ending(sent, index)
        return []
    k = head - 1
    while k >= left:
        key = tokens[k].key
        if key in PRONOUNS and key not in {"its", "his", "her", "their", "our", "my"}:
            resolved = _resolve_pronoun(sent, key, k, context)
            return [resolved] if resolved else []
        index = sent.end_of.get(k)
        if index is None:
            k -= 1
            continue
        actor = sent.actors[index]
        before = tokens[actor.start - 1].key if actor.start > 0 else ""
        right_before_head = all(t.key in VERB_CONTEXT or t.key.endswith("ly") for t in tokens[actor.end : head])
        if actor.is_place or (before in PREPOSITIONS and before != "of" and not (before in CONJUNCTIONS and right_before_head)):
            k = actor.start - 1
            continue
        return _chain_ending(sent, index)
    return []


def _resolve_pronoun(sent: _Sentence, pronoun: str, at: int, context: Context) -> Actor | None:
    candidates = [a for a in sent.actors if a.end <= at and not a.is_place]
    pool = list(reversed(candidates)) + list(reversed(context.recent))
    for actor in pool:
        if pronoun in {"he", "she", "his", "her", "i", "my"}:
            if actor.kind == "person":
                return actor
        elif pronoun in {"it", "its"}:
            if actor.kind != "person":
                return actor
        elif actor.kind != "person":
            return actor
    return None


def _after(sent: _Sentence, end: int, word: str) -> list[Actor]:
    _, right = sent.bounds(end)
    for k in range(end, min(right, end + GAP + 2)):
        if sent.tokens[k].key == word and k + 1 in sent.start_of:
            actor = sent.actors[sent.start_of[k + 1]]
            if not actor.is_place:
                return chain_at(sent.actors, sent.start_of[k + 1], sent.tokens)
    return []


def _default_target(sent: _Sentence, end: int, is_noun: bool) -> list[Actor]:
    tokens = sent.tokens
    _, right = sent.bounds(end)
    for k in range(end, min(right, end + GAP + 2)):
        key = tokens[k].key
        if key in SPEECH_VERBS or key in RELATIVE:
            return []
        if is_noun and key in {"on", "against", "targeting", "at"} and k + 1 in sent.start_of:
            actor = sent.actors[sent.start_of[k + 1]]
            if not actor.is_place:
                return chain_at(sent.actors, sent.start_of[k + 1], tokens)
        if not is_noun and k in sent.start_of:
            actor = sent.actors[sent.start_of[k]]
            before = tokens[k - 1].key if k > 0 else ""
            if actor.is_place or before in {"by", "according"}:
                continue
            return chain_at(sent.actors, sent.start_of[k], tokens)
    return []


def _noun_source(sent: _Sentence, head: int, speaker: list[Actor], context: Context) -> list[Actor]:
    """Source of a nominal event: "U.S. strikes", "Iran's attack", or the subject of a light verb."""
    tokens = sent.tokens
    k = head - 1
    skipped = 0
    while k >= 0 and skipped <= 2:
        index = sent.end_of.get(k)
        if index is not None and not sent.actors[index].is_place:
            return _chain_ending(sent, index)
        if tokens[k].key == "'s":
            k -= 1
            continue
        if tokens[k].key in {"the", "a", "an"} or not tokens[k].key.isalpha():
            break
        skipped += 1
        k -= 1
    left, _ = sent.bounds(head)
    for j in range(head - 1, max(left - 1, head - 5), -1):
        if tokens[j].key in LIGHT_VERBS:
            return _subject(sent, j, context)
    return []


_REPORTING_VERBS = frozenset({"said", "says", "told", "added", "stated", "confirmed", "announced", "noted"})
_SPEAKER_WORDS = _REPORTING_VERBS | {"according"}


def _speaker(sent: _Sentence, context: Context) -> list[Actor]:
    """Who the sentence reports: the subject of a speech verb ("CENTCOM said"), or after "according to"."""
    tokens = sent.tokens
    if sent.keys.isdisjoint(_SPEAKER_WORDS):
        return []
    for k, token in enumerate(tokens):
        if token.key in _REPORTING_VERBS:
            subject = _subject(sent, k, context)
            if subject:
                return subject
            if k + 1 in sent.start_of:  # "..., said Kirby"
                return [sent.actors[sent.start_of[k + 1]]]
        if token.key == "according" and k + 2 < len(tokens) and tokens[k + 1].key == "to" and k + 2 in sent.start_of:
            return [sent.actors[sent.start_of[k + 2]]]
    return []


def _attach_casualty_clauses(mentions: list[Mention], tokens: list[Token], sentence_index: int) -> list[Mention]:
    """ "the attack ..., killing 3 soldiers": the killing belongs to the attack, not a new event."""
    kept: list[Mention] = []
    for mention in mentions:
        violent = [m for m in kept if m.code[:2] in {"18", "19", "20"} and m.head_end <= mention.head_start]
        if tokens[mention.head_start].key in KILL_HEADS and violent:
            host = violent[-1]
            if host.target is None and mention.target is not None:
                for m in kept:
                    if m.head_start == host.head_start:
                        m.target = mention.target
            continue
        kept.append(mention)
    # A killing with no source of its own was kept only to lend its victims to an attack.
    kept = [m for m in kept if m.source is not None or m.anaphoric]
    for m in kept:
        m.sentence_index = sentence_index
    return kept
