"""The admin writes no executable inline script (core/adaptations/): Wagtail's choosers,
date widgets and inline panels are started from JSON data blocks that
static/js/admin-starters.js runs, and only by the names it allows."""

import json
import re
from pathlib import Path

import pytest
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminPageChooser, BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser
from wagtail.models import Page

from core.adaptations.chooser_starters import starter_block

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.S)


def scripts(html: str) -> list[tuple[str, str]]:
    return SCRIPT.findall(html)


def executable(html: str) -> list[str]:
    """Inline scripts a browser would run: no ``src`` and not a JSON data block."""
    return [
        body[:120]
        for attrs, body in scripts(html)
        if "src=" not in attrs and 'type="application/json"' not in attrs
    ]


def starters(html: str) -> list[dict]:
    return [json.loads(body) for attrs, body in scripts(html) if "data-koinotita-starter" in attrs]


def allowed_names() -> dict[str, str]:
    text = (ROOT / "static/js/admin-starters.js").read_text()
    table = text[text.index("const STARTERS") : text.index("});", text.index("const STARTERS"))]
    return dict(re.findall(r"^\s+(\w+): \"(new|call)\",$", table, re.M))


@pytest.mark.django_db
def test_a_chooser_writes_a_data_block_not_a_script():
    html = AdminPageChooser().render("organisation", None, {"id": "id_organisation"})
    assert executable(html) == []
    [block] = starters(html)
    assert block["call"] == "PageChooser"
    assert block["args"][0] == "id_organisation"
    assert block["args"][1]["modalUrl"] == "/admin/choose-page/"


@pytest.mark.django_db
def test_the_task_chooser_calls_its_function():
    html = AdminTaskChooser().render("task", None, {"id": "id_task"})
    assert executable(html) == []
    assert starters(html) == [{"call": "createTaskChooser", "args": ["id_task"]}]


def test_a_value_cannot_end_the_block():
    """Whatever the arguments hold (an id, a title, a URL), ``</script>``, ``<!--`` and ``&``
    are escaped, so the block ends only where it was written and JSON reads them back."""
    hostile = '</script><script>alert(1)</script><!--&amp;"'
    html = str(starter_block("PageChooser", hostile, {"title": hostile}))
    assert html.count("</script>") == 1 and "<!--" not in html and "&amp;" not in html
    assert executable(html) == []
    assert starters(html) == [{"call": "PageChooser", "args": [hostile, {"title": hostile}]}]


@pytest.mark.django_db
def test_a_hostile_widget_id_stays_inside_the_chooser_block():
    hostile = "id_x</script><script>alert(1)</script>"
    html = AdminPageChooser().render("x", None, {"id": hostile})
    assert "<script>alert(1)" not in html
    assert starters(html)[0]["args"][0] == hostile


@pytest.mark.parametrize(
    ("widget", "call"),
    [(AdminDateInput(), "initDateChooser"), (AdminDateTimeInput(), "initDateTimeChooser")],
)
def test_date_widgets_write_a_data_block(widget, call):
    """Rendered by Django's form renderer, which finds core/templates/ (an app's templates)."""
    html = widget.render("day", None, {"id": "id_day"})
    assert executable(html) == []
    [block] = starters(html)
    assert block["call"] == call and block["args"][0] == "id_day"
    assert "format" in block["args"][1]


def every_chooser_class(base=BaseChooser):
    for cls in base.__subclasses__():
        yield cls
        yield from every_chooser_class(cls)


def test_every_chooser_is_one_the_starters_know():
    """A Wagtail upgrade (or an app) that brings a chooser with its own ``render_js_init``
    fails here rather than in an editor's browser; so does a constructor the script does
    not allow."""
    names = allowed_names()
    known_inits = {BaseChooser.render_js_init, AdminTaskChooser.render_js_init}
    for cls in every_chooser_class():
        assert cls.render_js_init in known_inits, cls
        if cls.render_js_init is BaseChooser.render_js_init:
            assert names.get(cls.js_constructor) == "new", cls
    assert names["createTaskChooser"] == "call"
    for call in ("initDateChooser", "initDateTimeChooser", "initTimeChooser"):
        assert names[call] == "call"
    assert names["InlinePanel"] == names["MultipleChooserPanel"] == "new"


@pytest.mark.django_db
def test_admin_screens_write_no_executable_inline_script(admin_client):
    """The screens whose widgets Wagtail started inline: the centre editor (inline panels, a
    page chooser in each partner, a date), the page search's and the site history's date
    filters; and wagtail-localize's translate screen and translation editor (their scripts are
    files: core/templates/wagtail_localize/)."""
    centre = Page.objects.get(slug="chania", locale__language_code="el")
    english = Page.objects.get(slug="chania", locale__language_code="en")
    calls = set()
    for url in (
        f"/admin/pages/{centre.pk}/edit/",
        f"/admin/pages/{english.pk}/edit/",
        f"/admin/localize/submit/page/{centre.pk}/",
        "/admin/pages/search/?q=Χανιά",
        "/admin/reports/site-history/",
        "/admin/pages/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert executable(html) == [], url
        calls |= {block["call"] for block in starters(html)}
    assert {"InlinePanel", "PageChooser", "initDateChooser", "initDateTimeChooser"} <= calls
