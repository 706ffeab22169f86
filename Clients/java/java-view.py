#!/usr/bin/env python3
"""Writes the schema as protoc's Java generator needs it: council.proto with each presence oneof
(`oneof _x { T x = N; }`) spelt as proto3 `optional T x = N;`, plus the Java file options.

The two spellings are the same on the wire and give the same descriptor shape (protoc names the synthetic oneof of an
`optional` field `_x` too), but protoc's Java generator gives a real oneof `_x` accessors (`clearX()`, …) that clash
with its only field's, so the schema as written does not compile in Java. Any other oneof is left alone; a presence
oneof whose field is not named after it is an error, so a schema change cannot be mistranslated silently.

    java-view.py SCHEMA OUT
"""
import re
import sys

source, target = sys.argv[1], sys.argv[2]
text = open(source, encoding="utf-8").read()
pattern = re.compile(r"^(?P<indent>[ \t]*)oneof _(?P<oneof>\w+) \{\n[ \t]*(?P<type>[\w.]+) (?P<field>\w+) = "
                     r"(?P<number>\d+);\n[ \t]*\}\n", re.M)


def optional(match):
    if match["oneof"] != match["field"]:
        sys.exit("oneof _%s holds %s: only presence oneofs named after their field can be rewritten"
                 % (match["oneof"], match["field"]))
    return "%soptional %s %s = %s;\n" % (match["indent"], match["type"], match["field"], match["number"])


text, count = pattern.subn(optional, text)
left = re.findall(r"^\s*oneof _\w+", text, re.M)
if left:
    sys.exit("presence oneofs this script cannot rewrite: %s" % ", ".join(s.strip() for s in left))
options = 'option java_package = "council.v1";\noption java_multiple_files = true;\noption java_outer_classname = "CouncilProto";\n'
text, n = re.subn(r"^(package council\.v1;\n)", r"\1\n" + options.replace("\\", "\\\\"), text, count=1, flags=re.M)
if n != 1:
    sys.exit("no `package council.v1;` line in " + source)
with open(target, "w", encoding="utf-8") as out:
    out.write(text)
