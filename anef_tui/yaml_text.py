"""YAML text to Python values: the one parser every data file of data/ goes through.

libyaml's parser (PyYAML's CSafeLoader) when PyYAML was built with it: the same safe
constructor as yaml.safe_load, ten times quicker — the definitions are read at every
start, before the first dossier can be titled. Pure Python otherwise.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The document in `text`; raises yaml.YAMLError (with its problem_mark) if invalid."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


__all__ = ["parse_yaml"]
