"""Wagtail's migrations create data with English names that editors see
every day: the groups "Editors" and "Moderators", the workflow and task
"Moderators approval" (the button reads "Indsend til Moderators approval")
and the root page "Root". Give them Danish names; permissions are unchanged."""

from django.db import migrations

GROUPS = {"Editors": "Redaktører", "Moderators": "Godkendere"}
WORKFLOWS = {"Moderators approval": "Godkendelse"}
TASKS = {"Moderators approval": "Godkendelse af en godkender"}
ROOT = {"Root": "Rod"}


def rename(apps, mapping_groups, mapping_workflows, mapping_tasks, mapping_root):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    for old, new in mapping_groups.items():
        Group.objects.filter(name=old).update(name=new)
    for old, new in mapping_workflows.items():
        Workflow.objects.filter(name=old).update(name=new)
    for old, new in mapping_tasks.items():
        Task.objects.filter(name=old).update(name=new)
    for old, new in mapping_root.items():
        Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps, schema_editor):
    rename(apps, GROUPS, WORKFLOWS, TASKS, ROOT)


def backwards(apps, schema_editor):
    invert = lambda mapping: {new: old for old, new in mapping.items()}  # noqa: E731
    rename(apps, invert(GROUPS), invert(WORKFLOWS), invert(TASKS), invert(ROOT))


class Migration(migrations.Migration):
    dependencies = [
        ("movement", "0002_webhook_delivery"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
