"""Moved: the rule extractor's patterns now stand beside the logic that reads them, in the
modules of `assistant.extract.rules`.

`benchmarks/cuad_rules.py` still reads `PENALTY` from here; once it imports it from
`assistant.extract.rules._termination`, this module can go.
"""

from assistant.extract.rules._termination import PENALTY

__all__ = ["PENALTY"]
