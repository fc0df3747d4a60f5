#!/usr/bin/env python3
"""Check the generated data/ tree: every YAML file against its JSON Schema, plus the cross-file rules.

    python scripts/check_schemas.py [--data DIR]

A quick stand-alone check for scripts/build_data.py (the vlavirgem package has the real validator).  Needs
ruamel.yaml, jsonschema and referencing.  Prints the problems and some counts; exit 1 when a problem is found.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
KINDS = {"sources.yaml": "sources", "governments": "governments", "regions": "region", "blocks": "block",
         "catalog/standards": "standard", "catalog/vendors": "vendor", "catalog/products": "product",
         "catalog/portfolios": "portfolio"}


def as_json(obj):
    if isinstance(obj, dict):
        return {str(k): as_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [as_json(x) for x in obj]
    return obj.isoformat() if isinstance(obj, dt.date) else obj


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=REPO / "data")
    data_dir = ap.parse_args().data
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "schemas").glob("*.schema.json")}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    validators = {name.split(".")[0]: Draft202012Validator(s, registry=registry,
                                                           format_checker=Draft202012Validator.FORMAT_CHECKER)
                  for name, s in schemas.items()}
    problems, files, docs = [], Counter(), {}
    for where, kind in KINDS.items():
        paths = [data_dir / where] if where.endswith(".yaml") else sorted((data_dir / where).glob("*.yaml"))
        for path in paths:
            doc = as_json(YAML(typ="rt").load(path.read_text(encoding="utf-8")))
            files[kind] += 1
            docs.setdefault(kind, {})[path.stem] = doc
            for err in validators[kind].iter_errors(doc):
                problems.append(f"{path}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
            key = "government" if kind == "portfolio" else "id"
            if kind != "sources" and doc.get(key) != path.stem:
                problems.append(f"{path}: {key} {doc.get(key)!r} is not the file stem")

    sources = set(docs["sources"]["sources"]["sources"])
    govs = {g["id"]: g for f in docs["governments"].values() for g in f["governments"]}
    ids = {"block": set(docs["block"]), "standard": set(docs["standard"]), "vendor": set(docs["vendor"]),
           "product": set(docs["product"]), "government": set(govs)}

    def refs(obj, path):
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k == "sources" and isinstance(v, list):
                    problems.extend(f"{path}: unknown source {s}" for s in v if s not in sources)
                elif k in ("government", "successor") and v not in govs:
                    problems.append(f"{path}: unknown government {v}")
                elif k in ("block", "standard", "vendor", "product") and isinstance(v, str) and v not in ids[k]:
                    problems.append(f"{path}: unknown {k} {v}")
                elif k == "standards" and v and isinstance(v[0], str):
                    problems.extend(f"{path}: unknown standard {s}" for s in v if s not in ids["standard"])
                refs(v, path)
        elif isinstance(obj, list):
            for x in obj:
                refs(x, path)

    for kind, by_stem in docs.items():
        for stem, doc in by_stem.items():
            refs(doc, f"{kind}/{stem}")

    def valid(g, day):
        return g.get("valid_from", "0000") <= day <= g.get("valid_until", "9999")

    spans = {}
    for rid, region in docs["region"].items():
        for m in region["members"]:
            g = govs.get(m["government"], {})
            start, end = m["from"], m.get("until", "9999-12-31")
            if start < g.get("valid_from", "0000") or end > g.get("valid_until", "9999-12-31"):
                problems.append(f"region/{rid}: {m['government']} {start}..{end} outside its validity")
            for other, (s2, e2) in spans.get(m["government"], []):
                if start <= e2 and s2 <= end:
                    problems.append(f"region/{rid}: {m['government']} overlaps with {other} {s2}..{e2}")
            spans.setdefault(m["government"], []).append((rid, (start, end)))

    print("files per kind:", dict(files))
    for day in ("2016-01-01", "2020-01-01", "2025-06-01"):
        print(f"governments valid on {day}:", dict(Counter(g["kind"] for g in govs.values() if valid(g, day))))
    for day in ("2021-06-01", "2023-06-01", "2025-06-01"):
        counts = {rid: sum(1 for m in r["members"] if m["from"] <= day <= m.get("until", "9999")) for rid, r in
                  sorted(docs["region"].items())}
        print(f"members on {day} (total {sum(counts.values())}):", counts)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
