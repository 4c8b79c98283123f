#!/usr/bin/env python3
"""Every data entry changed since a git ref, old → new: see kb/data/diff.py."""

import sys

from kb.data.diff import main

if __name__ == "__main__":
    sys.exit(main())
