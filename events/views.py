"""The event page's own view: GET shows the invitation and, while open, the
registration form; POST registers under a row lock so the capacity holds.
Models come from the app registry: `events.models` imports this module."""

import logging

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .forms import RegistrationForm, make_token
from .ics import calendar_bytes

logger = logging.getLogger(__name__)

RESULT_PARAM = "tilmelding"


class RegistrationResult:
    CONFIRMED = "bekraeftet"
    WAITLIST = "venteliste"
    DUPLICATE = "duplicate"
    FULL = "full"
    CLOSED = "closed"


def register(event, cleaned_data, answers):
    """Create a registration, or say why not. Never exceeds the capacity:
    the event's row is locked while counting (PostgreSQL); SQLite's write
    lock serialises writers anyway."""
    EventPage = apps.get_model("events", "EventPage")
    Registration = apps.get_model("events", "Registration")
    email = cleaned_data["email"].strip().lower()
    with transaction.atomic():
        locked = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
        status = locked.get_registration_status()
        if status not in (EventPage.RegistrationStatus.OPEN, EventPage.RegistrationStatus.WAITLIST):
            if Registration.objects.filter(event=locked, email=email).exists():
                return RegistrationResult.DUPLICATE, None
            return (
                RegistrationResult.FULL if status == EventPage.RegistrationStatus.FULL else RegistrationResult.CLOSED
            ), None
        if Registration.objects.filter(event=locked, email=email).exists():
            return RegistrationResult.DUPLICATE, None
        registration_status = (
            Registration.Status.WAITLIST
            if status == EventPage.RegistrationStatus.WAITLIST
            else Registration.Status.CONFIRMED
        )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=locked,
                    name=cleaned_data["name"],
                    email=email,
                    organisation=cleaned_data.get("organisation", ""),
                    job_title=cleaned_data.get("job_title", ""),
                    answers=answers,
                    status=registration_status,
                )
        except IntegrityError:
            return RegistrationResult.DUPLICATE, None
    if registration.status == Registration.Status.WAITLIST:
        return RegistrationResult.WAITLIST, registration
    return RegistrationResult.CONFIRMED, registration


def send_confirmation(event, registration, request=None):
    """The confirmation e-mail with the event as an .ics attachment."""
    from movement.models import SiteSettings

    context = {
        "event": event,
        "registration": registration,
        "event_url": event.get_full_url(request),
        "sender": SiteSettings.load().organisation_name,
    }
    subject = render_to_string("emails/events_registration_subject.txt", context).strip()
    body = render_to_string("emails/events_registration_body.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.email])
    message.attach(f"{event.slug}.ics", calendar_bytes([event], request), "text/calendar")
    try:
        message.send()
    except Exception:  # noqa: BLE001 - the registration stands even if the mail server is down
        logger.exception("Could not send the registration confirmation for event %s", event.pk)
        return False
    return True


def event_page_view(page, request):
    EventPage = apps.get_model("events", "EventPage")
    reg_status = page.get_registration_status()
    takes_registrations = reg_status in (EventPage.RegistrationStatus.OPEN, EventPage.RegistrationStatus.WAITLIST)
    context = {"registration_result": request.GET.get(RESULT_PARAM, "")}
    if request.method == "POST":
        if not takes_registrations:
            context["registration_message"] = _("Tilmeldingen er lukket, så vi kunne ikke tage imod din tilmelding.")
            return _with_status(page.render(request, context_overrides=context), 409)
        form = RegistrationForm(request.POST, event=page)
        if form.is_spam:
            context["registration_message"] = _("Vi kunne ikke tage imod tilmeldingen. Prøv igen, eller skriv til os.")
            return _with_status(page.render(request, context_overrides=context), 400)
        if not form.is_valid():
            if "token" in form.errors:
                data = form.data.copy()
                data["token"] = make_token(page)
                form.data = data
            context["form"] = form
            return _with_status(page.render(request, context_overrides=context), 400)
        result, registration = register(page, form.cleaned_data, form.answers())
        if result == RegistrationResult.DUPLICATE:
            context["registration_message"] = _(
                "Du er allerede tilmeldt med e-mailadressen %(email)s. Du behøver ikke gøre mere, vi glæder os til at se dig."
            ) % {"email": form.cleaned_data["email"]}
            context["form"] = None
            return page.render(request, context_overrides=context)
        if result in (RegistrationResult.FULL, RegistrationResult.CLOSED):
            context["registration_message"] = _("Der var desværre ikke flere pladser, da din tilmelding kom frem.")
            return _with_status(page.render(request, context_overrides=context), 409)
        send_confirmation(page, registration, request)
        return HttpResponseRedirect(f"{page.url}?{RESULT_PARAM}={result}#tilmelding")
    if takes_registrations:
        context["form"] = RegistrationForm(event=page)
    return page.render(request, context_overrides=context)


def _with_status(response, status):
    response.status_code = status
    return response
