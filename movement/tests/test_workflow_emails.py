"""Moderation and workflow emails are Danish (issue 20), read from the
locmem outbox: an editor submits, the moderators are told, a moderator
approves, the editor is told.

"English" is built from Wagtail's catalog: the text of every msgid that
Wagtail's notification templates use, split at its placeholders; no
fragment of 12 or more characters may appear in a mail."""

import re
from pathlib import Path

from django.core import mail

import polib
import pytest

from movement.demo import DEMO_EDITOR, DEMO_MODERATOR

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%\([^)]+\)s|%s|\{[^}]*\}|<[^>]+>")


def notification_english():
    import wagtail

    po = Path(wagtail.__file__).parent / "admin" / "locale" / "en" / "LC_MESSAGES" / "django.po"
    fragments = set()
    for entry in polib.pofile(str(po)):
        if any("notifications/" in path for path, _line in entry.occurrences):
            for text in filter(None, (entry.msgid, entry.msgid_plural)):
                for fragment in PLACEHOLDER.split(text):
                    fragment = " ".join(fragment.split()).strip(" .:,'\"")
                    if len(fragment) >= 12:
                        fragments.add(fragment)
    assert len(fragments) > 20, "Wagtail's notification strings not found in its catalog"
    return fragments


def english_in_mail(message):
    text = " ".join(f"{message.subject}\n{message.body}".split())
    for alternative, _mimetype in getattr(message, "alternatives", []):
        text += " " + " ".join(re.sub(r"<[^>]+>", " ", alternative).split())
    return sorted(fragment for fragment in notification_english() if fragment in text)


def test_submit_and_approve_emails_are_danish(demo_site):
    import datetime

    from django.contrib.auth import get_user_model

    from news.models import ArticlePage, NewsIndexPage

    User = get_user_model()
    editor = User.objects.get(username=DEMO_EDITOR[0])
    moderator = User.objects.get(username=DEMO_MODERATOR[0])
    index = NewsIndexPage.objects.get()
    article = ArticlePage(title="Et udspil til godkendelse", slug="udspil-godkendelse", date=datetime.date(2026, 11, 2))
    index.add_child(instance=article)
    article.save_revision(user=editor)
    mail.outbox.clear()

    state = index.get_workflow().start(article, editor)
    submitted = [m for m in mail.outbox if moderator.email in m.to]
    assert submitted, [m.to for m in mail.outbox]

    mail.outbox.clear()
    state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "approve")
    approved = [m for m in mail.outbox if editor.email in m.to]
    assert approved, [m.to for m in mail.outbox]

    for message in submitted + approved:
        assert english_in_mail(message) == [], (message.subject, message.body)
        text = message.subject + message.body
        assert re.search(r"godkend|indsendt|arbejdsgang", text, re.I), text
