"""Telling the team: the morning digest and spike alerts, built from the reports and delivered
to a chat tool or by e-mail.

* ``payload``: the digest as a documented JSON payload (``"version": 1``, docs/digest.md) and
  a spike's alert record, from ``analysis.reports`` and ``ops.complaints`` (pure reading);
* ``render``: a payload as each tool wants it (Slack Block Kit, a Teams Adaptive Card, a
  Telegram ``sendMessage`` body, an e-mail's plain text and HTML), with every value from the
  store escaped for its target; pure functions;
* ``deliver``: where it goes (``Destination``, redacted when named) and how (``Sender``, a
  small Protocol: HTTP through ``requests``, e-mail through ``smtplib``);
* ``alerts``: sending a digest or the new spikes once per destination (the store's alert log).

May import ``monitor.core``, ``monitor.nlp``, ``monitor.store``, ``monitor.ops``,
``monitor.analysis`` and ``monitor.ui`` (texts and number formats, no Streamlit); the commands
and, through them, the pulls call it.
"""
