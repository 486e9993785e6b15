"""Demo content for events: the New Year's reception 2018, verbatim from the
seed, and one upcoming demo event with open registration to try the form."""

import datetime
import html
import uuid

from django.utils import timezone

from movement.demo import ensure_child, image, organisation, person, publish

from .models import EventIndexPage, EventPage

SEED_SLUG = "nytaarskur-2018"
DEMO_SLUG = "samskabelse-i-praksis-demo"
GRAPHIC_TEXT = "Grafik for Den Nationale Samskabelsesbevægelses Nytårskur 2018: Første år i Samskabelsesbevægelsen"

# (name, role, organisation) as the seed writes each person.
P = {
    "Torsten Gejl": ("Torsten Gejl", "MF", "Alternativet"),
    "Anders Folmer Buhelt": ("Anders Folmer Buhelt", "Direktør", "URK"),
    "Frank E. Andersen": ("Frank E. Andersen", "Kommunaldirektør", "Gentofte Kommune"),
    "Jacob Torfing": ("Jacob Torfing", "Professor", "RUC"),
    "Jens Reiermann": ("Jens Reiermann", "Journalist", "Altinget/Mandag Morgen"),
    "Trine Møller": ("Trine Møller", "Vicepolitiinspektør", "Københavns Politi"),
    "Bethina Louise Røge": ("Bethina Louise Røge", "Specialkonsulent, Nationalt Forebyggelsescenter", "Rigspolitiet"),
    "Lea Gulstav Dalgaard": ("Lea Gulstav Dalgaard", "Specialkonsulent, Nationalt Forebyggelsescenter", "Rigspolitiet"),
    "Gitte Ellehave Schultz": (
        "Gitte Ellehave Schultz",
        "Enhedschef, Center for Regional Udvikling",
        "Region Hovedstaden",
    ),
    "Preben Cramon": ("Preben Cramon", "Sundhedsfaglig chef", "Region Sjælland"),
    "Christian Bason": ("Christian Bason", "adm. direktør", "Dansk Designcenter"),
    "Rasmus Bjerregaard": ("Rasmus Bjerregaard", "Kommunaldirektør", "Holbæk Kommune"),
    "Peter Dexters": ("Peter Dexters", "Projektleder", "Kriminalforsorgen"),
    "Klaus Matthiesen": ("Klaus Matthiesen", "Overenskomstchef", "FTF"),
    "Eva Sørensen": ("Eva Sørensen", "Professor", "RUC"),
    "Anni Ehlers": ("Anni Ehlers", "Direktør", "INSP!"),
    "Karen Frederiksen": ("Karen Frederiksen", "Uddannelseschef", "VIA"),
    "Christina Grøntved": ("Christina Grøntved", "Direktør", "Incita"),
    "René Christensen": ("René Christensen", "MF", "Dansk Folkeparti"),
    "Sophie Hæstorp Andersen": ("Sophie Hæstorp Andersen", "Regionsrådsformand", "Region Hovedstaden"),
    "Lone Loklindt": ("Lone Loklindt", "Kommunalpolitiker", "Frederiksberg Kommune"),
    "Merete Amdisen": ("Merete Amdisen", "Kommunalpolitiker", "Ishøj Kommune"),
}

LEDE = (
    "Den Nationale Samskabelsesbevægelse inviterer til Nytårskur den 1. februar 2018 i Folketingets Fællessal: "
    "Vær med, når vi tager temperaturen på samskabelse på tværs af kommuner, regioner og stat og spørger: "
    "Hvad er næste skridt?"
)

BODY = [
    (
        "p",
        "For et år siden åbnede mere end 200 deltagere Den Nationale Samskabelsesbevægelse i Folketingets Fællessal. Siden er adskillige samskabelsesinitiativer sat i søen såvel lokalt som på landsplan, og overalt i landet har kommuner, regioner og staten gjort sig værdifulde erfaringer. Nu er det tid til next step, og bestyrelsen for Den Nationale Samskabelsesbevægelse inviterer derfor alle interesserede til Nytårskur den 1. februar 2018 kl. 13-16. Her gør vi status på året, der gik, udfordrer hinanden og kigger i krystalkuglen efter svar på, hvordan samskabelse kan bidrage til nye og bedre veje til velfærd og offentlig styring i 2018. Resonans faciliterer Nytårskuren, Torsten Gejl (MF, Alternativet) er vært, og bestyrelsen for Den Nationale Samskabelsesbevægelse byder velkommen og runder af.",
    ),  # noqa: E501
    ("h2", "Samskabelsen rykkede i 2017"),
    (
        "p",
        "I 2017 har samskabelse som tilgang og metode mere end nogensinde før udfordret de klassiske forestillinger om velfærdsproduktion samt kommunal og regional politikudvikling. Samskabelse har i det forgangne år givet anledning til både løftede bryn og rynkede næser, men uanset hvordan man vender og drejer det, så har samskabelse i 2017 for alvor sparket døren ind til de kommunalpolitiske arenaer rundt om i landet og rystet den lokaldemokratiske pose.",
    ),  # noqa: E501
    (
        "p",
        "En enkelt paragraf har ført borgere og politikere sammen omkring politikudviklingen i en sådan grad, at DR i forbindelse med kommunalvalget 2017 bl.a. i en artikel med overskriften Kommune bruger borgerne som specialister satte fokus på, hvordan samskabelse i  Gentofte Kommune bidrager til at løse lokale udfordringer. Nye samarbejdsalliancer er etableret for at finde tværgående og mere holdbare løsninger på store regionale velfærdsudfordringer, bl.a. på sundhedsområdet i Region Sjælland. Og på landsplan har Rigspolitiet udviklet og offentliggjort en struktureret processtruktur for samskabelse i syv faser med konkrete greb, som bl.a. er blevet anvendt til at skabe tryghed i natteliv og belastede boligområder i tæt samarbejde mellem politiet, relevante myndigheder, private virksomheder og berørte borgere.",
    ),  # noqa: E501
    (
        "p",
        "Og disse er blot et lille udpluk af de mange eksempler på, hvordan samskabelse – eller co-creation – kan åbne op for at finde nye veje til velfærd. Nogle af disse veje er fundet i regi af Samskabelsesbevægelsen – men mange andre som en helt naturlig konsekvens af den brede erkendelse på tværs af centrale velfærdsaktører af, at ingen alene kan løse de komplekse velfærdsudfordringer, vi sammen står over for.",
    ),  # noqa: E501
    ("h2", "Samskabelsesbevægelsens Nytårskur: Året der gik og hvad så nu?"),
    (
        "p",
        "Efter et år, hvor mange spændende samskabelsesaktiviteter og -tiltag altså har fyldt hverdagen for offentlige organisationer, private virksomheder, frivillige foreninger og aktive borgere, er det nu tid til at gøre status og samtidig kigge fremad mod et lovende år for den samskabte velfærd. Et år hvor Den Nationale Samskabelsesbevægelse sætter alle sejl ind på, at vi sammen løfter barren og bringer debatten og eksperimenterne op på næste klinge.",
    ),  # noqa: E501
    (
        "p",
        "Derfor inviterer Samskabelsesbevægelsen alle interesserede til et festfyrværkeri af en Nytårskur i Folketingets Fællessal torsdag den 1. februar kl. 13-16. Her viser vi highlights fra året, der gik, og præsenterer eksempler på frontløbercases på nationalt niveau. Med afsæt i eksempler på samskabelse inden for temaerne sundhed, sikkerhed og klima tager vi derudover en kritisk debat om de barrierer og snubletråde, der er forbundet med:",
    ),  # noqa: E501
    (
        "ul",
        [
            "At samskabe nye veje til velfærd, fx i forbindelse med myndighedsafgørelser",
            "At udvikle nye tilgange til og forståelser af brug af faglighed, herunder fagbevægelsens rolle i samskabelse af velfærden i Danmark",  # noqa: E501
            "At udvikle og kvalificere den politiske samarbejdskultur og politiske ledelse på tværs af folketing, kommuner og regioner",  # noqa: E501
        ],
    ),
    (
        "p",
        "Til Samskabelsesbevægelsens Nytårskur tager vi også den vigtige debat med en række folketingspolitikere om, hvordan det egentlig går med samskabelsen på Christiansborg, herunder hvilke forudsætninger og demokratiske rum, der er behov for at udvikle på Borgen, hvis landspolitik i højere grad er noget, der skal samskabes på tværs.",
    ),  # noqa: E501
]


def _who(name, role=None):
    """(name, role override) → a participant; the role is the seed's wording at that session."""
    return (name, role)


SESSIONS = [
    {
        "start": "13:00",
        "end": "13:10",
        "kind": "welcome",
        "title": "VELKOMST",
        "description": "ved Bestyrelsen for Den Nationale Samskabelsesbevægelse og Torsten Gejl, MF, Alternativet",
        "participants": [_who("Anders Folmer Buhelt"), _who("Frank E. Andersen"), _who("Jacob Torfing")],
    },
    {
        "start": "13:10",
        "end": "13:20",
        "kind": "talk",
        "title": "ÅRET DER GIK",
        "description": (
            "i tal, lyd og levende billeder v. Resonans samt undersøgelse af opgaveudvalg v. Jens Reiermann, "
            "Journalist, Altinget/Mandag Morgen"
        ),
        # Jens Reiermann is named in the text, as the seed has it; a list of
        # participants under it would name him a second time.
        "participants": [],
    },
    {
        "start": "13:20",
        "end": "14:00",
        "kind": "cases",
        "title": "3 NATIONALE FRONTLØBERCASES",
        "description": "v. Politiet, Region Hovedstaden og Region Sjælland + internationalt perspektiv",
        "participants": [],
        "items": [
            {
                "theme": "SIKKERHED",
                "title": "POLITIET",
                "description": "Samskabelse har været en del af politiets praksis siden 2014. Med samskabelse har politiet indført en ny, fokuseret samarbejdsform, hvor der indgåes i nye samarbejder med henblik på at skabe helhedsorienterede, bæredygtige løsninger omkring komplekse udfordringer. En særlig kompleks udfordring, som arbejdes på, er IT- relateret økonomisk kriminalitet, hvor politiet indgår i samarbejde med blandt andre Forbrugerrådet Tænk, E-mærket, Finans Danmark, Dansk Erhverv, NETS, Nordea, Danske Bank, DSB og samhandelsites såsom Trendsales, DBA og Gul & Gratis – og mange flere.",  # noqa: E501
                "byline": "| v. Trine Møller, vicepolitiinspektør, Københavns Politi samt Bethina Louise Røge og Lea Gulstav Dalgaard, Specialkonsulenter, Nationalt Forebyggelsescenter, Rigspolitiet",  # noqa: E501
                "speakers": [
                    _who("Trine Møller", "vicepolitiinspektør"),
                    _who("Bethina Louise Røge"),
                    _who("Lea Gulstav Dalgaard"),
                ],
            },
            {
                "theme": "KLIMA",
                "title": "REGION H",
                "description": "Udfordringen omkring klima er kommet for at blive. Det kalder på samarbejde på tværs, og der er behov for en aktør, der kan samle flere parter, som sammen går ind i kampen for klimaet. Den rolle har Region Hovedstaden påtaget sig. Hør om Nordkystens Fremtid – hvor 3 kommuner samarbejder om kystbeskyttelse og Energi på Tværs, og 29 kommuner sammen med de 7 største forsyningsselskaber i hovedstadsregionen arbejder om en fælles strategisk energiplan. Vi får også indblik i fyrtårnsprojektet CALL Copenhagen, der skal understøtte kommunernes arbejde med at komme fra klimatilpasningsplaner til implementering af løsninger.|",  # noqa: E501
                "byline": "v. Gitte Ellehave Schultz, Enhedschef, Center for Regional Udvikling, Region Hovedstaden",
                "speakers": [_who("Gitte Ellehave Schultz")],
            },
            {
                "theme": "SUNDHED",
                "title": "REGION SJÆLLAND",
                "description": "Broen til Bedre Sundhed er et unikt udviklingsprogram for folkesundheden på Lolland-Falster. Et partner- og fællesskab, der på én gang arbejder for at skabe bedre sundhed, større kvalitet og en sund økonomi. Fundamentet er partnerskaber og samarbejder mellem Lolland og Guldborgsund Kommune, Region Sjælland, praktiserende læger, det lokale erhvervsliv og TrygFonden. Du får indblik i viden og erfaringer fra projektet og hører, hvordan Region Sjælland arbejder målrettet med at bygge bro og udvikle tilbud og indsatser på tværs.",  # noqa: E501
                "byline": "| v. Preben Cramon, Sundhedsfaglig chef i Region Sjælland",
                "speakers": [_who("Preben Cramon")],
            },
            {
                "theme": "",
                "title": "INTERNATIONALT PERSPEKTIV",
                "description": "",
                "byline": "v. Christian Bason, adm. direktør i Dansk Designcenter",
                "speakers": [_who("Christian Bason")],
            },
        ],
    },
    {
        "start": "14:00",
        "end": "14:30",
        "kind": "debate",
        "title": "DEBATRUNDE 1: NYE VEJE TIL VELFÆRD – kan myndighedsopgaver samskabes?",
        "description": "",
        "participants": [
            _who("Rasmus Bjerregaard"),
            _who("Trine Møller", "Vicepolitiinspektør"),
            _who("Peter Dexters"),
            _who("Anders Folmer Buhelt"),
            _who("Frank E. Andersen"),
            _who("Jacob Torfing"),
        ],
    },
    {"start": "14:30", "end": "14:45", "kind": "break", "title": "PAUSE", "description": "", "participants": []},
    {
        "start": "14:45",
        "end": "15:15",
        "kind": "debate",
        "title": (
            "DEBATRUNDE 2: FAGLIGHED OG FAGBEVÆGELSENS ROLLE – hvordan udvikler vi nye tilgange til brug af "
            "faglighed og dermed andre fagidentiteter?"
        ),
        "description": "",
        "participants": [
            _who("Klaus Matthiesen"),
            _who("Eva Sørensen"),
            _who("Anni Ehlers"),
            _who("Karen Frederiksen"),
            _who("Christina Grøntved"),
        ],
    },
    {
        "start": "15:15",
        "end": "15:50",
        "kind": "debate",
        "title": (
            "DEBATRUNDE 3: STYRING OG POLITISK LEDELSE – hvordan styrker vi den politiske ledelse og kultur på "
            "tværs af folketing, regioner og kommuner?"
        ),
        "description": "",
        "participants": [
            _who("Torsten Gejl"),
            _who("René Christensen"),
            _who("Sophie Hæstorp Andersen"),
            _who("Lone Loklindt"),
            _who("Merete Amdisen"),
        ],
    },
    {
        "start": "15:50",
        "end": "16:00",
        "kind": "closing",
        "title": "NYE SAMSPILSALLIANCER – WHAT’S NEXT?",
        "description": "Afrunding v. Bestyrelsen for Den Nationale Samskabelsesbevægelse",
        "participants": [_who("Rasmus Bjerregaard"), _who("Jacob Torfing")],
    },
]


def seed_person(name):
    full_name, role, org_name = P[name]
    return person(full_name, role, org_name)


def _item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def _participant(name, role=None, part=""):
    full_name, seed_role, org_name = P[name]
    return _item({"person": seed_person(name).pk, "role": role or seed_role, "organisation": org_name, "part": part})


def body_raw(blocks):
    raw = []
    for kind, content in blocks:
        if kind == "h2":
            value = {"text": content, "level": "h2"}
            raw.append({"type": "heading", "value": value, "id": str(uuid.uuid4())})
        elif kind == "ul":
            items = "".join(f"<li>{html.escape(text, quote=False)}</li>" for text in content)
            raw.append({"type": "paragraph", "value": f"<ul>{items}</ul>", "id": str(uuid.uuid4())})
        else:
            raw.append(
                {"type": "paragraph", "value": f"<p>{html.escape(content, quote=False)}</p>", "id": str(uuid.uuid4())}
            )
    return raw


def program_raw(sessions):
    raw = []
    for session in sessions:
        value = {
            "start": session["start"] + ":00",
            "end": session["end"] + ":00",
            "kind": session["kind"],
            "title": session["title"],
            "description": session["description"],
            # No "part": the seed lists the debaters under "Medvirkende:" as they are.
            "participants": [_participant(name, role) for name, role in session["participants"]],
            "items": [
                _item(
                    {
                        "theme": case["theme"],
                        "title": case["title"],
                        "description": case["description"],
                        "byline": case["byline"],
                        "speakers": [_participant(name, role) for name, role in case["speakers"]],
                    }
                )
                for case in session.get("items", [])
            ],
        }
        raw.append({"type": "session", "value": value, "id": str(uuid.uuid4())})
    return raw


def local(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute), timezone.get_default_timezone())


# The seed page's own timestamp: when the reception's page was published, so
# the event enters "What else is cooking?" then, not when the demo was loaded.
SEED_PUBLISHED = datetime.datetime(2018, 2, 5, 12, 8, 51, tzinfo=datetime.UTC)


def _older_load(program_raw_data):
    """True for a program as older loads wrote it: every debater marked
    "panellist" (shown as "(paneldeltager)"), Jens Reiermann listed under the
    text that already names him, and bylines without the seed's "|"."""
    for session in program_raw_data:
        value = session.get("value", {})
        for participant in value.get("participants", []):
            if (participant.get("value") or {}).get("part"):
                return True
        if value.get("title") == "ÅRET DER GIK" and value.get("participants"):
            return True
        for case in value.get("items", []):
            if (case.get("value") or {}).get("byline", "").startswith("v. Trine"):
                return True
    return False


def refresh_seed_event(event):
    """Bring the seed event an older load made up to the seed, once; a
    program an editor has changed since is left alone."""
    if _older_load(list(event.program.raw_data)):
        event.program = program_raw(SESSIONS)
        publish(event)
    if event.first_published_at != SEED_PUBLISHED:
        EventPage.objects.filter(pk=event.pk).update(first_published_at=SEED_PUBLISHED)
        event.first_published_at = SEED_PUBLISHED
    return event


def ensure_seed_event(index):
    existing = index.get_children().filter(slug=SEED_SLUG).first()
    if existing is not None:
        return refresh_seed_event(existing.specific)
    sessions = SESSIONS
    event = EventPage(
        slug=SEED_SLUG,
        title="Samskabelsesbevægelsens Nytårskur 2018: Året der gik og next step for samskabelse",
        kicker="Nytårskur i Folketingets Fællessal",
        lede=LEDE,
        start=local(2018, 2, 1, 13),
        end=local(2018, 2, 1, 16),
        venue_name="Folketingets Fællessal",
        venue_address="Christiansborg, Prins Jørgens Gård 1, 1240 København K",
        host=seed_person("Torsten Gejl"),
        facilitator=organisation("Resonans"),
        image=image(GRAPHIC_TEXT, label="Nytårskur 2018: Første år i Samskabelsesbevægelsen", description=GRAPHIC_TEXT),
        body=body_raw(BODY),
        program_heading="Program: Samskabelsesbevægelsens Nytårskur i overskrifter",
        program=program_raw(sessions),
        registration_open=True,
        registration_deadline=local(2018, 1, 29, 12),
        show_in_menus=False,
        first_published_at=SEED_PUBLISHED,
    )
    event.organisers = [organisation("Den Nationale Samskabelsesbevægelse")]
    index.add_child(instance=event)
    return publish(event)


DEMO_SESSIONS = [
    {
        "start": "13:00",
        "end": "13:15",
        "kind": "welcome",
        "title": "VELKOMST",
        "description": "ved Bestyrelsen for Den Nationale Samskabelsesbevægelse",
        "participants": [],
    },
    {
        "start": "13:15",
        "end": "14:00",
        "kind": "talk",
        "title": "Hvad har vi lært om samskabelse?",
        "description": "Oplæg og spørgsmål fra salen.",
        "participants": [_who("Jacob Torfing"), _who("Eva Sørensen")],
    },
    {
        "start": "14:00",
        "end": "15:30",
        "kind": "debate",
        "title": "Erfaringer fra kommuner og regioner",
        "description": "",
        "participants": [_who("Rasmus Bjerregaard"), _who("Gitte Ellehave Schultz")],
    },
]


def ensure_demo_event(index):
    """An upcoming event (30 days after the loader runs) whose form can be tried."""
    existing = index.get_children().filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing.specific
    day = timezone.localdate() + datetime.timedelta(days=30)
    event = EventPage(
        slug=DEMO_SLUG,
        title="Samskabelse i praksis: Erfaringsmøde (demoarrangement)",
        kicker="Demoarrangement",
        lede=(
            "Et demoarrangement, så tilmeldingen kan prøves: kommuner, regioner og forskere deler erfaringer med "
            "samskabelse. Datoen ligger altid 30 dage efter, at demoindholdet blev indlæst."
        ),
        start=local(day.year, day.month, day.day, 13),
        end=local(day.year, day.month, day.day, 16),
        venue_name="Folketingets Fællessal",
        venue_address="Christiansborg, Prins Jørgens Gård 1, 1240 København K",
        host=seed_person("Jacob Torfing"),
        facilitator=organisation("Resonans"),
        program=program_raw(DEMO_SESSIONS),
        registration_open=True,
        registration_deadline=local(day.year, day.month, day.day, 12) - datetime.timedelta(days=3),
        capacity=40,
        waitlist_enabled=True,
        registration_questions=[
            {
                "type": "question",
                "value": {
                    "label": "Allergier eller kosthensyn",
                    "kind": "text",
                    "choices": "",
                    "required": False,
                    "help_text": "Skriv det her, så vi kan tage hensyn ved forplejningen.",
                },
                "id": str(uuid.uuid4()),
            }
        ],
        show_in_menus=False,
    )
    event.organisers = [organisation("Den Nationale Samskabelsesbevægelse")]
    index.add_child(instance=event)
    return publish(event)


def load(home, stdout=None):
    index = ensure_child(
        home,
        EventIndexPage,
        "arrangementer",
        title="Arrangementer",
        intro="Kommende og afholdte arrangementer i Den Nationale Samskabelsesbevægelse.",
        show_in_menus=True,
    )
    ensure_seed_event(index)
    ensure_demo_event(index)
    return index
