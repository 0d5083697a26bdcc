"""Carbon Checkup (工廠碳健診): the engine.

A small Taiwanese manufacturer's Scope 1 and 2 emissions, computed the way
Taiwan's inventory rules count them, from factor tables kept as data. Plain
Python: the web app, the reports and the command line all call this API.

    >>> import core
    >>> checkup = core.load("examples/screws.yaml")     # doctest: +SKIP
    >>> result = core.compute(checkup)                   # doctest: +SKIP
    >>> round(result.total_tco2e, 1)                     # doctest: +SKIP
"""

from ._version import __version__
from .advice import advise
from .inventory.calc import compute
from .inventory.format import dumps, json_schema, load, loads, parse_checkup, to_data
from .errors import (
    CheckupError,
    FactorError,
    FileFormatError,
    InputError,
    StorageError,
    UnitError,
    ValidationErrors,
)
from .inventory.factors import FactorSet, load_factor_set
from .i18n import t
from .inventory.models import Checkup
from .inventory.result import Flag, Line, Result

__all__ = [
    "__version__",
    "advise",
    "Checkup",
    "CheckupError",
    "FactorError",
    "FactorSet",
    "FileFormatError",
    "Flag",
    "InputError",
    "Line",
    "Result",
    "StorageError",
    "UnitError",
    "ValidationErrors",
    "compute",
    "dumps",
    "json_schema",
    "load",
    "load_factor_set",
    "loads",
    "parse_checkup",
    "t",
    "to_data",
]
