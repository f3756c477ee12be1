"""English must_not entries that negate or prohibit: found by meaning in the wrong thing said, never in
the wrong thing refused."""

from __future__ import annotations

import pytest

from trainer.grading.offline import OfflineEngine
from trainer.grading.offline.violations import act_of
from trainer.grading.types import Rubric

ENGINE = OfflineEngine()
RUBRIC = Rubric.from_dict(
    {
        "id": "t-en-negated-must-not",
        "title": "t",
        "lang": "en",
        "criteria": [
            {
                "id": "policy",
                "name": "Security and honesty",
                "max": 2,
                "description": "Verifies with what the bank holds and is honest about the charge",
                "levels": {2: "both", 0: "neither"},
                "key_points": ["I'll check your date of birth and postcode"],
                "must_not": [
                    {
                        "concept": "Never ask for the CVV",
                        "any": [
                            "never ask the customer for the three digits on the back of the card",
                            "do not tell the customer the second charge is only a temporary hold",
                        ],
                        "reason": "asks for the CVV or calls the duplicate a hold",
                    }
                ],
            },
            {
                "id": "data",
                "name": "Deletion",
                "max": 2,
                "description": "Deletes the account after verification",
                "levels": {2: "done", 0: "refused"},
                "key_points": ["I'll delete your account once I've verified you"],
                "must_not": [
                    {
                        "concept": "Refuses deletion",
                        "any": [
                            "we can't delete your account",
                            "deletion isn't possible once you've ordered",
                        ],
                        "reason": "refuses a deletion the customer is entitled to",
                    }
                ],
            },
        ],
    }
)


def _violations(answer: str) -> dict[str, str]:
    return {c.id: c.violation for c in ENGINE.score(RUBRIC, answer).criteria}


def test_a_prohibition_names_the_act():
    assert act_of("never ask for the CVV") == "ask for the CVV"
    assert act_of("Do not tell the customer that the system is fine") == "the system is fine"
    assert act_of("we can't delete your account") == "we can't delete your account"


@pytest.mark.parametrize(
    ("answer", "criterion"),
    [
        ("Could you read me the three digits on the back of your card?", "policy"),
        ("Don't worry, the second charge is only a temporary hold, it will drop off.", "policy"),
        ("Sorry, deletion isn't possible once you've ordered.", "data"),
    ],
)
def test_the_wrong_thing_said_in_other_words_is_found(answer, criterion):
    assert _violations(answer)[criterion], answer


@pytest.mark.parametrize(
    "answer",
    [
        "I will never ask you for the three digits on the back of your card.",
        "We never ask for the code on the back of the card, so please don't share it.",
        "I won't tell you the second charge is only a temporary hold: it's a real duplicate.",
        "It is not a temporary hold, the second charge is real.",
        "We can delete your account once I've verified you.",
        "I would never say we can't delete your account; I'll delete it once I've verified you.",
    ],
)
def test_the_wrong_thing_refused_or_turned_around_is_not_found(answer):
    assert not any(_violations(answer).values()), answer
