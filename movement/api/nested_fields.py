"""Nested field selection in API v2 for fields with their own JSON shape.

Wagtail's v2 supports `fields=relation(sub,fields)` only for plain relations
it serialises itself. Our people, organisations, images, the program and
so on have custom serializers (one shape in both API versions), so Wagtail
refused e.g. `fields=authors(name)`. Here such sub-fields are taken out of
`fields` before Wagtail sees them, checked against the field's shape (the
v3 types in `movement.api.v3_schemas`, so the names are the documented
ones), and applied to the serialised data: `authors(name,role)`,
`image(renditions)`, `host(name)`, `program(title,start)`.
"""

import typing

from wagtail.api.v2.utils import parse_fields_parameter

from pydantic import BaseModel

from movement.api.filters import ParameterError


def shape_keys(annotation):
    """The keys of a field's JSON shape, or None when it is not an object."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return shape_keys(typing.get_args(annotation)[0])
    if origin in (list, typing.Union) or str(origin) == "<class 'types.UnionType'>":
        keys = set()
        for arg in typing.get_args(annotation):
            if arg is type(None):
                continue
            found = shape_keys(arg)
            if found is None:
                return None
            keys |= found
        return keys or None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set(annotation.model_fields)
    return None


def fields_string(config):
    parts = []
    for name, negated, sub in config:
        text = ("-" if negated else "") + name
        if sub:
            text += "(" + fields_string(sub) + ")"
        parts.append(text)
    return ",".join(parts)


def take_nested_fields(request):
    """Rewrite `?fields=` without the sub-fields we apply ourselves; return
    {field: [keys]}. A 400 names what is possible for an unknown key."""
    from movement.api.v3_schemas import API_FIELD_TYPES

    value = request.GET.get("fields")
    if not value or "(" not in value:
        return {}
    try:
        config = parse_fields_parameter(value)
    except ValueError as error:
        raise ParameterError("fields", str(error)) from None
    selected = {}
    rewritten = []
    for name, negated, sub in config:
        keys = shape_keys(API_FIELD_TYPES[name]) if name in API_FIELD_TYPES else None
        if sub and keys is not None:
            wanted = [sub_name for sub_name, _negated, _sub in sub]
            unknown = sorted(set(wanted) - keys - {"*"})
            if unknown:
                raise ParameterError(
                    "fields",
                    f"{name}({','.join(unknown)}): unknown; {name} has {', '.join(sorted(keys))}",
                )
            if "*" not in wanted:
                selected[name] = wanted
            sub = None
        rewritten.append((name, negated, sub))
    if selected or rewritten != config:
        query = request._request.GET.copy()
        query["fields"] = fields_string(rewritten)
        request._request.GET = query
    return selected


def _select(value, keys):
    if isinstance(value, list):
        return [_select(item, keys) for item in value]
    if isinstance(value, dict):
        return {key: value[key] for key in keys if key in value}
    return value


def apply_nested_fields(item, selected):
    for name, keys in selected.items():
        if isinstance(item, dict) and name in item:
            item[name] = _select(item[name], keys)
    return item
