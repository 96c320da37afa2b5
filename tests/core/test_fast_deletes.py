"""Derived tables (the term index, the directory's listing rows) are rewritten in bulk on every
publish and import: Django must be able to delete their rows with one statement.

It cannot once any receiver listens to ``pre_delete`` or ``post_delete`` for *every* sender:
then each delete loads its rows and signals them one by one, which made an import of tens of
thousands of services spend most of its time deleting index rows."""

import pytest
from django.apps import apps
from django.db.models import signals
from django.db.models.deletion import Collector
from django.dispatch.dispatcher import _make_id

from directory.models import listing
from search import models as search_models

DERIVED = [
    search_models.PageTerm,
    search_models.SearchWord,
    search_models.SearchQueryDay,
    listing.ServiceFacet,
    listing.ServicePlace,
    listing.ServiceWeeklySession,
    listing.ServiceHoursException,
]


@pytest.mark.parametrize("signal", ["pre_delete", "post_delete"])
def test_no_receiver_listens_to_every_models_deletes(signal):
    everyone = _make_id(None)
    broad = [
        receiver
        for (_receiver_id, sender_id), receiver, *_rest in getattr(signals, signal).receivers
        if sender_id == everyone
    ]
    assert broad == [], f"{signal} receivers for every sender: {broad}"


@pytest.mark.parametrize("model", DERIVED, ids=lambda model: model._meta.label)
def test_derived_rows_are_deleted_with_one_statement(model):
    assert apps.get_model(model._meta.label) is model
    assert Collector(using="default").can_fast_delete(model.objects.all())
