"""YAML that refuses a key given twice in one mapping (PyYAML, and so Snakemake, silently keep the last one)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from neuroai.common.config import ConfigError


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader whose mappings raise ConfigError on a repeated key, naming the file and both lines."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`: merged keys may be overridden
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise ConfigError(f"{key_node.start_mark.name}:{line}: key '{key}' is given twice in one mapping "
                                  f"(first on line {seen[key]}); YAML would silently keep only the last value")
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def load_unique(path: str | os.PathLike) -> Any:
    """Parse a YAML file as `yaml.safe_load` does, refusing duplicate keys (ConfigError names file and line)."""
    text = Path(path).read_text()
    loader = _UniqueKeyLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
