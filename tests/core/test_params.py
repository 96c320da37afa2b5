"""Reading request parameters: the rules every view relies on (core/params.py)."""

import unicodedata

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from core import params
from core.middleware import CleanQueryMiddleware


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_clean_text_keeps_no_control_format_or_noncharacter(raw):
    cleaned = params.clean_text(raw)
    assert len(cleaned) <= params.DEFAULT_MAX_LENGTH
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    for char in cleaned:
        assert unicodedata.category(char) not in {"Cc", "Cs", "Co", "Cn"}, repr(char)
        assert unicodedata.category(char) != "Cf" or char in params.KEPT_FORMAT


def test_clean_text_keeps_what_people_write():
    assert params.clean_text("  Κέντρο\tΚοινότητας\n Ηρακλείου ") == "Κέντρο Κοινότητας Ηρακλείου"
    # Persian needs the zero-width non-joiner: «می‌خواهم» (I want).
    assert params.clean_text("می\u200cخواهم") == "می\u200cخواهم"
    assert params.clean_text("x\x00\x01\x7f\x80\ufffe\uffff\u202ey") == "xy"
    assert params.clean_text("α" * 500, 10) == "α" * 10
    # Decomposed accents become the composed letters the database holds.
    assert params.clean_text("καφε\u0301") == "καφέ"
    assert params.clean_text(None) == ""


@pytest.mark.parametrize("raw", ["²", "٣", "३", "１", "1²", "1.5", "1e3", "0x10", "+3", "", " "])
def test_only_ascii_digits_are_whole_numbers(raw):
    with pytest.raises(params.BadParameter) as raised:
        params.integer(raw, "page", minimum=0, maximum=100)
    assert raised.value.name == "page"
    assert "page" in raised.value.message


@pytest.mark.parametrize(
    "raw, expected", [("7", 7), (" 42 ", 42), ("-3", -3), ("0", 0), ("100", 100)]
)
def test_whole_numbers_in_range(raw, expected):
    assert params.integer(raw, "n", minimum=-5, maximum=100) == expected


def test_out_of_range_and_defaults():
    for raw in ("101", "-6", "9" * 40):
        with pytest.raises(params.BadParameter):
            params.integer(raw, "n", minimum=-5, maximum=100)
    assert params.integer(None, "n", minimum=1, maximum=9, default=3) == 3
    assert params.integer_or("²", 1, minimum=1, maximum=9) == 1
    assert params.integer_or("5", 1, minimum=1, maximum=9) == 5


@given(st.text(max_size=40))
def test_integer_accepts_exactly_what_int_of_ascii_digits_accepts(raw):
    try:
        value = params.integer(raw, "n", minimum=-(10**6), maximum=10**6)
    except params.BadParameter:
        return
    text = params.clean_text(raw)
    assert text.lstrip("-").isascii() and text.lstrip("-").isdigit()
    assert value == int(text)


@pytest.mark.parametrize(
    "raw, last, expected",
    [
        ("3", 10, 3),
        ("99", 10, 10),
        ("9" * 5000, 10, 10),
        ("0", 10, 1),
        ("-2", 10, 1),
        ("x", 10, 1),
        ("²", 10, 1),
        (None, 10, 1),
        ("٣", 10, 1),
    ],
)
def test_page_numbers(raw, last, expected):
    assert params.page_number(raw, last) == expected


def test_booleans_and_choices():
    assert params.boolean("ON") and params.boolean("1") and not params.boolean("maybe")
    assert params.choice(" el ", ["el", "en"]) == "el"
    assert params.choice("fr", ["el", "en"], "el") == "el"


def test_the_middleware_cleans_every_query_value_and_key():
    seen = {}

    def view(request):
        seen["GET"] = request.GET
        return None

    request = RequestFactory().get("/?q=%01%CE%B1%7F&q=%EF%BF%BEb&k%00ey=%C2%80v")
    CleanQueryMiddleware(view)(request)
    assert seen["GET"].getlist("q") == ["α", "b"]
    assert seen["GET"]["key"] == "v"
    assert isinstance(seen["GET"], QueryDict) and not seen["GET"]._mutable
    plain = RequestFactory().get("/?q=ordinary+text")
    CleanQueryMiddleware(view)(plain)
    assert seen["GET"] is plain.GET  # nothing to clean: the same object


@pytest.mark.parametrize("value", ["-1", "abc", "https://elsewhere.example/", "//x", ""])
def test_a_return_address_that_is_not_a_local_path_is_dropped(value):
    seen = {}

    def view(request):
        seen["next"] = request.GET.getlist("next")

    CleanQueryMiddleware(view)(RequestFactory().get("/", {"next": value, "q": "x"}))
    assert seen["next"] == []
    CleanQueryMiddleware(view)(RequestFactory().get("/", {"next": "/admin/pages/"}))
    assert seen["next"] == ["/admin/pages/"]


@pytest.mark.django_db
def test_only_a_field_refusing_a_lookup_value_is_a_404(admin_client):
    from wagtail.models import Page

    from core.middleware import FIELDS_MODULE, raised_in

    with pytest.raises(ValueError) as refused:
        Page.objects.filter(pk=":").exists()
    assert raised_in(refused.value, FIELDS_MODULE)
    with pytest.raises(ValueError) as other:
        int(":")
    assert not raised_in(other.value, FIELDS_MODULE)
    for pk in (":", "x", "²"):
        response = admin_client.get(
            f"/admin/snippets/choose/home/announcementcategory/chosen/{pk}/"
        )
        assert response.status_code == 404, pk


def test_an_admin_id_parameter_is_a_number_or_nothing():
    seen = {}

    def view(request):
        seen["GET"] = request.GET

    for value in (" ", "x", "²", "-1", "1.5"):
        CleanQueryMiddleware(view)(
            RequestFactory().get("/admin/choose-page/", {"parent_page_id": value})
        )
        assert "parent_page_id" not in seen["GET"], value
    CleanQueryMiddleware(view)(
        RequestFactory().get("/admin/choose-page/", {"parent_page_id": "12"})
    )
    assert seen["GET"]["parent_page_id"] == "12"
    # Outside the admin an id may be a UUID (the HSDS API): left to the view.
    CleanQueryMiddleware(view)(RequestFactory().get("/api/hsds/services", {"organization_id": "x"}))
    assert seen["GET"]["organization_id"] == "x"


@pytest.mark.django_db
def test_a_number_too_large_for_the_database_is_a_bad_request(admin_client):
    from django.db import connection

    url = "/admin/pages/usage/directory/servicepage/results/?site=" + "1" * 26
    response = admin_client.get(url)
    # PostgreSQL compares such a number and finds no site; SQLite cannot bind it.
    assert response.status_code == (400 if connection.vendor == "sqlite" else 200)
