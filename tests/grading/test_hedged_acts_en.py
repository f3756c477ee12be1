"""An English act only tried for or hoped for ("we'll try to", "hopefully", "we might be able to", "I'll see
about") is not the act done: it counts in part, where the same act said as done or promised counts in full."""

from __future__ import annotations

from support.shipped import criteria_by_id

DONE = (
    "I'm so sorry, Daniel. I've checked order 40-22817: it was scanned at our Leeds depot on Monday at "
    "07:40 and hasn't moved since. I'm sending a replacement pair by next-day express today before 3 pm, "
    "so it will reach you before 1 pm tomorrow. I've refunded the express shipping you paid. I've opened "
    "a carrier trace; if the first parcel turns up, just refuse it. I'll email you tomorrow morning with "
    "the tracking."
)

HEDGED = (
    "I'm so sorry, Daniel. I've checked order 40-22817: it was scanned at our Leeds depot on Monday at "
    "07:40 and hasn't moved since. We'll try to get a replacement pair out by next-day express, and "
    "hopefully it could reach you before 1 pm tomorrow. We might be able to refund the express shipping "
    "you paid. I'll see about opening a carrier trace. I'll email you tomorrow morning."
)

HEDGED_OTHERWISE = (
    "I'm so sorry, Daniel. I've checked order 40-22817: it was scanned at our Leeds depot on Monday at "
    "07:40 and hasn't moved since. I'll do my best to send a replacement by next-day express, with any "
    "luck it should get to you before 1 pm tomorrow. If possible I'd like to refund the shipping fee as "
    "well, I'm hoping that gets approved. I'll aim to open a carrier trace when I get a chance. I'll "
    "email you tomorrow morning."
)


def test_the_remedy_said_as_done_earns_it():
    assert criteria_by_id("en-ecom-late-gift-10", DONE)["solution"].score == 4


def test_the_remedy_only_tried_for_does_not():
    assert criteria_by_id("en-ecom-late-gift-10", HEDGED)["solution"].score <= 2


def test_other_hedges_count_in_part_too():
    assert criteria_by_id("en-ecom-late-gift-10", HEDGED_OTHERWISE)["solution"].score <= 3


def test_a_hedge_beside_the_act_leaves_it_done():
    said = DONE.replace(
        "I've refunded the express shipping you paid.",
        "I've refunded the express shipping you paid, and hopefully Emma loves them.",
    )
    assert criteria_by_id("en-ecom-late-gift-10", said)["solution"].score == 4
