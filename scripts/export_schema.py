#!/usr/bin/env python3
"""Write docs/json/export.schema.json: the JSON Schema of `vlavirgem export --to json`, generated
from the one layout of the exported tables (vlavirgem/export/tables.py).

    python scripts/export_schema.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # vlavirgem from this checkout, installed or not

from vlavirgem.export.metadata import json_schema  # noqa: E402

if __name__ == "__main__":
    target = REPO / "docs" / "json" / "export.schema.json"
    target.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(REPO)}")
