"""huijia (回家, "going home"): find child-trafficking posts in chat exports and forum crawls, and help
reunite missing children.

`import huijia` stays light: heavy parts are imported by the modules that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
