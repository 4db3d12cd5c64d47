"""Reading an uploaded file from its *content*, never its name, so a ``.csv`` that is really a
workbook or a ``.txt`` holding JSON is still read right.

``source`` wraps a path or uploaded bytes (opened lazily, so a large export never sits in
memory twice); ``sniff`` tells the kind (CSV text, XLSX, JSON) and the encoding;
``delimited`` finds a CSV's delimiter and header row and reads it in chunks; ``workbook`` reads
an XLSX sheet; ``json_stream`` streams the elements of a JSON array (or JSON lines) block by
block, and ``json_depth`` refuses nesting bombs first.

Readers know nothing of exporters: they may import ``monitor.core`` and each other, nothing
else of Citra (formats and detection pass in what they need, such as an ``is_header`` test).
"""
