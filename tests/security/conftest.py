"""Fixtures shared by the security tests."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile


@pytest.fixture
def superuser(db):
    user = get_user_model().objects.create_superuser("security@centre.example", password="x")
    # The admin speaks the user's language; English keeps Wagtail's own messages readable here.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
