from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    """Signing in to the admin safely: throttled passwords and a second factor."""

    name = "signin"
    verbose_name = _("Sign-in security")

    def ready(self):
        from signin import checks  # noqa: F401 - registers the deployment check
