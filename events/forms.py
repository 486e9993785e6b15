"""The registration form: fixed fields, the editor's extra questions, and spam
protection that needs no third-party service (a honeypot and a signed
timestamp: bots fill every field and post at once)."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "events.registration"
MIN_SECONDS = 3
MAX_AGE = 24 * 60 * 60


def make_token(event, issued_at=None):
    return signing.dumps({"e": event.pk, "t": issued_at if issued_at is not None else time.time()}, salt=TOKEN_SALT)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Vi sender en bekræftelse med arrangementet som kalenderfil."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    job_title = forms.CharField(
        label=_("Stilling"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(
        label=_("Lad dette felt være tomt"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.question_labels = {}
        for child in event.registration_questions:
            if child.block_type != "question":
                continue
            value = child.value
            field_name = f"q_{child.id}"
            self.question_labels[field_name] = value["label"]
            common = {"label": value["label"], "required": value["required"], "help_text": value.get("help_text", "")}
            kind = value["kind"]
            if kind == "textarea":
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, **common)
            elif kind == "choice":
                options = [line.strip() for line in (value.get("choices") or "").splitlines() if line.strip()]
                field = forms.ChoiceField(choices=[("", "---------"), *[(o, o) for o in options]], **common)
            elif kind == "checkbox":
                field = forms.BooleanField(**common)
            else:
                field = forms.CharField(max_length=500, **common)
            self.fields[field_name] = field
        if not self.is_bound:
            self.initial["token"] = make_token(event)

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_token(self):
        try:
            payload = signing.loads(self.cleaned_data["token"], salt=TOKEN_SALT, max_age=MAX_AGE)
        except signing.SignatureExpired:
            raise forms.ValidationError(_("Formularen er udløbet. Indlæs siden igen, og udfyld den på ny.")) from None
        except signing.BadSignature:
            raise forms.ValidationError(_("Formularen kunne ikke genkendes. Indlæs siden igen.")) from None
        if not isinstance(payload, dict) or payload.get("e") != self.event.pk:
            raise forms.ValidationError(_("Formularen hører til et andet arrangement. Indlæs siden igen."))
        if time.time() - float(payload.get("t", 0)) < MIN_SECONDS:
            raise forms.ValidationError(_("Formularen blev sendt meget hurtigt. Vent et øjeblik, og send den igen."))
        return self.cleaned_data["token"]

    def answers(self):
        result = {}
        for field_name, label in self.question_labels.items():
            value = self.cleaned_data.get(field_name)
            if isinstance(value, bool):
                value = "Ja" if value else "Nej"
            result[label] = value or ""
        return result

    def visible_question_fields(self):
        return [self[name] for name in self.question_labels]
