"""More English data from Wagtail's migrations that editors meet (issue 20),
and names that read badly inside Wagtail's sentences:

- the root collection "Root" (the collection of every upload form, chooser
  and image page) becomes "Hovedsamling";
- the log entry of Wagtail's first page ("Welcome to your new Wagtail site!")
  in the site history gets a Danish label;
- the workflow and task from 0003 are named after who approves, because the
  button says "Indsend til godkendelse (%(workflow_name)s)": "Godkendere",
  "En godkender" (not "… (Godkendelse)").

Only rows that still have the old name are touched."""

from django.db import migrations

COLLECTIONS = {"Root": "Hovedsamling"}
LOG_LABELS = {"Welcome to your new Wagtail site!": "Velkommen til dit nye Wagtail-websted!"}
WORKFLOWS = {"Godkendelse": "Godkendere"}
TASKS = {"Godkendelse af en godkender": "En godkender"}


def rename(apps, collections, log_labels, workflows, tasks):
    Collection = apps.get_model("wagtailcore", "Collection")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for old, new in collections.items():
        Collection.objects.filter(depth=1, name=old).update(name=new)
    for old, new in log_labels.items():
        PageLogEntry.objects.filter(label=old).update(label=new)
    for old, new in workflows.items():
        Workflow.objects.filter(name=old).update(name=new)
    for old, new in tasks.items():
        Task.objects.filter(name=old).update(name=new)


def forwards(apps, schema_editor):
    rename(apps, COLLECTIONS, LOG_LABELS, WORKFLOWS, TASKS)


def backwards(apps, schema_editor):
    invert = lambda mapping: {new: old for old, new in mapping.items()}  # noqa: E731
    rename(apps, invert(COLLECTIONS), invert(LOG_LABELS), invert(WORKFLOWS), invert(TASKS))


class Migration(migrations.Migration):
    dependencies = [("movement", "0004_durable_background_work")]

    operations = [migrations.RunPython(forwards, backwards)]
