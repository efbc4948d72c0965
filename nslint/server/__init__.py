"""``nslint server``: a Language Server Protocol server for editors, on pygls.

It publishes the findings of ``nslint check`` as diagnostics while a spec is written,
with the same engine and the configuration ``nslint check`` would use for each file,
and offers quick fixes, suppression comments, ``source.fixAll.nslint``, the rule's
documentation on hover and the completion of rule codes in ``# nslint: disable=``
(docs/editors.md). Installed with nslint's ``server`` extra (``pip install
'.[server]'`` in a checkout); nothing of it (nor pygls) is imported by the other
commands.

Modules: ``positions`` (nslint's lines and columns to the client's UTF-16 positions),
``workspace`` (each document's configuration, and the one call of the engine),
``actions`` (what the server answers from a document's findings), ``lsp`` (the
handlers), ``transport`` (standard input and output, with a limit on a message's size).
"""

from __future__ import annotations

import logging

from nslint import __version__

MISSING = (
    "the language server needs pygls, which nslint's `server` extra installs: "
    f"pip install 'nslint[server] @ git+https://github.com/nslint/nslint@v{__version__}' "
    "(or pip install '.[server]' in a checkout)"
)


def serve(debug: bool = False) -> None:
    """Serve one client over standard input and output until it exits. ``ImportError``
    (with ``MISSING``) without the ``server`` extra."""
    try:
        from nslint.server.lsp import build
    except ImportError as error:
        raise ImportError(MISSING) from error
    # pygls logs through `logging`: to stderr (the editor's log of the server) only with
    # --debug; what the client should know it is told with window/logMessage.
    pygls_log = logging.getLogger("pygls")
    if debug:
        logging.basicConfig(level=logging.INFO)
    else:
        pygls_log.addHandler(logging.NullHandler())
        pygls_log.propagate = False
    build(debug).serve_io()
