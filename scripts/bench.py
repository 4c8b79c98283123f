#!/usr/bin/env python3
"""Build, search and page-weight figures: see kb/bench.py."""

import sys

from kb.bench import main

if __name__ == "__main__":
    sys.exit(main())
