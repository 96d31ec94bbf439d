"""Every kind of page, shop and staff alike, read on a 360 px phone and on a desktop, in
Persian and English: nothing scrolls sideways, and axe-core finds nothing critical or serious."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.steps import log_in

JOLFA = "/coop/jolfa-handicraft-bazaar/admin"
PAGES = {
    None: ["/", "/search?q=kilim", "/search?q=%DA%AF%D9%84%DB%8C%D9%85", "/regions",
           "/fairs/", "/impact/", "/cart/"],
    "artisan@bazaar.test": ["/studio/", "/studio/reviews", "/messages/", "/orders/"],
    "coop@bazaar.test": [f"{JOLFA}/", f"{JOLFA}/members", f"{JOLFA}/shareholders",
                         f"{JOLFA}/dividends"],
    "admin@bazaar.test": ["/admin/listings/", "/admin/payouts/", "/admin/certificates/"],
}
SERIOUS = {"critical", "serious"}


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("who", list(PAGES), ids=lambda who: who or "visitor")
def test_each_page_fits_a_phone_and_passes_axe(story, who, lang):
    person = story.person("person", locale=lang)
    if who:
        person.goto("/")
        log_in(person, who)
    axe = Axe()
    problems = []
    for path in PAGES[who]:
        for width in (360, 1280):
            person.set_viewport_size({"width": width, "height": 800})
            response = person.goto(path)
            assert response is not None and response.status == 200, (path, response)
            overflow = person.evaluate("document.documentElement.scrollWidth")
            if overflow > width:
                problems.append(f"{path} at {width} px is {overflow} px wide")
                story.shot(person, f"{path} {width} too wide")
            found = axe.run(person).response["violations"]
            for violation in found:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{path} at {width} px: {violation['id']} "
                                    f"({violation['impact']}) {targets}")
    assert not problems, "\n".join(problems)
