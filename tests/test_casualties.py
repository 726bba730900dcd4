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
