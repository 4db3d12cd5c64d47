"""One module per ``python -m monitor`` command: ``register(subparsers)`` adds its parser,
``run(args) -> int`` parses, calls the library and prints. Errors reach the user as one line.

The top of the stack: may import every package of ``monitor`` (never the app's pages).
"""
