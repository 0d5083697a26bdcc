"""The product's fixed vocabularies, declared once: every page, the offline template, the JSON Schema (through
the models) and the command line take their choices from here.

Lists that come with data live with their data file instead, read by one function each:
fuels, units, refrigerants and equipment types (``data/factors/*.csv``, ``core.inventory.factors``),
measures (``data/measures.yaml``, ``core.advice.measures.measure_ids``), programmes (``data/programmes.yaml``).
The labels people read are in the message catalogues (``locales/``), keyed by these ids.
"""

from __future__ import annotations

FORMAT_ID = "checkup/1"  # the checkup file's format (docs/checkup-format.md)
FIRST_YEAR = 2005  # the first inventory year with official electricity factors (data/factors/electricity.csv)

LANGS = ("zh-TW", "en")  # Traditional Chinese first, English on a switch
DEFAULT_LANG = "zh-TW"

PARKS = ("none", "industrial_zone", "science_park", "export_zone")  # 工業區, 科學園區, 加工出口區
REGISTRATIONS = ("registered", "exempt", "managed", "specific", "none")  # 工廠登記, 免辦, 特定工廠 …

FUEL_USES = ("stationary", "vehicle")  # a fuel burnt in a boiler or a machine, or in the firm's vehicles

# the small sources of "other": gases bought by weight, purchased steam, and a source with the firm's own factor
OTHER_KINDS = ("fire_extinguisher_co2", "hfc_227ea", "welding_co2", "process_co2", "acetylene", "steam", "custom")
OWN_FACTOR_KINDS = ("steam", "custom")  # the kinds of "other" that need the firm's own factor (and its source)
OTHER_UNITS = ("kg", "t")  # the units of the other kinds: gases bought by weight
