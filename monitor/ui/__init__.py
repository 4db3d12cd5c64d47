"""What the pages show, without drawing it: labels in two languages (``i18n``), Indonesian
number and date formats (``fmt``) and the view state that a share link carries (``viewstate``).

No Streamlit import here, so the URL round trip and the formats are tested as plain functions.
May import ``monitor.core`` only.
"""
