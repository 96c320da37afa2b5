"""Create the first administrator with a generated password, shown once.

There is never a fixed password: if an administrator exists already, the command only says how
to reset the password.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the 'admin' superuser with a random password and print it once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/admin/", help="The admin address to print."
        )

    def handle(self, *args, **options):
        User = get_user_model()
        url = options["url"]
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: sign in at {url} with your existing account "
                f"(reset with: .venv/bin/python manage.py changepassword {USERNAME})."
            )
            return
        password = secrets.token_urlsafe(15)
        User.objects.create_superuser(USERNAME, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin created — sign in at {url} as '{USERNAME}' with password: {password}\n"
                "This password is shown only once; change it after signing in."
            )
        )
