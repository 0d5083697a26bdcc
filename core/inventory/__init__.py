"""The inventory: the checkup file and its models, the factor tables, the calculation and its result.

``format`` reads and writes checkup files (YAML/JSON), ``models`` holds their typed form, ``factors``
gives the official factors of a year from ``data/factors``, ``calc`` turns a checkup into a ``Result``
(``result``), every number with the factor and source it came from. The public names are re-exported
by ``core``.
"""
