"""What the pages show, without drawing it: labels in two languages (``i18n``), Indonesian
number and date formats (``fmt``), the view state that a share link carries (``viewstate``) and
the one rule for showing data and link values as text, never as Markdown (``safe_text``).

No Streamlit import here, so the URL round trip and the formats are tested as plain functions.
May import ``monitor.core`` only.
"""
