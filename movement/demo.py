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
