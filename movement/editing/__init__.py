"""What editors meet in the admin beyond the catalog: Danish labels Wagtail
leaves to field names, alt text required on images (issue 20)."""
