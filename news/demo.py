"""Demo content for news: "What else is cooking?" and the seed's items.

The texts are verbatim from the seed page (`../shared/seeds/`), including its
typos ("er er skrevet"). `generate_articles(N)` adds N generated articles for
benchmarks through a bulk path (see its docstring).
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from wagtail.models import Locale, Page

from movement.caching import page_cache
from movement.demo import ensure_child, image, person, publish
from movement.editing import kept_search

from .models import ArticleAuthor, ArticlePage, ArticleTag, Category, NewsIndexPage, TaggedArticle

SEED_CATEGORIES = ["It's Cooking!", "Artikel"]
SEED_TAGS = ["Ledelse", "Samskabelse og Innovation", "Strategirealisering", "Velfærdsudvikling"]

LEDELSESKOMMISSIONEN_TEXT = (
    "Ledelseskommissionens anbefalinger: Hvad er nyt? Hvad skal I forstærke af det, I allerede gør? "
    "Og hvor skal I udvikle jeres ledelsespraksis og strukturer for ledelse med borgeren i centrum? "
    "Vi har i Resonans drøftet anbefalingerne med styrelser, kommuner, regioner og foreninger gennem "
    "det seneste halve år for at få skærpet fokus på de vigtigste perspektiver i anbefalingerne. "
    "Vi deler gerne vores idéer til, hvordan I kommer i gang med anvendelsen anbefalingerne, og hvordan "
    "de bliver en løftestang til velfærdsudvikling og strategirealisering i jeres organisation."
)
MOEDER_TEXT = (
    "I denne artikel får du helt konkrete idéer til, hvordan du kan skabe flere møder og styrke "
    "mødekulturen i din virksomhed. Artiklen er er skrevet af konsulent og partner i Resonans Mikkel "
    "Ejsing i samarbejde HR-partner og tidligere afdelingsleder i Novo Nordisk, Jacob Ørting."
)
RECEPTION_TITLE = "Samskabelsesbevægelsens Nytårskur 2018: Året der gik og next step for samskabelse"
RECEPTION_EVENT_URL = "/arrangementer/nytaarskur-2018/"
# Older loads also made an article copy of the reception (same title and
# intro); the event is the one item, in the feed and in search.
RECEPTION_COPY_SLUG = "samskabelsesbevaegelsens-nytaarskur-2018"


def category(name):
    obj = Category.objects.filter(name=name).first()
    if obj is None:
        obj = Category.objects.create(name=name)
    return obj


def tag(name):
    """The tag with this name in any case, created once."""
    try:
        return ArticleTag.objects.get(name__iexact=name)
    except ArticleTag.DoesNotExist:
        return ArticleTag.objects.create(name=name)


def _demo_image(title, label):
    img = image(title, label=label, description=title)
    if img.focal_point_x is None:
        # The generated graphics keep their text in the lower band; centre on the circles.
        img.focal_point_x, img.focal_point_y = img.width // 2, img.height // 2 - 60
        img.focal_point_width, img.focal_point_height = img.width // 2, img.height // 2
        img.save(update_fields=["focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height"])
    return img


def ensure_article(index, slug, *, title, date, category_name, tag_names, intro, body=None, authors=(), note=""):
    existing = index.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = ArticlePage(
        title=title,
        slug=slug,
        date=date,
        category=category(category_name),
        intro=intro,
        body=body or [],
        authors_note=note,
        image=_demo_image(title, title),
    )
    page.tags.add(*[tag(name) for name in tag_names])
    page.authors = [
        ArticleAuthor(person=author, role=role, organisation=org, sort_order=i)
        for i, (author, role, org) in enumerate(authors)
    ]
    index.add_child(instance=page)
    return publish(page)


def retire_reception_copy(index):
    """Delete the reception's article copy an older load created, and send
    its old URL to the event. Only the copy as the loader made it (same
    slug and title): an editor's own article under that slug stays."""
    copy = ArticlePage.objects.child_of(index).filter(slug=RECEPTION_COPY_SLUG, title=RECEPTION_TITLE).first()
    if copy is None:
        return False
    from wagtail.contrib.redirects.models import Redirect

    old_path = Redirect.normalise_path(copy.url_path[len(index.get_parent().url_path) - 1 :])
    copy.delete()
    Redirect.objects.get_or_create(old_path=old_path, site=None, defaults={"redirect_link": RECEPTION_EVENT_URL})
    return True


def load(home, stdout=None):
    index = ensure_child(
        home,
        NewsIndexPage,
        "nyheder",
        title="What else is cooking?",
        intro="Nyheder, arrangementer og artikler fra Den Nationale Samskabelsesbevægelse.",
        show_in_menus=True,
    )
    for name in SEED_CATEGORIES:
        category(name)
    for name in SEED_TAGS:
        tag(name)

    ensure_article(
        index,
        "ledelseskommissionens-anbefalinger",
        title="Ledelseskommissionens anbefalinger",
        date=datetime.date(2019, 1, 30),
        category_name="It's Cooking!",
        tag_names=SEED_TAGS,
        intro=LEDELSESKOMMISSIONEN_TEXT,
    )
    mikkel = person("Mikkel Ejsing", "Konsulent og partner", "Resonans")
    jacob = person("Jacob Ørting", "HR-partner og tidligere afdelingsleder", "Novo Nordisk")
    ensure_article(
        index,
        "i-moder-til-halsen-benspaend-til-bedre-modekultur",
        title="I møder til halsen – benspænd til bedre mødekultur",
        date=datetime.date(2019, 1, 21),
        category_name="Artikel",
        tag_names=["Ledelse", "Strategirealisering"],
        intro=MOEDER_TEXT,
        authors=[(mikkel, "Konsulent og partner", "Resonans"), (jacob, "", "")],
    )
    retire_reception_copy(index)
    return index


# ---------------------------------------------------------------------------
# Generated articles for benchmarks
# ---------------------------------------------------------------------------

GENERATED_TAGS = [
    *SEED_TAGS,
    "Ældreområdet",
    "Sundhed",
    "Klima",
    "Sikkerhed",
    "Fagbevægelsen",
    "Borgerinddragelse",
    "Kommunalpolitik",
    "Frivillighed",
    "Børn og unge",
    "Grøn omstilling",
    "Lokaldemokrati",
    "Økonomi og styring",
    "Beskæftigelse",
    "Åbenhed",
]
GENERATED_PEOPLE = [
    ("Mikkel Ejsing", "Konsulent og partner", "Resonans"),
    ("Jacob Torfing", "Professor", "RUC"),
    ("Eva Sørensen", "Professor", "RUC"),
    ("Frank E. Andersen", "Kommunaldirektør", "Gentofte Kommune"),
    ("Rasmus Bjerregaard", "Kommunaldirektør", "Holbæk Kommune"),
]
WORDS = (
    "samskabelse velfærd ledelse kommune region borger fællesskab innovation strategi praksis "
    "erfaring udvikling samarbejde løsning fremtid værdi mødekultur tillid dialog handlekraft"
).split()


def generate_articles(count, stdout=None, batch_size=500, seed=2018):
    """Add `count` generated articles under the news index, fast.

    Wagtail's `add_child` runs several queries per page (treebeard path,
    revision, signals). Here the treebeard paths are computed once from the
    index's last child, the `wagtailcore_page` rows are bulk-created, the
    `news_articlepage` rows inserted in batches, tags and authors
    bulk-created, the parent's `numchild` updated once and the search index
    filled with the backends' `add_bulk`. The pages are live, public and
    searchable, but have no revisions (an editor's first save makes one).
    """
    index = NewsIndexPage.objects.first()
    if index is None:
        raise RuntimeError("Kør load_demo_content uden --articles først: der er ingen nyhedsoversigt.")
    rng = random.Random(seed)
    categories = [category(name) for name in SEED_CATEGORIES]
    tags = [tag(name) for name in GENERATED_TAGS]
    people = [person(*spec) for spec in GENERATED_PEOPLE]
    images = [_demo_image(f"Genereret artikelbillede {n}", f"Artikel {n}") for n in range(1, 7)]

    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        index = NewsIndexPage.objects.select_for_update().get(pk=index.pk)
        last = index.get_last_child()
        next_step = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
        first_number = ArticlePage.objects.count() + 1
        while created < count:
            size = min(batch_size, count - created)
            pages = []
            for offset in range(size):
                number = first_number + created + offset
                title = f"Genereret artikel {number}: " + " ".join(rng.sample(WORDS, 4)).capitalize()
                slug = f"genereret-artikel-{number}"
                path = Page._get_path(index.path, index.depth + 1, next_step + created + offset)
                published = now - datetime.timedelta(days=rng.randint(0, 3650), minutes=rng.randint(0, 1440))
                pages.append(
                    ArticlePage(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        path=path,
                        depth=index.depth + 1,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=published,
                        last_published_at=published,
                        live_revision=None,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        date=min(timezone.localtime(published).date(), today),
                        category=rng.choice(categories),
                        intro=" ".join(rng.choices(WORDS, k=30)).capitalize() + ".",
                        body=[{"type": "paragraph", "value": "<p>" + " ".join(rng.choices(WORDS, k=80)) + ".</p>"}],
                        image=rng.choice(images),
                    )
                )
            _bulk_insert_pages(pages)
            TaggedArticle.objects.bulk_create(
                [
                    TaggedArticle(content_object_id=page.pk, tag=chosen)
                    for page in pages
                    for chosen in rng.sample(tags, rng.randint(1, 4))
                ]
            )
            ArticleAuthor.objects.bulk_create(
                [
                    ArticleAuthor(page_id=page.pk, person=author, sort_order=i)
                    for page in pages
                    for i, author in enumerate(rng.sample(people, rng.randint(0, 2)))
                ]
            )
            _index_for_search([page.pk for page in pages])
            created += size
            if stdout:
                stdout.write(f"{created}/{count} artikler")
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
        # Bulk rows send no publish signals: drop the cached pages and the
        # structure cache's feed, counts and tags once, after the commit, and
        # the admin's kept searches (movement/editing/kept_search.py).
        transaction.on_commit(lambda: page_cache.bump({"site", "feed"}))
        kept_search.bump()
    return created


def _bulk_insert_pages(pages):
    """Insert multi-table-inherited pages: the Page rows with bulk_create
    (which returns their ids), then the ArticlePage rows with the same ids."""
    base_rows = []
    for page in pages:
        base = Page(**{field.attname: getattr(page, field.attname) for field in Page._meta.concrete_fields})
        base.id = None
        base_rows.append(base)
    Page.objects.bulk_create(base_rows)
    for page, base in zip(pages, base_rows, strict=True):
        page.page_ptr_id = base.pk
        page.id = base.pk
    local_fields = [field for field in ArticlePage._meta.local_concrete_fields]
    queryset = QuerySet(model=ArticlePage, using=router.db_for_write(ArticlePage))
    queryset._for_write = True
    queryset._batched_insert(pages, local_fields, batch_size=len(pages) or 1)
    for page in pages:
        page._state.adding = False


def _index_for_search(ids):
    from wagtail.search.backends import get_search_backends

    objects = list(ArticlePage.objects.filter(pk__in=ids).select_related("category").prefetch_related("tags"))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ArticlePage, objects)
