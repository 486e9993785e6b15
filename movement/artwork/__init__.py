"""Generated artwork for the demo content, drawn with the site's typeface (docs/design.md)."""
