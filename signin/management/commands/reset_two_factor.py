"""Remove a user's second factors, for someone who lost their phone and backup codes.

Every session that was verified with the removed devices loses its verification at once. If
the user must use two factors, the admin will ask them to set up a new authenticator at their
next sign-in; unlock a locked-out account separately with ``axes_reset_username``.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from signin import devices, policy


class Command(BaseCommand):
    help = "Remove USERNAME's authenticator and backup codes so they can set up new ones."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The username of the account to reset.")

    def handle(self, *args, **options):
        User = get_user_model()
        username = options["username"]
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called '{username}'.") from None
        removed = devices.remove_all(user)
        if not removed:
            self.stdout.write(f"'{username}' had no two-step verification devices.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed} device(s) of '{username}' (authenticator, backup codes)."
            )
        )
        if policy.must_use_two_factor(user):
            self.stdout.write(
                "They will be asked to set up a new authenticator at their next sign-in."
            )
