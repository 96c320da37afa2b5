"""The admin's "forgotten password" form cannot be used to flood a mailbox: a client that asks
too often is told to wait (429), and an address asked for too often gets no more e-mails,
while the answer stays the usual one, so the form never reveals whether an account exists."""

import pytest
from django.core import mail
from django.test import Client
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"
DONE = "/admin/password_reset/done/"


def ask(client, email):
    return client.post(RESET, {"email": email})


def test_a_reset_e_mail_is_sent_within_the_limits(client, writer):
    response = ask(client, "writer@example.org")
    assert response.status_code == 302 and response["Location"] == DONE
    assert len(mail.outbox) == 1


def test_one_address_gets_no_more_e_mails_than_the_limit_whoever_asks(settings, writer):
    allowed, _window = settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    answers = [
        ask(Client(REMOTE_ADDR=f"192.0.2.{number}"), "Writer@Example.org ")
        for number in range(1, allowed + 3)
    ]
    assert len(mail.outbox) == allowed
    # Beyond the limit the answer is the same as when an e-mail goes: nothing to learn from it.
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, DONE)}


def test_a_client_that_asks_too_often_is_told_to_wait(settings, client, writer):
    allowed, window = settings.PASSWORD_RESET_LIMIT_PER_CLIENT
    for number in range(allowed):
        assert ask(client, f"someone{number}@example.org").status_code == 302
    refused = ask(client, "writer@example.org")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= window
    assert gettext("Too many password reset requests") in refused.content.decode()
    assert mail.outbox == []
    # Another client is not held back by this one.
    assert ask(Client(REMOTE_ADDR="198.51.100.7"), "writer@example.org").status_code == 302
    assert len(mail.outbox) == 1


def test_the_wait_page_is_in_greek_for_a_greek_browser(settings, writer):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = (0, 3600)
    refused = Client(HTTP_ACCEPT_LANGUAGE="el").post(RESET, {"email": "writer@example.org"})
    assert refused.status_code == 429
    assert "Πάρα πολλά αιτήματα επαναφοράς κωδικού" in refused.content.decode()


def test_the_defaults(settings):
    assert settings.PASSWORD_RESET_LIMIT_PER_CLIENT == (5, 3600)
    assert settings.PASSWORD_RESET_LIMIT_PER_ADDRESS == (3, 3600)
