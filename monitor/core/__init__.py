"""What every stage shares: the error types, the canonical row columns, Jakarta time, how
account handles compare, the platforms Citra reads.

Imports nothing else of ``monitor``: every other package may import it.
"""
