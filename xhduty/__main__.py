import sys

from xhduty.cli import main

sys.exit(main())
