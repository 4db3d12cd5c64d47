"""Reading an uploaded file from its *content*, never its name, so a ``.csv`` that is really a
workbook or a ``.txt`` holding JSON is still read right.

``source`` wraps a path or uploaded bytes (opened lazily, so a large export never sits in
memory twice); ``sniff`` tells the kind (CSV text, XLSX, JSON) and the encoding; ``text``
hands a text file on as UTF-8 (per line: UTF-8, else cp1252) with every line bounded;
``delimited`` finds a CSV's delimiter and header row and reads it in chunks; ``workbook``
streams an XLSX sheet row by row after checking the workbook's declared sizes;
``json_stream`` streams the elements of a JSON array (or JSON lines) block by block, and
``json_depth`` refuses nesting bombs first; ``notes`` gathers what was read by a rule rather
than refused, for the report's warnings.

Every reader is bounded before it allocates (columns, line length, inflated sizes, cells per
row); the bounds are constants at the top of each module.

Readers know nothing of exporters: they may import ``monitor.core`` and each other, nothing
else of Citra (formats and detection pass in what they need, such as an ``is_header`` test).
"""
