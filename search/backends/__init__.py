"""Project search backends: Danish on SQLite, title-weighted on PostgreSQL.

Shared ranking constants live here so neither backend module imports the
other (each imports its database's modelsearch models at load time).
"""

# How much more a title match weighs than a body match.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
