#!/usr/bin/python3
"""Copies the calibrated war sections (sides:, third_parties:) of the war scenario into a settle
scenario, between the markers

    # >>> war sections: copied from <file> by scripts/sync-flagship-war.py; do not edit here
    # <<< end of war sections

so the flagship runs on the war model exactly as calibrated. tests/unit/test_settle.c checks that
the copy matches. Usage: scripts/sync-flagship-war.py [WAR_SCENARIO [SETTLE_SCENARIO]]
"""
import re
import sys

war = sys.argv[1] if len(sys.argv) > 1 else "scenarios/russia-ukraine-2024.yaml"
target = sys.argv[2] if len(sys.argv) > 2 else "scenarios/ukraine-2025-19pt.yaml"

WANTED = ("sides", "third_parties")


def top_level_blocks(text):
    """Maps each top-level key to its block of lines (the key line and what follows it)."""
    blocks, key, lines = {}, None, []
    for line in text.splitlines(keepends=True):
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):", line)
        if m:
            if key:
                blocks[key] = lines
            key, lines = m.group(1), []
        if key:
            lines.append(line)
    if key:
        blocks[key] = lines
    return blocks


with open(war, encoding="utf-8") as f:
    blocks = top_level_blocks(f.read())
missing = [k for k in WANTED if k not in blocks]
if missing:
    sys.exit(f"{war}: no top-level {', '.join(missing)}")
copied = "".join("".join(blocks[k]).rstrip("\n") + "\n\n" for k in WANTED)

with open(target, encoding="utf-8") as f:
    text = f.read()
start = re.search(r"^# >>> war sections.*\n", text, re.M)
end = re.search(r"^# <<< end of war sections.*\n", text, re.M)
if not start or not end or end.start() < start.end():
    sys.exit(f"{target}: the war-section markers are missing or out of order")
marker = f"# >>> war sections: copied from {war} by scripts/sync-flagship-war.py; do not edit here\n"
text = text[: start.start()] + marker + copied + text[end.start():]
with open(target, "w", encoding="utf-8") as f:
    f.write(text)
print(f"{target}: war sections copied from {war}")
