#!/usr/bin/env python3
"""The chores CLI (checks, generated tables, FAQ index, translation tools): see kb/cli.py."""

import sys

from kb.cli import main

if __name__ == "__main__":
    sys.exit(main())
