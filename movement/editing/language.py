"""Danish where Wagtail's admin shows English that no catalog can reach.

- The login form's password field has no label in Wagtail 8.0, so Django
  prints the field name "Password" (``WAGTAILADMIN_USER_LOGIN_FORM``).
- The sites listing labels two columns from field names ("Site name",
  "Root page") instead of the fields' translated verbose names.
- The workflow editor's page field has no label (a screen-reader "Page").

Everything else is in the catalog (locale/da, docs/translations.md).
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with a Danish label on the password field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Adgangskode")


def label_unlabelled_fields():
    """Labels Wagtail leaves to Django's field-name fallback (English)."""
    from wagtail.admin.forms.workflows import WorkflowPageForm

    WorkflowPageForm.base_fields["page"].label = _("Side")
    label_site_columns()


def label_site_columns():
    """Give the sites listing's unlabelled columns their fields' verbose
    names (translated, capitalised), as every other listing has."""
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in {"site_name", "root_page", "port"} and column.label == capfirst(
            column.name.replace("_", " ")
        ):
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
