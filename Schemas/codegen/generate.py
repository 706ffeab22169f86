"""Writes everything generated from Schemas/council.proto besides protoc-c's C: the Swift of CouncilAPI, CouncilWire,
CouncilServer and CouncilClient, and the table of methods in PROTOCOL.md.

    python3 Schemas/codegen/generate.py ROOT             write into the repository at ROOT
    python3 Schemas/codegen/generate.py ROOT --check     fail, naming the files, if what is committed differs

Run through Schemas/generate.sh.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import schema  # noqa: E402
import swift  # noqa: E402

BEGIN, END = "<!-- methods:begin (generated from council.proto) -->\n", "<!-- methods:end -->\n"


def outputs(root: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as scratch:
        descriptor = os.path.join(scratch, "council.desc")
        subprocess.run(
            ["protoc", "-I", os.path.join(root, "Schemas"), "--include_source_info", f"--descriptor_set_out={descriptor}",
             "council.proto"],
            check=True,
        )
        with open(descriptor, "rb") as f:
            model = schema.load(f.read())
    g = swift.Generator(model)
    protocol_path = os.path.join(root, "Schemas", "PROTOCOL.md")
    with open(protocol_path, encoding="utf-8") as f:
        protocol = f.read()
    start, end = protocol.index(BEGIN) + len(BEGIN), protocol.index(END)
    return {
        "Sources/CouncilAPI/Methods.generated.swift": g.api(),
        "Sources/CouncilWire/Mapping.generated.swift": g.wire(),
        "Sources/CouncilServer/Service/CouncilHandlers.generated.swift": g.server(),
        "Sources/CouncilClient/CouncilClient+Methods.generated.swift": g.client(),
        "Schemas/PROTOCOL.md": protocol[:start] + g.method_table() + protocol[end:],
    }


def main() -> int:
    root, check = sys.argv[1], "--check" in sys.argv[2:]
    stale = []
    for path, text in outputs(root).items():
        full = os.path.join(root, path)
        current = open(full, encoding="utf-8").read() if os.path.exists(full) else None
        if current == text:
            continue
        if check:
            stale.append(path)
        else:
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {path}")
    if stale:
        print("stale generated code (run Schemas/generate.sh and commit the result): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
