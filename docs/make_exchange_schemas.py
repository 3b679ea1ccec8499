"""Write the JSON Schema of every record type of the exchange package into
docs/exchange-schemas/ (the same schemas the importer validates with).
Run: .venv/bin/python docs/make_exchange_schemas.py"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.exchange.records import TABLES, schema_for  # noqa: E402
from storage.exchange.schemas import SCHEMAS  # noqa: E402

OUT = ROOT / "docs" / "exchange-schemas"

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        (OUT / f"{table}.schema.json").write_text(json.dumps(schema_for(table), ensure_ascii=False, indent=2) + "\n",
                                                  encoding="utf-8")
        print(OUT / f"{table}.schema.json")
    for name, schema in SCHEMAS.items():  # manifest.json and figures.json
        (OUT / f"{name}.schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")
        print(OUT / f"{name}.schema.json")
