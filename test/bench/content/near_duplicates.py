"""Scores `analyze --json` near-duplicate groups against /work/data/edited's truth.json.

Usage: python3 near_duplicates.py REPORT.json TRUTH.json
A copy counts as found when it shares a group with its original; a group is "mixed" when it holds files of two
distinct photos (two originals, a distractor, or copies of different originals).
"""
import json
import sys
from collections import defaultdict

report = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
photo = {}  # file name -> the distinct photo it shows
for original, info in truth["originals"].items():
    photo[original] = original
    for edited in info["edits"].values():
        photo[edited] = original
for distractor in truth["distractors"]:
    photo[distractor] = distractor

group_of = {}
mixed = []
groups = report["quality"]["duplicates"]["near"] + report["quality"]["duplicates"]["exact"]
for g, group in enumerate(groups):
    names = [f.split("/")[-1] for f in group["files"]]
    for name in names:
        group_of.setdefault(name, set()).add(g)
    if len({photo[n] for n in names}) > 1:
        mixed.append(names)

found = defaultdict(lambda: [0, 0])
for original, info in truth["originals"].items():
    for kind, edited in info["edits"].items():
        found[kind][1] += 1
        if group_of.get(original, set()) & group_of.get(edited, set()):
            found[kind][0] += 1
total = [sum(v[0] for v in found.values()), sum(v[1] for v in found.values())]
methods = sorted({g.get("method", "exact") for g in report["quality"]["duplicates"]["near"]})
print(json.dumps({
    "found": {k: f"{a}/{b}" for k, (a, b) in sorted(found.items())},
    "all_edits": f"{total[0]}/{total[1]} ({100 * total[0] / total[1]:.1f}%)",
    "groups": len(groups),
    "mixed_groups": mixed,
    "methods": methods,
}, indent=1))
