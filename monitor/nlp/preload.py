"""Imported once by the scoring pool's fork server (``monitor.nlp.pool._forkserver_context``).

Loading the lexicon, the complaint rules and the stemmer dictionary here means every worker
forked from the server starts with them in memory (shared copy-on-write) instead of reading them
again.
"""

from monitor.nlp import pool

pool.load_scoring_data(None)
