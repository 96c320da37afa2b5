"""Give a partner organisation's editor an account that can edit only that organisation.

    python manage.py invite_partner <organisation-slug> <email> [--name NAME]

The account joins the organisation's own group (created if needed). A new account's password is
generated and shown once; changes the editor submits go to centre staff for approval.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from directory.models import OrganisationPage
from directory.partner_access import invite_partner


class Command(BaseCommand):
    help = "Create a partner editor account limited to one organisation's pages."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="The organisation page's slug (Greek).")
        parser.add_argument("email")
        parser.add_argument("--name", default="")

    def handle(self, *args, **options):
        try:
            validate_email(options["email"])
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {options['email']}") from error
        organisation = (
            OrganisationPage.objects.filter(slug=options["organisation"]).order_by("id").first()
        )
        if organisation is None:
            raise CommandError(f"No organisation page with the slug {options['organisation']!r}.")
        user, password = invite_partner(organisation, options["email"], options["name"])
        if password:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Partner editor {user.username} can now edit “{organisation.title}”. "
                    f"Password (shown once): {password}"
                )
            )
        else:
            self.stdout.write(
                f"{user.username} already existed and now edits “{organisation.title}”."
            )
