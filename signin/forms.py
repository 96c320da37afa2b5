"""The code fields. Each field's help and errors are tied to the input with
``aria-describedby`` (Django adds ``aria-invalid`` when it is wrong), so a screen reader reads
them when the field is focused; ``autocomplete="one-time-code"`` lets phones offer the code."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeFieldForm(forms.Form):
    field_name = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields[self.field_name]
        widget_id = f"id_{self.field_name}"
        field.widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "aria-describedby": f"{widget_id}-helptext {widget_id}-errors",
            }
        )

    @property
    def error_message_id(self) -> str:
        return f"id_{self.field_name}-errors"

    @property
    def code_field(self):
        return self[self.field_name]

    def cleaned_code(self) -> str:
        return self.cleaned_data[self.field_name]


class AuthenticatorCodeForm(CodeFieldForm):
    field_name = "code"
    code = forms.CharField(
        label=_("6-digit code"),
        help_text=_("Open your authenticator app and type the code it shows for this site."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9 ]*"}),
        error_messages={"required": _("Enter the 6-digit code from your authenticator app.")},
    )

    def clean_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(
                _("Enter the 6-digit code from your authenticator app, digits only.")
            )
        return code


class BackupCodeForm(CodeFieldForm):
    field_name = "backup_code"
    backup_code = forms.CharField(
        label=_("Backup code"),
        help_text=_("One of the codes you saved when you set up two-step verification."),
        max_length=40,
        error_messages={"required": _("Enter one of your backup codes.")},
    )

    def clean_backup_code(self):
        code = re.sub(r"\s", "", self.cleaned_data["backup_code"]).lower()
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise forms.ValidationError(
                _("A backup code has 8 letters and digits, like “abcd2345”.")
            )
        return code
