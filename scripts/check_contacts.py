#!/usr/bin/env python3
"""The contact guard on the sources and on the built site: see kb/checks/contacts.py."""

import sys

from kb.checks.contacts import main

if __name__ == "__main__":
    sys.exit(main())
