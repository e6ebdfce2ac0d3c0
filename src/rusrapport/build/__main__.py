import sys

from rusrapport.build.cli import main

sys.exit(main())
