"""Quality: how fast and how right Citra is, measured on generated and labelled data.

``bench`` (``python -m monitor bench``: throughput against the naive pipeline, one module per
phase), ``evaluate`` (scoring against labelled comments: sentiment, complaints, analyst
corrections) and ``spike_eval`` (the spike detector on generated series with injected spikes).

May import everything in ``monitor`` except ``commands``.
"""
