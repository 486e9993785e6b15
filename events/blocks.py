"""Blocks for events: the body, the timed program and registration questions.

The program lives in a StreamField so editors can reorder sessions freely.
Participants are chosen from the shared Person snippet (so Wagtail's reference
index knows where a person appears); the role and organisation they held at
that session are stored beside the choice, because titles change over the years.
The page renders and serialises the program through `EventPage.get_program()`,
which looks every person up in one query instead of one per participant.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from movement.blocks import BodyStreamBlock, PersonChooserBlock


class SessionKind:
    """The kinds of session a program can hold (stored values are English)."""

    CHOICES = [
        ("welcome", _("Velkomst")),
        ("talk", _("Oplæg")),
        ("cases", _("Cases")),
        ("debate", _("Debat")),
        ("break", _("Pause")),
        ("closing", _("Afrunding")),
    ]


class ParticipantBlock(blocks.StructBlock):
    person = PersonChooserBlock(
        label=_("Person"), help_text=_("Vælg personen fra den fælles liste over personer, eller opret en ny.")
    )
    role = blocks.CharBlock(
        label=_("Titel ved arrangementet"),
        required=False,
        max_length=200,
        help_text=_("Den titel, personen havde ved netop dette arrangement. Tomt: personens nuværende titel."),
    )
    organisation = blocks.CharBlock(
        label=_("Organisation ved arrangementet"),
        required=False,
        max_length=200,
        help_text=_("Tomt: personens nuværende organisation."),
    )
    part = blocks.ChoiceBlock(
        label=_("Rolle i programpunktet"),
        required=False,
        choices=[("moderator", _("Ordstyrer")), ("speaker", _("Oplægsholder")), ("panellist", _("Paneldeltager"))],
        help_text=_("Valgfri. Vises ved navnet og bruges i søgemaskinernes arrangementsdata."),
    )

    class Meta:
        label = _("Medvirkende")
        icon = "user"
        template = "blocks/program_participant.html"


class CaseBlock(blocks.StructBlock):
    """A sub-item of a session, e.g. one of the front-runner cases."""

    theme = blocks.CharBlock(
        label=_("Tema"), required=False, max_length=100, help_text=_("F.eks. 'SIKKERHED'. Vises foran titlen.")
    )
    title = blocks.CharBlock(label=_("Titel"), max_length=200, help_text=_("F.eks. 'POLITIET'."))
    description = blocks.TextBlock(label=_("Beskrivelse"), required=False)
    speakers = blocks.ListBlock(
        ParticipantBlock(),
        label=_("Oplægsholdere"),
        required=False,
        default=[],
        help_text=_("Hvem fortæller om casen."),
    )
    byline = blocks.CharBlock(
        label=_("Tekst om oplægsholderne"),
        required=False,
        max_length=400,
        help_text=_(
            "Valgfri. Skriv f.eks. 'v. Trine Møller, vicepolitiinspektør, Københavns Politi', hvis teksten skal "
            "stå præcis sådan. Tomt: navne og titler fra listen ovenfor."
        ),
    )

    class Meta:
        label = _("Delpunkt")
        icon = "list-ul"
        description = _("En case eller et oplæg inden for et programpunkt, med tema og oplægsholdere.")
        template = "blocks/program_case.html"


class SessionBlock(blocks.StructBlock):
    start = blocks.TimeBlock(label=_("Starter kl."), help_text=_("Skal ligge inden for arrangementets tidsrum."))
    end = blocks.TimeBlock(label=_("Slutter kl."), help_text=_("Skal ligge efter starttidspunktet."))
    kind = blocks.ChoiceBlock(
        label=_("Type"), choices=SessionKind.CHOICES, default="talk", help_text=_("Hvilken slags programpunkt.")
    )
    title = blocks.CharBlock(
        label=_("Titel"), max_length=300, help_text=_("F.eks. 'DEBATRUNDE 1: NYE VEJE TIL VELFÆRD'.")
    )
    description = blocks.TextBlock(
        label=_("Beskrivelse"), required=False, help_text=_("Vises under titlen, f.eks. 'ved Bestyrelsen for …'.")
    )
    participants = blocks.ListBlock(
        ParticipantBlock(),
        label=_("Medvirkende"),
        required=False,
        # Empty by default: a new session must not start with a blank person
        # the editor has to delete before saving.
        default=[],
        help_text=_("Vises som en liste under punktet."),
    )
    items = blocks.ListBlock(
        CaseBlock(),
        label=_("Delpunkter"),
        required=False,
        default=[],
        help_text=_("Valgfri. F.eks. de cases, der præsenteres i punktet."),
    )

    class Meta:
        label = _("Programpunkt")
        icon = "time"
        template = "blocks/program_session.html"
        description = _(
            "Et punkt i programmet: tidspunkt, type, titel, beskrivelse, medvirkende med den titel, de havde "
            "ved netop dette arrangement, og evt. delpunkter som cases."
        )


class ProgramStreamBlock(blocks.StreamBlock):
    session = SessionBlock()

    class Meta:
        label = _("Program")


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Spørgsmål"), max_length=200, help_text=_("F.eks. 'Allergier eller kosthensyn'."))
    kind = blocks.ChoiceBlock(
        label=_("Svartype"),
        choices=[
            ("text", _("Kort tekst")),
            ("textarea", _("Længere tekst")),
            ("choice", _("Vælg en af flere")),
            ("checkbox", _("Afkrydsning (ja/nej)")),
        ],
        default="text",
    )
    choices = blocks.TextBlock(
        label=_("Svarmuligheder"),
        required=False,
        help_text=_("Kun til 'Vælg en af flere': én svarmulighed pr. linje."),
    )
    required = blocks.BooleanBlock(label=_("Skal udfyldes"), required=False, default=False)
    help_text = blocks.CharBlock(label=_("Hjælpetekst"), required=False, max_length=300)

    class Meta:
        label = _("Ekstra spørgsmål")
        icon = "help"
        description = _("Et ekstra felt i tilmeldingsformularen, f.eks. madpræferencer.")

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if value.get("kind") == "choice" and not [c for c in (value.get("choices") or "").splitlines() if c.strip()]:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Skriv mindst én svarmulighed, én pr. linje."))}
            )
        return value


class QuestionStreamBlock(blocks.StreamBlock):
    question = QuestionBlock()

    class Meta:
        label = _("Ekstra spørgsmål ved tilmelding")


class EventBodyBlock(BodyStreamBlock):
    """The invitation text: the shared body blocks."""
