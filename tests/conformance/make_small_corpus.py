#!/usr/bin/env python3
"""Writes a small trailer corpus, OUT_DIR/generated.jsonl.gz, for the conformance test to use
when the shared corpora (../shared/corpus) are not there.

The messages are built from pieces that exercise the trailer rules (blocks with and without
other lines, continuation lines, odd spacing, comments, empty values, separators inside
values, lines that look like trailers but are not); the expected trailers of each are what
git itself answers: `git interpret-trailers --parse --no-divider` (--parse is --only-trailers
--only-input --unfold; --no-divider because commit history, like `git log %(trailers)`, has no
"---" patch divider). The same seed gives the same corpus. Messages start with their subject:
interpret-trailers reads leading blank lines, `git log` skips them, and the parser follows
`git log` by default.

Usage: make_small_corpus.py OUT_DIR [COUNT]
"""

import gzip
import json
import os
import random
import subprocess
import sys

SUBJECTS = [
    "Add the occlusion alarm",
    "Fix: the pump stops",
    "Tune dosing rate",
    "Revert \"Add a\"",
    "fixup! Add a",
    "Key: value in the subject",
    "Release 1.0",
]

BODIES = [
    "",
    "The alarm sounds after 3 s.",
    "Explain why.\nIt matters: a lot.",
    "See http://example.com/a for details.",
    "Closes: nothing here, this is prose\nwith a second line.",
    "# not a comment in the middle\nbody text",
    "---\nlooks like a divider",
    "Line one.\n\nSecond paragraph.",
]

KEYS = ["Implements", "Fixes", "Signed-off-by", "Reviewed-by", "Safety-Impact", "Co-authored-by",
        "Refs", "X-Custom", "Bug", "Change-Id"]

VALUES = ["SRS-1", "PR-9, PR-10", "Ada Author <ada@example.com>", "high", "#42",
          "http://example.com/x", "a: b", "", "  padded  ", "I0123456789abcdef"]


def trailer_line(rng):
    """Returns one line that is, or looks like, a trailer."""
    key = rng.choice(KEYS)
    value = rng.choice(VALUES)
    form = rng.randrange(10)
    if form == 0:
        return key + " : " + value  # space before the separator
    if form == 1:
        return key + ":" + value  # no space after it
    if form == 2:
        return key + ": " + value + "  "  # trailing blanks
    if form == 3:
        return key + ": " + value + "\n  continued"  # a continuation line
    if form == 4:
        return key + ": " + value + "\n\tcontinued with a tab"
    if form == 5:
        return "Not a trailer line"
    if form == 6:
        return "# a comment line"
    if form == 7:
        return "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)"
    if form == 8:
        return key.lower() + ": " + value  # another case
    return key + ": " + value


def message(rng):
    """Returns one generated commit message."""
    parts = [rng.choice(SUBJECTS)]
    body = rng.choice(BODIES)
    if body:
        parts.append(body)
    blocks = rng.randrange(3)  # 0: no trailer block; 2: a block, then another
    for _ in range(blocks):
        lines = [trailer_line(rng) for _ in range(1 + rng.randrange(5))]
        if rng.randrange(4) == 0:
            lines.insert(rng.randrange(len(lines) + 1), "Signed-off-by: Bo <bo@example.com>")
        parts.append("\n".join(lines))
    text = "\n\n".join(parts)
    ending = rng.randrange(4)
    if ending == 0:
        return text  # no final newline
    if ending == 1:
        return text + "\n\n"  # trailing blank line
    if ending == 2:
        return text + "\n# Please enter the commit message\n"  # a trailing comment
    return text + "\n"


def git_trailers(text):
    """Returns git's [key, value] pairs for TEXT."""
    out = subprocess.run(
        ["git", "interpret-trailers", "--parse", "--no-divider"],
        input=text.encode(), capture_output=True, check=True,
        env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull),
    ).stdout.decode()
    pairs = []
    for line in out.splitlines():
        key, _, value = line.partition(":")  # git prints "key: value"
        pairs.append([key, value[1:] if value.startswith(" ") else value])
    return pairs


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: make_small_corpus.py OUT_DIR [COUNT]")
    out_dir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) == 3 else 400
    rng = random.Random(11)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "generated.jsonl.gz")
    with_trailers = 0
    with gzip.open(path + ".tmp", "wt", encoding="utf-8") as out:
        for n in range(count):
            text = message(rng)
            pairs = git_trailers(text)
            with_trailers += bool(pairs)
            out.write(json.dumps({"id": "generated-%d" % n, "message": text, "trailers": pairs}) + "\n")
    os.replace(path + ".tmp", path)
    # A corpus in which git finds (almost) no trailers would check nothing.
    if with_trailers < count // 4:
        sys.exit("make_small_corpus.py: only %d of %d messages have trailers" % (with_trailers, count))
    print("%s: %d messages, %d with trailers" % (path, count, with_trailers))


if __name__ == "__main__":
    main()
