from __future__ import annotations

import pytest

from eventcode.casualties import find_casualties, parse_number


@pytest.mark.parametrize(
    ("text", "fatalities", "injuries"),
    [
        ("the attack that struck Tower 22, killing 3 U.S. Army Reserve soldiers and injuring more than 40", 3, 40),
        ("which killed three US service members and wounded more than 40 others", 3, 40),
        ("after the deaths of three U.S. service members", 3, None),
        ("Twenty-five people were killed in the blast", 25, None),
        ("The blast left 12 dead and dozens wounded", 12, 24),
        ("whose 165 attacks injured over 120 US service members", None, 120),
    ],
)
def test_counts_tied_to_killing_and_wounding_words(text: str, fatalities: int | None, injuries: int | None) -> None:
    found = find_casualties(text)
    assert (found.fatalities, found.injuries) == (fatalities, injuries)


def test_other_numbers_are_not_casualties() -> None:
    found = find_casualties("forces struck more than 85 targets and used more than 125 precision munitions")
    assert (found.fatalities, found.injuries) == (None, None)


def test_number_words() -> None:
    assert [parse_number(w) for w in ("3", "1,200", "three", "twenty-five", "dozens", "a dozen", "lots")] == [3, 1200, 3, 25, 24, 12, None]


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_counts_are_tied_to_their_own_event_in_a_sentence_of_several() -> None:
    from eventcode.casualties import event_casualties

    text = "Militants ambushed a patrol, killing 5 soldiers, and the army shelled the village, killing 12 civilians."
    ambush, shelling = _span(text, "ambushed"), _span(text, "shelled")
    assert event_casualties(text, ambush, [shelling]).fatalities == 5
    assert event_casualties(text, shelling, [ambush]).fatalities == 12


def test_counts_before_the_head_are_used_when_none_follow() -> None:
    from eventcode.casualties import event_casualties

    text = "Three soldiers were killed and dozens wounded when militants attacked a checkpoint."
    found = event_casualties(text, _span(text, "attacked"), [])
    assert (found.fatalities, found.injuries) == (3, 24)


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        ("an airstrike killed more than 40 people", 40),
        ("gunmen killed at least 12 villagers", 12),
        ("the bombing killed dozens of worshippers", 24),
        ("the raid killed a dozen fighters", 12),
        ("the shelling killed three children", 3),
    ],
)
def test_lower_bound_rules(text: str, fatalities: int) -> None:
    assert find_casualties(text).fatalities == fatalities


def test_numbers_of_targets_munitions_and_attacks_never_count() -> None:
    found = find_casualties("The US struck 85 targets in Iraq and Syria with 125 precision munitions after 160 attacks since October.")
    assert (found.fatalities, found.injuries) == (None, None)


def test_case_and_non_ascii_text_give_the_same_counts() -> None:
    # ASCII text is matched lowered and case-sensitively, other text with the case-blind patterns.
    for text in ("Militants KILLED at least 12 soldiers and Wounded Three", "Three Civilians Were Killed; 40 INJURED"):
        plain, accented = find_casualties(text), find_casualties(text + " à Gaza")
        assert (plain.fatalities, plain.injuries, plain.text) == (accented.fatalities, accented.injuries, accented.text)
        assert plain.fatalities in (12, 3) and plain.injuries in (3, 40) and plain.text and plain.text in text
