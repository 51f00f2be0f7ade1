#!/usr/bin/env python3
"""Writes a random trailer corpus, answered by the local git, for trailer_conformance.

Usage: make_fuzz_corpus.py OUT_DIR [SEED] [COUNT]

Messages are random mixes of the lines git's trailer rules care about (generated prefixes,
continuations, comments, the scissors line, "---", Conflicts: blocks, CRLF, Latin-1 bytes,
missing final newlines). They are stored byte for byte with `git fast-import` (git commit would
re-encode invalid UTF-8), and git's answer is read with %(trailers:only,unfold). The output,
OUT_DIR/fuzz-SEED.jsonl.gz, has the format of the shared corpora; messages that are not valid
UTF-8 are written as message_b64 with trailers_b64 = [[b64(key), b64(value)], ...].

Then: trailer_conformance OUT_DIR
"""
import base64
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile

PIECES = [
    b"", b" ", b"\t", b"\r", b"Title", b"prose", b"prose line", b"Implements: SRS-1",
    b"Signed-off-by: A <a@x>", b"signed-off-by: x", b"(cherry picked from commit abc)",
    b"  cont", b"\tcont", b"# comment", b"#",
    b"# ------------------------ >8 ------------------------", b"---", b"--- x",
    b"Conflicts:", b"\tsrc/a.c", b"Key : v", b"Bad key: v", b"Key:", b"Key:   ",
    b"https://x.y", b": v", b"K\xf6y: v", b"Key: v\xf6", b"Key#1", b"Bug #42", b"Refs: a\r",
    b"X-Y-Z:z", b"Fixes:\tPR-1 ",
]


def random_message(rng):
    eol = rng.choice([b"\n", b"\n", b"\n", b"\r\n"])
    lines = [rng.choice(PIECES) for _ in range(rng.randint(0, 9))]
    message = b"".join(line + (eol if rng.random() < 0.9 else b"\n") for line in lines)
    if rng.random() < 0.6:
        message = b"Title" + eol + eol + message
    if rng.random() < 0.2 and message.endswith(b"\n"):
        message = message[:-1]
    return message


def git(repo, *args, data=None):
    return subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True,
                          check=True).stdout


def store(repo, messages):
    """Commits each message on its own branch; returns {commit id: message}."""
    stream = b"".join(
        b"commit refs/heads/c%d\nmark :%d\ncommitter T <t@e> 0 +0000\ndata %d\n%s\n"
        % (i, i + 1, len(m), m) for i, m in enumerate(messages))
    marks = os.path.join(repo, "marks")
    git(repo, "fast-import", "--quiet", "--export-marks=" + marks, data=stream)
    by_id = {}
    with open(marks) as f:
        for line in f:
            mark, commit = line.split()
            by_id[commit] = messages[int(mark[1:]) - 1]
    return by_id


def git_answers(repo):
    """Returns {commit id: [(key, value), ...]} as git log prints them."""
    fmt = "%H%x1d%(trailers:only,unfold,separator=%x1e,key_value_separator=%x1f)%x1c"
    out = git(repo, "log", "--all", "--no-walk=unsorted", "--format=" + fmt)
    answers = {}
    for chunk in out.split(b"\x1c")[:-1]:
        commit, trailers = chunk.lstrip(b"\n").split(b"\x1d")
        pairs = [tuple(t.split(b"\x1f", 1)) for t in trailers.split(b"\x1e")] if trailers else []
        answers[commit.decode()] = pairs
    return answers


def record(commit, message, pairs):
    try:
        return {"id": commit, "message": message.decode("utf-8"),
                "trailers": [[k.decode("utf-8"), v.decode("utf-8")] for k, v in pairs]}
    except UnicodeDecodeError:
        b64 = lambda b: base64.b64encode(b).decode()
        return {"id": commit, "message_b64": b64(message),
                "trailers_b64": [[b64(k), b64(v)] for k, v in pairs]}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out_dir = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    rng = random.Random(seed)
    messages = [random_message(rng) for _ in range(count)]
    with tempfile.TemporaryDirectory(prefix="trail-fuzz-") as repo:
        git(repo, "init", "-q", ".")
        by_id = store(repo, messages)
        answers = git_answers(repo)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "fuzz-%d.jsonl.gz" % seed)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for commit, message in by_id.items():
            f.write(json.dumps(record(commit, message, answers[commit])) + "\n")
    with_trailers = sum(1 for pairs in answers.values() if pairs)
    print("%s: %d distinct messages, %d with trailers" % (path, len(by_id), with_trailers))


if __name__ == "__main__":
    main()
