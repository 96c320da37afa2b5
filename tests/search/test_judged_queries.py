"""The judged query set (``judged_queries.JUDGED``) scores 100% in the top 3.

One test over the whole set, so a failure lists every query that missed with what came
first instead, and the share found reads like the benchmark's."""

import pytest

from search import engine
from tests.search.judged_queries import JUDGED


def _top(judged, n=3):
    outcome = engine.run(judged.query, judged.language)
    return [(hit.page.slug, hit.page.locale.language_code) for hit in outcome.hits[:n]]


@pytest.mark.django_db
def test_the_judged_set_has_enough_queries_of_every_sort():
    assert len(JUDGED) >= 60
    assert {judged.language for judged in JUDGED} == {"el", "en"}
    assert len({(judged.query, judged.language) for judged in JUDGED}) == len(JUDGED)


@pytest.mark.django_db
def test_every_judged_query_finds_its_page_in_the_top_3():
    misses = []
    for judged in JUDGED:
        top = _top(judged)
        if (judged.slug, judged.language) not in top:
            misses.append(
                f"  {judged.query!r} [{judged.language}] wants {judged.slug}"
                f" ({judged.why or 'plain'}), got {[slug for slug, _ in top]}"
            )
    found = len(JUDGED) - len(misses)
    assert not misses, (
        f"top 3: {found}/{len(JUDGED)} ({100 * found / len(JUDGED):.0f}%); missed:\n"
        + "\n".join(misses)
    )
