"""Uploaded media: which folders are public, how they are served on one
machine (`serve.py`) and stored on several (`storage.py`). docs/deployment.md."""

# Wagtail's folders of images (originals and renditions): public. Anything
# else under MEDIA_ROOT, above all `documents/` (collection privacy is
# checked only by Wagtail's serve view, PITFALLS.md), is never served as media.
PUBLIC_PREFIXES = ("images/", "original_images/")


def is_public(name):
    name = name.replace("\\", "/").lstrip("/")
    return name.startswith(PUBLIC_PREFIXES) and ".." not in name.split("/")
