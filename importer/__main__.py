"""``python -m importer PATH [--content FOLDER]``: `make import` for another content
folder (a copy of the site, say)."""

import argparse
import sys

from editorial.site import SETTINGS_FILE

from . import IMPORT_OPTIONS, ImportRefused
from .blog import run

parser = argparse.ArgumentParser(prog="python -m importer", description=__doc__)
parser.add_argument("path", help=IMPORT_OPTIONS["path"])
parser.add_argument("--domain", help=IMPORT_OPTIONS["domain"])
parser.add_argument("--category", help=IMPORT_OPTIONS["category"])
parser.add_argument("--content", help="the content folder (default: the settings' PATH)")
parser.add_argument("--settings", default=str(SETTINGS_FILE), help="Pelican settings file")
arguments = parser.parse_args()
try:
    run(arguments.path, arguments.settings, arguments.content, arguments.domain, arguments.category)
except ImportRefused as error:
    sys.exit(f"python -m importer: {error}")
