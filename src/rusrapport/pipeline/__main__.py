import sys

from rusrapport.pipeline.cli import main

sys.exit(main())
