"""Demo content for the manifesto: the seed's invitation text, a generated
PDF in the members-only collection, and organisations the seed names.

The seed page does not contain the manifesto's own text, so the page and the
PDF hold a clearly labelled excerpt built only from sentences of the seed.
"""

import io

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

from movement.demo import PRINCIPLES, collection, ensure_child, organisation, publish

from .models import ManifestoOrganisation, ManifestoPage

TITLE = "Manifest for samskabelse"
QUESTION = "Hvad betyder samskabelse, og hvad er forudsætningerne for at lykkes?"
INVITATION = (
    "Læs mere i Manifest for samskabelse, som RUC og Resonans har taget initiativ til at udvikle "
    "sammen med 40 organisationer."
)
LINK_TEXT = "Læs manifest for samskabelse"
# Verbatim from the seed page.
WHY_PARAGRAPH = (
    "Og disse er blot et lille udpluk af de mange eksempler på, hvordan samskabelse – eller co-creation – "
    "kan åbne op for at finde nye veje til velfærd. Nogle af disse veje er fundet i regi af "
    "Samskabelsesbevægelsen – men mange andre som en helt naturlig konsekvens af den brede erkendelse på "
    "tværs af centrale velfærdsaktører af, at ingen alene kan løse de komplekse velfærdsudfordringer, vi "
    "sammen står over for."
)
DEMO_NOTE = (
    "Demoudgave: Manifestets egen tekst findes ikke i kildesiden. Dette er et uddrag af sætninger fra "
    "Samskabelsesbevægelsens side om Nytårskuren 2018."
)
ORGANISATIONS = [
    "RUC",
    "Resonans",
    "Gentofte Kommune",
    "Region Sjælland",
    "Region Hovedstaden",
    "Rigspolitiet",
    "URK",
]
MEMBERS_COLLECTION = "Medlemmer"
DOCUMENT_TITLE = "Manifest for samskabelse (demoudgave)"
DOCUMENT_FILENAME = "manifest-for-samskabelse.pdf"


def members_collection():
    """The "Medlemmer" collection, private to logged-in members."""
    members = collection(MEMBERS_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=members).exists():
        CollectionViewRestriction.objects.create(collection=members, restriction_type=CollectionViewRestriction.LOGIN)
    return members


def _latin1(text):
    """fpdf2's core fonts are Latin-1 (æøå are in it; dashes are not)."""
    return text.replace("–", "-").replace("’", "'")


def make_manifesto_pdf():
    """The demo PDF, generated with fpdf2 so nothing is downloaded."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author("Den Nationale Samskabelsesbevægelse")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.multi_cell(0, 10, _latin1(TITLE))
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 10)
    pdf.multi_cell(0, 5, _latin1(DEMO_NOTE))
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, _latin1(QUESTION))
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin1(INVITATION))
    pdf.ln(4)
    pdf.multi_cell(0, 6, _latin1(WHY_PARAGRAPH))
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, _latin1("De 7 principper for Den Nationale Samskabelsesbevægelse:"))
    pdf.set_font("Helvetica", "", 11)
    for number, text in enumerate(PRINCIPLES, start=1):
        pdf.ln(2)
        pdf.multi_cell(0, 6, _latin1(f"#{number} {text}"))
    buffer = io.BytesIO()
    pdf.output(buffer)
    return buffer.getvalue()


def ensure_document():
    Document = get_document_model()
    members = members_collection()
    document = Document.objects.filter(title=DOCUMENT_TITLE).first()
    if document is None:
        document = Document(title=DOCUMENT_TITLE, collection=members)
        document.file = ContentFile(make_manifesto_pdf(), name=DOCUMENT_FILENAME)
        document._set_document_file_metadata()
        document.save()
    return document


def body():
    return [
        (
            "section",
            {
                "heading": QUESTION,
                "text": f"<p><i>{DEMO_NOTE}</i></p><p>{INVITATION}</p>",
            },
        ),
        ("section", {"heading": "Ingen kan løse det alene", "text": f"<p>{WHY_PARAGRAPH}</p>"}),
    ]


def load(home, stdout=None):
    page = ensure_child(
        home,
        ManifestoPage,
        "manifest",
        title=TITLE,
        intro=f"{QUESTION} {INVITATION}",
        download_text=LINK_TEXT,
        show_in_menus=True,
    )
    changed = False
    if not page.body:
        page.body = body()
        changed = True
    if page.document_id is None:
        page.document = ensure_document()
        changed = True
    if not page.organisations.exists():
        page.organisations = [
            ManifestoOrganisation(organisation=organisation(name), sort_order=index)
            for index, name in enumerate(ORGANISATIONS)
        ]
        changed = True
    if changed:
        publish(page)
    return page
