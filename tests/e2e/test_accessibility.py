"""axe-core finds no critical or serious accessibility violation on any page a person of each role
uses, in each interface language; and keyboard focus always shows a ring that stands out.

axe-core (tests/e2e/vendor/axe.min.js, MPL-2.0) is injected into every page of the browser
context before the page's own scripts; the page's CSP does not apply to it. People sign in by
session cookie (the sign-in form has tests of its own), which keeps the 4 languages' runs short.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from labs.models import Cycle, Membership
from partners.models import PartnerOrganisation
from plans.models import LearningPlan
from questionnaire.steps import steps_for
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
LANGUAGES = [code for code, _ in settings.LANGUAGES]
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
# Every language on a desktop screen and on a phone.
SCREENS = [(language, screen) for screen in (DESKTOP, PHONE) for language in LANGUAGES]
# Wider than the window: what would make the page scroll sideways.
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
BLOCKING = {"critical", "serious"}
# Folded parts (comment forms, help) are opened first, so that axe reads them too.
RUN_AXE = """async () => {
    document.querySelectorAll("details").forEach(details => { details.open = true; });
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
    }));
}"""


def imported(*names, status=LearningPlan.Status.PUBLISHED) -> list[LearningPlan]:
    importer = Importer(status=status)
    return [importer.import_file(FIXTURES / name).plan for name in names]


class Audit:
    """A browser context in one language, axe in every page; `check(url)` notes what axe finds."""

    def __init__(self, browser, base, language, viewport):
        self.base = base
        self.language = language
        self.screen = f"{language}, {viewport['width']} px"
        self.context = browser.new_context(viewport=viewport)
        self.context.add_init_script(script=AXE)
        self.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
        )
        self.page = self.context.new_page()
        self.found = []

    def sign_in(self, user):
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.base}]
        )

    def check(self, url):
        response = self.page.goto(self.base + url)
        assert response.ok, f"{url} answered {response.status}"
        assert self.page.locator("html").get_attribute("lang") == self.language, url
        for violation in self.page.evaluate(RUN_AXE):
            if violation["impact"] in BLOCKING:
                self.found.append(
                    f"{url} [{self.screen}] {violation['impact']} {violation['id']}: "
                    f"{violation['help']} at {violation['targets']}"
                )
        # The admin is Django's own, for staff at a desk: its wide tables scroll.
        if not url.startswith("/admin/") and (overflow := self.page.evaluate(OVERFLOW)) > 0:
            self.found.append(f"{url} [{self.screen}] scrolls sideways by {overflow} px")


@pytest.fixture(params=SCREENS, ids=[f"{language}-{size['width']}" for language, size in SCREENS])
def audit(request, browser, live_server):
    audit = Audit(browser, live_server.url, *request.param)
    yield audit
    audit.context.close()


def test_every_page_of_every_role_passes_axe(audit, alice, rita, root, zambia, open_cycle):
    plan, report = imported("plan_2023_numbered.md", "progress_2024_b.md")
    # A report can be started on an approved plan only.
    (approved_plan,) = imported("plan_fr.md", status=LearningPlan.Status.APPROVED)
    (submitted_report,) = imported("progress_2022_a.md", status=LearningPlan.Status.SUBMITTED)
    partner = PartnerOrganisation.objects.filter(partnerships__plan=plan).first()

    # Anyone.
    for url in [
        reverse("home"),
        reverse("plans:list"),
        plan.get_absolute_url(),
        report.get_absolute_url(),
        reverse("partners:list"),
        partner.get_absolute_url(),
        reverse("plans:map"),
        reverse("plans:stats"),
        reverse("accounts:sign_in"),
    ]:
        audit.check(url)

    # A focal point starts a plan, and the progress report of an approved plan of another of her
    # labs (its cycle takes reports today), through /my/'s buttons; then every step of both.
    Membership.objects.create(user=alice, lab=approved_plan.lab)
    today = timezone.localdate()
    Cycle.objects.create(
        year=approved_plan.year,
        plans_open_on=today - timedelta(days=400),
        plans_close_on=today - timedelta(days=300),
        reports_open_on=today - timedelta(days=1),
        reports_close_on=today + timedelta(days=30),
    )
    audit.sign_in(alice)
    audit.check(reverse("my:home"))
    page = audit.page
    for start in [
        reverse("my:start_plan", args=[zambia.pk]),
        reverse("my:start_report", args=[approved_plan.pk]),
    ]:
        page.goto(audit.base + reverse("my:home"))
        page.locator(f'form[action="{start}"] button').click()
        page.wait_for_url("**/my/plans/*/*/")
    drafts = LearningPlan.objects.filter(status=LearningPlan.Status.DRAFT)
    assert {draft.kind for draft in drafts} == {"plan", "progress"}
    for draft in drafts:
        for step in steps_for(draft):
            audit.check(reverse("my:step", args=[draft.pk, step.key]))
        audit.check(reverse("my:review", args=[draft.pk]))

    # A reviewer.
    audit.sign_in(rita)
    for url in [
        reverse("review:queue"),
        reverse("review:plan", args=[approved_plan.pk]),
        reverse("review:plan", args=[submitted_report.pk]),
        reverse("review:history", args=[approved_plan.pk]),
    ]:
        audit.check(url)

    # An administrator, on a plan's change form and a report's.
    audit.sign_in(root)
    for pk in (plan.pk, report.pk):
        audit.check(reverse("admin:plans_learningplan_change", args=[pk]))
    # Select2's boxes are named by their fields' labels (the report's plan is empty).
    for field, role in [("plan", "combobox"), ("tags", "searchbox")]:
        label = page.locator(f'label[for="id_{field}"]').inner_text()
        expect(page.get_by_role(role, name=label)).to_have_count(1)

    assert not audit.found, "\n".join(audit.found)


# What the focused element shows: its outline's width, the colours of its ring (outline and
# shadows), and the colour behind it (the nearest ancestor's background); null once Tab has gone
# round to an element seen before.
FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body || element.dataset.tabbed) return null;
    element.dataset.tabbed = "yes";
    const style = getComputedStyle(element);
    let backdrop = "rgb(255, 255, 255)";
    for (let node = element.parentElement; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)") { backdrop = colour; break; }
    }
    return {
        element: element.outerHTML.slice(0, 100),
        width: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
        ring: [style.outlineColor, ...(style.boxShadow.match(/rgba?\\([^)]*\\)/g) || [])],
        backdrop,
    };
}"""


def focus_rings(page):
    """What each element that Tab reaches shows, once round the page."""
    for _ in range(150):
        page.keyboard.press("Tab")
        if (focused := page.evaluate(FOCUSED)) is None:
            return
        yield focused


def opaque(colour: str) -> tuple[int, int, int] | None:
    red, green, blue, *alpha = (float(part) for part in re.findall(r"[\d.]+", colour))
    return None if alpha and alpha[0] < 1 else (red, green, blue)


def contrast(first, second) -> float:
    """WCAG's contrast ratio of two sRGB colours."""

    def luminance(colour):
        def linear(channel):
            channel /= 255
            return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

        red, green, blue = map(linear, colour)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_keyboard_focus_shows_a_ring_at_3_to_1_against_its_background(
    browser, live_server, alice, zambia, open_cycle
):
    imported("plan_2023_numbered.md", "progress_2024_b.md")
    audit = Audit(browser, live_server.url, "en", DESKTOP)
    audit.sign_in(alice)
    page = audit.page
    page.goto(audit.base + reverse("my:home"))
    page.locator(f'form[action="{reverse("my:start_plan", args=[zambia.pk])}"] button').click()
    page.wait_for_url("**/my/plans/*/*/")
    plan = LearningPlan.objects.get(lab=zambia)
    partners = next(step for step in steps_for(plan) if "partnerships" in step.formsets)
    faint = []
    try:
        # The header (on blue), the listing's filters, cards and pages; the questionnaire's
        # steps (the active one on blue), fields and buttons.
        for url in [reverse("plans:list"), reverse("my:step", args=[plan.pk, partners.key])]:
            page.goto(audit.base + url)
            rings = list(focus_rings(page))
            assert len(rings) > 15, url
            for focused in rings:
                backdrop = opaque(focused["backdrop"])
                best = max(
                    (contrast(colour, backdrop) for c in focused["ring"] if (colour := opaque(c))),
                    default=0,
                )
                if focused["width"] < 2 or best < 3:
                    faint.append(f"{url}: {focused['element']} ({best:.1f}:1)")
    finally:
        audit.context.close()
    assert not faint, "\n".join(faint)
