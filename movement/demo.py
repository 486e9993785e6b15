"""Demo content shared by every app: the page tree's root, people and
organisations, generated images, the principles and the demo logins.

Every function is idempotent: it finds what exists (by slug, name or email)
and creates only what is missing, so `make run` twice duplicates nothing.
Each app has its own `demo.py` that builds on these helpers.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from movement.artwork.demo_images import draw_image
from movement.models import Organisation, Person, Principle, PrinciplesPage, SiteSettings
from movement.operations.site_url import site_address, sync_default_site

MOVEMENT_NAME = "Den Nationale Samskabelsesbevægelse"

# The seven principles, verbatim from the seed page.
PRINCIPLES = [
    "Vær med til at medskabe nye veje til velfærd på tværs af sektorer",
    "Vær med til at løse samfundsproblemer og udfordre vanetænkningen i nye fællesskaber",
    "Vær med i et ligeværdigt samarbejde, hvor alle bringer viden og ideer ind",
    "Vær med til at øge den kollektive handlekraft gennem aktiv deltagelse",
    "Vær med til at skabe offentlig værdi gennem mobilisering af en mangfoldighed af ideer og ressourcer",
    "Vær med til at skabe målbare effekter gennem konkrete samhandlinger",
    "Vær ambassadør for samskabelse ved at dele viden og erfaringer",
]

DEMO_ADMIN = ("admin", "admin")
DEMO_MEMBER = ("medlem@example.org", "samskabelse")


# ---------------------------------------------------------------------------
# Generic helpers used by every app's demo module
# ---------------------------------------------------------------------------


def publish(page):
    page.save_revision().publish()
    return page


def ensure_child(parent, model, slug, **fields):
    """The child of `parent` with `slug`, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return publish(page)


# The kind of every organisation the seed names, so whichever app's demo
# creates an organisation first, it gets the same kind.
K = Organisation.Kind
ORGANISATION_KINDS = {
    "RUC": K.UNIVERSITY,
    "Resonans": K.COMPANY,
    "URK": K.ASSOCIATION,
    "Gentofte Kommune": K.MUNICIPALITY,
    "Holbæk Kommune": K.MUNICIPALITY,
    "Frederiksberg Kommune": K.MUNICIPALITY,
    "Ishøj Kommune": K.MUNICIPALITY,
    "Lolland Kommune": K.MUNICIPALITY,
    "Guldborgsund Kommune": K.MUNICIPALITY,
    "Region Sjælland": K.REGION,
    "Region Hovedstaden": K.REGION,
    "Rigspolitiet": K.STATE,
    "Københavns Politi": K.STATE,
    "Kriminalforsorgen": K.STATE,
    "Alternativet": K.PARLIAMENT,
    "Dansk Folkeparti": K.PARLIAMENT,
    "Altinget/Mandag Morgen": K.MEDIA,
    "Dansk Designcenter": K.COMPANY,
    "FTF": K.UNION,
    "INSP!": K.ASSOCIATION,
    "VIA": K.UNIVERSITY,
    "Incita": K.COMPANY,
    "TrygFonden": K.ASSOCIATION,
    "Novo Nordisk": K.COMPANY,
}


def organisation(name, kind=None, url=""):
    kind = kind or ORGANISATION_KINDS.get(name, Organisation.Kind.OTHER)
    org, _created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "url": url})
    return org


def person(name, role="", org_name=None, kind=None):
    """One Person per name and organisation: appearances share the record."""
    org = organisation(org_name, kind) if org_name else None
    obj, _created = Person.objects.get_or_create(name=name, organisation=org, defaults={"role": role})
    return obj


def make_image_file(title, size=(1600, 900), label=None):
    """A generated graphic (Pillow, the site's typeface), so the demo downloads nothing."""
    return draw_image(title, size=size, label=label)


def image(title, size=(1600, 900), label=None, description=""):
    """A Wagtail image with this title, generated once."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = make_image_file(title, size=size, label=label)
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower())[:60].strip("-") or "billede"
    img = Image(title=title, description=description or title, file=ImageFile(buffer, name=f"{slug}.jpg"))
    img.save()
    return img


def collection(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    if existing:
        return existing
    return root.add_child(name=name)


# ---------------------------------------------------------------------------
# The site itself
# ---------------------------------------------------------------------------


def ensure_root():
    """Wagtail's tree root (created by its migrations; recreated if a database
    was emptied, e.g. a flushed test database or a failed restore)."""
    from wagtail.models import Locale

    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Rod", slug="root", live=True))
    return root


def ensure_home():
    """Replace Wagtail's "Welcome" page with our HomePage as the site root."""
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = ensure_root()
        for page in root.get_children().filter(slug="home"):
            if page.specific_class is Page:
                # Its English title would stay in the site history's log.
                page.title = page.draft_title = "Velkommen til dit nye Wagtail-websted!"
                page.save(update_fields=["title", "draft_title"])
                page.delete()
        home = HomePage(
            title=MOVEMENT_NAME,
            slug="home",
            lede=(
                "Kommuner, regioner, staten, fagbevægelsen, virksomheder og borgere, "
                "der sammen finder nye veje til velfærd."
            ),
            invitation=(
                "<h2>Hvad betyder samskabelse, og hvad er forudsætningerne for at lykkes?</h2>"
                "<p>Læs mere i Manifest for samskabelse, som RUC og Resonans har taget initiativ til "
                "at udvikle sammen med 40 organisationer.</p>"
            ),
            image=image("Samskabelse på tværs", label="Den Nationale Samskabelsesbevægelse"),
        )
        root.add_child(instance=home)
        publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = site_address()
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=MOVEMENT_NAME)
    elif site.root_page_id != home.pk or site.site_name != MOVEMENT_NAME:
        site.root_page = home
        site.site_name = MOVEMENT_NAME
        site.save()
    sync_default_site()
    return home


def ensure_settings():
    site_settings = SiteSettings.load()
    if not site_settings.contact_email:
        site_settings.organisation_name = MOVEMENT_NAME
        site_settings.tagline = "Sammen om nye veje til velfærd"
        site_settings.contact_email = "kontakt@samskabelse.dk"
        site_settings.footer_text = (
            "<p>Den Nationale Samskabelsesbevægelse samler kommuner, regioner, stat, fagbevægelse, "
            "virksomheder og borgere om at løse velfærdens udfordringer sammen.</p>"
        )
        site_settings.default_share_image = image("Samskabelse på tværs")
        site_settings.save()
    return site_settings


def ensure_principles(home):
    page = PrinciplesPage.objects.first()
    if page is None:
        page = PrinciplesPage(
            title="De 7 principper",
            slug="principper",
            intro="De 7 principper for Den Nationale Samskabelsesbevægelse:",
            show_in_menus=True,
        )
        page.principles = [Principle(text=text, sort_order=index) for index, text in enumerate(PRINCIPLES)]
        home.add_child(instance=page)
        publish(page)
    return page


def ensure_demo_users(stdout=None):
    """Local-only logins; production settings refuse to create them."""
    if not getattr(settings, "DEMO_USERS_ALLOWED", False):
        return
    User = get_user_model()
    username, password = DEMO_ADMIN
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username=username, email="admin@example.org", password=password)
    email, member_password = DEMO_MEMBER
    member = User.objects.filter(email=email).first()
    if member is None:
        member = User.objects.create_user(
            username="medlem", email=email, password=member_password, first_name="Demo", last_name="Medlem"
        )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(user=member, email=email, defaults={"verified": True, "primary": True})


def load(stdout=None):
    """The root of the demo: home page, site settings and demo logins."""
    home = ensure_home()
    ensure_settings()
    ensure_demo_users(stdout)
    return home


# ---------------------------------------------------------------------------
# Review workflow
# ---------------------------------------------------------------------------

# Named after who approves: Wagtail's button reads "Indsend til godkendelse
# (%(workflow_name)s)" in our catalog, so "Til godkendelse" doubled it.
WORKFLOW_NAME = "Redaktionen"
TASK_NAME = "Kommunikationsansvarlig"
OLD_NAMES = {"Til godkendelse": WORKFLOW_NAME, "Godkendelse af kommunikationsansvarlig": TASK_NAME}
DEMO_EDITOR = ("redaktoer", "redaktoer")
DEMO_MODERATOR = ("godkender", "godkender")


def ensure_workflow(*pages):
    """Articles and events go through the review workflow: editors without
    publish rights submit, a moderator approves (Wagtail's own workflow).
    Sites loaded before issue 20 get the workflow and task renamed."""
    from django.contrib.auth.models import Group

    from wagtail.models import GroupApprovalTask, Task, Workflow, WorkflowPage, WorkflowTask

    moderators, _created = Group.objects.get_or_create(name="Godkendere")  # "Moderators", renamed by movement 0003
    for old, new in OLD_NAMES.items():
        Workflow.objects.filter(name=old).update(name=new)
        Task.objects.filter(name=old).update(name=new)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def ensure_editorial_users():
    """An editor without publish rights and a moderator who approves (local only)."""
    if not getattr(settings, "DEMO_USERS_ALLOWED", False):
        return
    from django.contrib.auth.models import Group

    User = get_user_model()
    for (username, password), group_name, first in (
        (DEMO_EDITOR, "Redaktører", "Redaktør"),
        (DEMO_MODERATOR, "Godkendere", "Godkender"),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, email=f"{username}@example.org", password=password, first_name=first
            )
        user.groups.add(Group.objects.get_or_create(name=group_name)[0])


# ---------------------------------------------------------------------------
# The footer's pages: privacy policy and accessibility statement
# ---------------------------------------------------------------------------

PRIVACY_SLUG = "privatlivspolitik"
ACCESSIBILITY_SLUG = "tilgaengelighedserklaering"

PRIVACY_INTRO = (
    "Her kan du læse, hvilke oplysninger Den Nationale Samskabelsesbevægelse gemmer, når du tilmelder dig et "
    "arrangement, bliver medlem eller besøger sitet, hvorfor vi gemmer dem, og hvor længe."
)
PRIVACY_BODY = """
<h2>Dataansvarlig</h2>
<p>Den Nationale Samskabelsesbevægelse er dataansvarlig. Skriv til kontakt@samskabelse.dk, hvis du har spørgsmål,
vil se de oplysninger, vi har om dig, eller vil have dem rettet eller slettet.</p>
<h2>Tilmelding til arrangementer</h2>
<p>Når du tilmelder dig, gemmer vi dit navn, din e-mailadresse, din organisation og stilling og dine svar på
arrangementets ekstra spørgsmål (f.eks. kosthensyn), tidspunktet for tilmeldingen og om du er på venteliste.
Vi bruger oplysningerne til at holde arrangementet: deltagerlisten, navneskilte, forplejning og beskeder om
arrangementet. Du får en bekræftelse på e-mail med arrangementet som kalenderfil.</p>
<p>Tilmeldingerne slettes eller anonymiseres 90 dage efter arrangementet. Derefter har vi kun antallet af
deltagere. Kun medarbejdere med adgang til tilmeldingerne kan se og eksportere dem.</p>
<h2>Medlemskab</h2>
<p>Som medlem gemmer vi din e-mailadresse, om den er bekræftet, og din adgangskode som en envejs-hash (vi kan
ikke se den). Vi bruger dem til at logge dig ind og give dig adgang til materiale for medlemmer, f.eks.
manifestet som PDF, og til at sende dig e-mails om din konto (bekræftelse og ny adgangskode). Vi tæller,
hvor mange gange et dokument er hentet, men ikke hvem der har hentet det.</p>
<p>Oplysningerne gemmes, så længe du er medlem. Du kan selv slette din konto under Min side; så slettes
oplysningerne med det samme.</p>
<h2>Log ind og sikkerhed</h2>
<p>Mislykkede forsøg på at logge ind gemmes med e-mailadresse eller brugernavn, IP-adresse, browser og
tidspunkt, så vi kan spærre for gætteri: efter 5 forkerte forsøg spærres der i en time. Forsøgene slettes,
når du logger ind med succes, eller når en administrator ophæver spærringen.</p>
<h2>Logfiler</h2>
<p>Sitets logfiler bruges til at finde fejl og misbrug. I dem er e-mailadresser erstattet af [email], og
IP-adresser er afkortet (det sidste tal fjernet). Logfilerne slettes løbende af driftsmiljøet.
Søgninger tælles samlet pr. søgeord og dag, uden oplysninger om, hvem der har søgt.</p>
<h2>Cookies</h2>
<p>Sitet bruger kun nødvendige cookies: en sessionscookie, når du er logget ind, og en sikkerhedscookie, når
du udfylder en formular. Vi bruger ikke cookies til statistik eller markedsføring.</p>
<h2>Dine rettigheder</h2>
<p>Du har ret til indsigt, berigtigelse og sletning og til at gøre indsigelse. Er du utilfreds med, hvordan
vi behandler dine oplysninger, kan du klage til Datatilsynet (datatilsynet.dk).</p>
"""

ACCESSIBILITY_INTRO = (
    "Den Nationale Samskabelsesbevægelse arbejder for at gøre sitet tilgængeligt for alle, i overensstemmelse "
    "med lov om tilgængelighed af offentlige organers websteder og mobilapplikationer (webtilgængelighedsloven)."
)
ACCESSIBILITY_BODY = """
<h2>Overholdelsesstatus</h2>
<p>Sitet overholder delvist standarden WCAG 2.1 på niveau AA på grund af de manglende overholdelser,
der er nævnt nedenfor.</p>
<h2>Ikke-tilgængeligt indhold</h2>
<ul>
<li>Manifestet som PDF er ikke fuldt tagget til skærmlæsere. Manifestets tekst står også på siden Manifest
for samskabelse.</li>
<li>Nogle af de ældre grafikker har tekst i billedet. Teksten står også som billedtekst.</li>
<li>Indlejrede videoer fra andre tjenester har ikke altid undertekster.</li>
</ul>
<h2>Udarbejdelse af denne tilgængelighedserklæring</h2>
<p>Erklæringen er udarbejdet på grundlag af en selvevaluering: automatiske test af hver sidetype med
axe-core i en browser og manuel gennemgang med tastatur og skærmlæser. Erklæringen gennemgås, hver gang
sitet ændres væsentligt.</p>
<h2>Feedback og kontaktoplysninger</h2>
<p>Oplever du indhold, du ikke kan bruge, eller har du forslag til forbedringer, så skriv til
kontakt@samskabelse.dk. Vi svarer inden for 14 dage.</p>
<h2>Håndhævelsesprocedure</h2>
<p>Digitaliseringsstyrelsen fører tilsyn med webtilgængelighedsloven. Er du ikke tilfreds med vores svar,
kan du klage til Digitaliseringsstyrelsen via digst.dk. Mener du, at du er blevet forskelsbehandlet på grund
af handicap, kan du klage til Ligebehandlingsnævnet (ligebehandlingsnaevnet.dk).</p>
"""


def ensure_footer_pages(home):
    """The privacy policy and the accessibility statement as editable text
    pages under the home page, linked from the footer by the site settings."""
    from .models import StandardPage

    privacy = ensure_child(
        home,
        StandardPage,
        PRIVACY_SLUG,
        title="Privatlivspolitik",
        intro=PRIVACY_INTRO,
        body=PRIVACY_BODY.strip(),
        show_in_menus=False,
    )
    accessibility = ensure_child(
        home,
        StandardPage,
        ACCESSIBILITY_SLUG,
        title="Tilgængelighedserklæring",
        intro=ACCESSIBILITY_INTRO,
        body=ACCESSIBILITY_BODY.strip(),
        show_in_menus=False,
    )
    site_settings = SiteSettings.load()
    changed = []
    if site_settings.privacy_page_id is None:
        site_settings.privacy_page = privacy
        changed.append("privacy_page")
    if site_settings.accessibility_page_id is None:
        site_settings.accessibility_page = accessibility
        changed.append("accessibility_page")
    if changed:
        site_settings.save(update_fields=changed)
    return privacy, accessibility
