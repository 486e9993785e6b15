"""Project search backends: Danish on SQLite, title-weighted on PostgreSQL.

Shared ranking constants live here so neither backend module imports the
other (each imports its database's modelsearch models at load time).
"""

# How much more a title match weighs than a body match.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
# Added to the score of a hit found only through an expansion (a compound's
# part, ae/oe/aa, a typo, a prefix): far beyond any bm25 or ts_rank spread,
# so such hits rank below every exact one and keep their own order.
EXTRA_PENALTY = 1000.0
