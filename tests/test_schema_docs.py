"""config.schema.yaml documents the config: every field is described, and every `default` is config.yaml's value.

Fields are found by walking the schema. A field at a fixed path (reached through `properties` only, e.g.
`bci.n_neurons`) may carry a `default`, which Snakemake's validate() injects when the field is missing; fields of
user-named entries (list items, `additionalProperties` maps, `oneOf` branches) must not, since a default there would
be injected into every entry a user adds.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from snakemake.utils import validate as snakemake_validate

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "config.schema.yaml"
CONFIG_PATH = ROOT / "config.yaml"

# Subschemas that restate fields under a condition (their fields are documented where they are defined).
CONDITIONAL = ("allOf", "if", "then", "else", "not", "dependentSchemas", "contains")
MISSING = object()


@dataclass(frozen=True)
class Node:
    """One subschema met on the walk."""

    path: str                          # dotted, e.g. `bci.task.trial_s`, `data.sessions[].day`, `models.*.class`
    keys: tuple[str, ...] | None       # config keys of a fixed path, None inside list items, maps and branches
    schema: dict[str, Any]
    field: bool                        # a field (or an entry that defines one) that must have a description


def _defines_object(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or any(k in schema for k in ("properties", "patternProperties"))


def walk(schema: dict[str, Any], path: str = "", keys: tuple[str, ...] | None = (),
         defining: bool = True) -> Iterator[Node]:
    """Every subschema below `schema`, depth first; `defining` is False below a conditional restatement."""
    def join(name: str) -> str:
        return f"{path}.{name}" if path else name

    for name, sub in schema.get("properties", {}).items():
        child_keys = None if keys is None else (*keys, name)
        yield Node(join(name), child_keys, sub, defining)
        yield from walk(sub, join(name), child_keys, defining)
    for pattern, sub in schema.get("patternProperties", {}).items():
        yield Node(join(f"<{pattern}>"), None, sub, defining)
        yield from walk(sub, join(f"<{pattern}>"), None, defining)
    for defs in ("$defs", "definitions"):
        for name, sub in schema.get(defs, {}).items():
            yield Node(f"{defs}.{name}", None, sub, defining)
            yield from walk(sub, f"{defs}.{name}", None, defining)
    if isinstance(schema.get("additionalProperties"), dict):
        sub = schema["additionalProperties"]
        yield Node(join("*"), None, sub, defining and _defines_object(sub))
        yield from walk(sub, join("*"), None, defining)
    items = schema.get("items")
    for i, sub in enumerate(schema.get("prefixItems", [])):
        yield Node(f"{path}[{i}]", None, sub, defining and _defines_object(sub))
        yield from walk(sub, f"{path}[{i}]", None, defining)
    if isinstance(items, dict):
        yield Node(f"{path}[]", None, items, defining and _defines_object(items))
        yield from walk(items, f"{path}[]", None, defining)
    for keyword in ("oneOf", "anyOf"):
        for i, sub in enumerate(schema.get(keyword, [])):
            yield Node(f"{path}|{keyword}[{i}]", None, sub, defining and _defines_object(sub))
            yield from walk(sub, f"{path}|{keyword}[{i}]", None, defining)
    for keyword in CONDITIONAL:
        value = schema.get(keyword)
        if keyword == "dependentSchemas" and isinstance(value, dict):
            subs = list(value.values())
        elif isinstance(value, dict):
            subs = [value]
        else:
            subs = value if isinstance(value, list) else []
        for i, sub in enumerate(subs):
            yield Node(f"{path}|{keyword}[{i}]", None, sub, False)
            yield from walk(sub, f"{path}|{keyword}[{i}]", None, False)


def lookup(config: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(config, dict) or key not in config:
            return MISSING
        config = config[key]
    return config


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same JSON types (240 is not 240.0, true is not 1)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return yaml.safe_load(SCHEMA_PATH.read_text())


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return yaml.safe_load(CONFIG_PATH.read_text())


@pytest.fixture(scope="module")
def nodes(schema) -> list[Node]:
    found = list(walk(schema))
    assert any(n.field for n in found), "the walk found no fields: is config.schema.yaml empty?"
    return found


def test_schema_is_a_valid_draft_2020_12_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_field_has_a_description(nodes):
    missing = [n.path for n in nodes if n.field and not str(n.schema.get("description") or "").strip()]
    assert not missing, "fields without a description:\n  " + "\n  ".join(missing)


def test_descriptions_are_text(nodes):
    bad = [n.path for n in nodes if "description" in n.schema and not isinstance(n.schema["description"], str)]
    assert not bad, "descriptions that are not strings (YAML read them as something else):\n  " + "\n  ".join(bad)


def _config_paths(schema: dict[str, Any], value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(schema path, subschema) of every mapping key config.yaml sets, named as `walk` names them."""
    for keyword in ("oneOf", "anyOf"):
        for i, branch in enumerate(schema.get(keyword, [])):
            if jsonschema.Draft202012Validator(branch).is_valid(value):
                yield from _config_paths(branch, value, f"{path}|{keyword}[{i}]")
                break
    if isinstance(value, dict):
        for key, sub_value in value.items():
            if key in schema.get("properties", {}):
                sub, sub_path = schema["properties"][key], f"{path}.{key}" if path else key
            elif isinstance(schema.get("additionalProperties"), dict):
                sub, sub_path = schema["additionalProperties"], f"{path}.*" if path else "*"
            else:
                continue  # not a schema field: validation (below) reports it
            yield sub_path, sub
            yield from _config_paths(sub, sub_value, sub_path)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            yield from _config_paths(schema["items"], item, f"{path}[]")


def test_walk_reaches_every_field_config_yaml_sets(schema, config, nodes):
    """The walk (which the description checks rely on) visits every field config.yaml sets."""
    walked = {n.path for n in nodes}
    paths = [p for p, _ in _config_paths(schema, config)]
    assert paths, "config.yaml sets no field the schema knows"
    unwalked = sorted(set(paths) - walked)
    assert not unwalked, "fields config.yaml sets that the schema walk missed:\n  " + "\n  ".join(unwalked)


def test_defaults_only_at_fixed_paths(nodes):
    misplaced = [n.path for n in nodes if "default" in n.schema and n.keys is None]
    assert not misplaced, ("defaults inside list items, user-named maps or branches (Snakemake would inject them "
                           "into every entry; say it in the description instead):\n  " + "\n  ".join(misplaced))


def test_defaults_equal_config_yaml(nodes, config):
    wrong = []
    for n in nodes:
        if "default" not in n.schema or n.keys is None:
            continue
        value = lookup(config, n.keys)
        if value is MISSING:
            wrong.append(f"{n.path}: default {n.schema['default']!r}, but config.yaml does not set it")
        elif not same(value, n.schema["default"]):
            wrong.append(f"{n.path}: default {n.schema['default']!r}, config.yaml {value!r}")
    assert not wrong, "schema defaults that differ from config.yaml:\n  " + "\n  ".join(wrong)


def test_defaults_satisfy_their_field(nodes):
    invalid = []
    for n in nodes:
        if "default" in n.schema:
            field = {k: v for k, v in n.schema.items() if k != "default"}
            error = jsonschema.exceptions.best_match(
                jsonschema.Draft202012Validator(field).iter_errors(n.schema["default"]))
            if error is not None:
                invalid.append(f"{n.path}: {error.message}")
    assert not invalid, "defaults their own field rejects:\n  " + "\n  ".join(invalid)


def test_every_fixed_value_config_yaml_sets_has_a_default(nodes, config):
    """Values (not sections, user-named maps or lists of entries) at fixed paths carry config.yaml's value."""
    lacking = []
    for n in nodes:
        if n.keys is None or "default" in n.schema or _defines_object(n.schema):
            continue
        items = n.schema.get("items")
        if isinstance(items, dict) and _defines_object(items):
            continue  # a list of user entries (sessions, sweeps): documented in its description
        if lookup(config, n.keys) is not MISSING:
            lacking.append(n.path)
    assert not lacking, "fields config.yaml sets that have no schema default:\n  " + "\n  ".join(lacking)


def test_config_yaml_validates(schema, config):
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_injected_defaults_leave_config_yaml_unchanged(config):
    injected = copy.deepcopy(config)
    snakemake_validate(injected, str(SCHEMA_PATH), set_default=True)
    assert injected == config


def test_defaults_alone_restore_config_yaml(config, nodes):
    """A config missing every defaulted field comes back as config.yaml once Snakemake injects the defaults."""
    stripped = copy.deepcopy(config)
    for n in sorted((n for n in nodes if "default" in n.schema and n.keys), key=lambda n: -len(n.keys)):
        parent = lookup(stripped, n.keys[:-1])
        if isinstance(parent, dict):
            parent.pop(n.keys[-1], None)
    assert stripped != config
    snakemake_validate(stripped, str(SCHEMA_PATH), set_default=True)
    assert same(stripped, config)
