"""``check --deploy`` warns when a deployment has switched off the two-factor requirement."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.KOINOTITA_REQUIRE_2FA:
        return []
    return [
        Warning(
            "KOINOTITA_REQUIRE_2FA is off: superusers and editors-in-chief can sign in to the "
            "admin with a password alone.",
            hint="Unset KOINOTITA_REQUIRE_2FA (it defaults to on) in production.",
            id="signin.W001",
        )
    ]
