#!/usr/bin/env python3
"""Writes the committed seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Usage: make_seeds.py [CORPUS_DIR]

The seeds are small inputs taken from the test suites (the policies, registries, JUnit reports
and release tags that tests/integration and tests/unit build), plus the starter trail.toml.
With a trailer corpus (../shared/corpus or /work/shared/corpus, *.jsonl.gz as
tests/conformance reads them) it also adds the first real commit messages of each corpus, for
longer runs; docs/fuzzing.md says how. Rerun after changing an input format, then commit.
"""
import base64
import gzip
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# --- trailers: first byte = switches, second = comment character (see fuzz_trailers.cpp) ---
MESSAGES = [
    "Add the dose limit\n\nImplements: SRS-1\nChange-Request: CR-1\n",
    "Fix\n\nbody text\n\nFixes: PR-1\nSigned-off-by: A <a@example.com>\n",
    "Title\n\nKey: value\n  continued\n\tmore\n(cherry picked from commit abc)\nSigned-off-by: x\n",
    "Subject\n\nVerifies: SRS-1, SRS-2\n---\nNot-a-trailer: after divider\n",
    "fixup! Add\n\n# comment\nRefs: TC-1\n# ------------------------ >8 ------------------------\nX: y\n",
    "T\r\n\r\nImplements: SRS-3\r\nReviewed-by: B <b@x>\r\n",
    "\n\n\nSubject\n\nBug #42\nRefs= PR-2\nKey : v\n",
    "Merge branch 'x'\n\nConflicts:\n\tsrc/a.c\n\nImplements: SRS-9\n",
]
for i, message in enumerate(MESSAGES):
    put("trailers", "msg-%d" % i, bytes([i * 37 % 256, ord("#") if i % 2 else ord(";")]) + message.encode())

# --- policy --------------------------------------------------------------------------------
with open(os.path.join(ROOT, "templates", "trail.toml"), "rb") as f:
    put("policy", "starter.toml", f.read())
put("policy", "release-fixture.toml", """[project]
name = "Infusion pump"
safety_class = "C"
[kinds.requirement]
pattern = 'SRS-\\d+'
states = ["draft", "approved", "retired"]
require_links = ["implements", "verifies"]
[kinds.problem-report]
pattern = 'PR-\\d+'
states = ["open", "resolved", "closed"]
[kinds.soup]
pattern = 'SOUP-\\d+'
[kinds.bug]
pattern = '#?(\\d+)'
external = true
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Fixes = { relation = "fixes", kinds = ["problem-report"] }
Safety-Impact = { values = ["none", "low", "high"] }
Safety-Rationale = { role = "text" }
[registry]
files = ["docs/*.toml"]
[[registry.file_links]]
files = ["tests/**"]
pattern = '(verifies):\\s*(SRS-\\d+)'
[[configuration_items]]
name = "dosing"
paths = ["src/dosing/**"]
class = "C"
[[rules]]
id = "dosing-needs-link"
when = { paths = ["src/dosing/**"] }
require = { any_relation = ["implements", "fixes"] }
[release]
branches = ["main"]
environment = ["Debian 12", "GCC 12.2"]
[message]
subject_max_length = 50
""")
put("policy", "errors.toml", "[message]\nsubject_max_lenght = 50\n[kinds.requirement\npattern = 'SRS-(\\d+'\n")

# --- registry (under the starter policy) ---------------------------------------------------
put("registry", "items.toml", """[[items]]
id = "SRS-1"
title = "Dose limit"
status = "approved"
class = "C"
links = { derives-from = ["SRS-2"] }
[[items]]
id = "SRS-2"
title = "Alarm within 1 s"
status = "draft"
[[items]]
id = "PR-1"
title = "Alarm late"
status = "open"
severity = "minor"
evaluation = "200 ms late, within the 1 s budget of RC-1"
[[items]]
id = "CR-1"
title = "Add a dose limit"
[[items]]
id = "RC-1"
title = "Alarm within 1 s"
[[items]]
id = "SOUP-1"
title = "zlib"
manufacturer = "Jean-loup Gailly and Mark Adler"
version = "1.2.13"
license = "Zlib"
purl = "pkg:generic/zlib@1.2.13"
anomaly_review = 2026-01-01
support = "maintained"
end_of_support = "2030-12-31"
paths = ["vendor/zlib/**"]
""")
put("registry", "bad.toml", '[[items]]\nid = "SRS-4"\nstatus = "aproved"\nlinks = { derives-from = ["SYS-1"] }\n'
    '[[items]]\nid = "SRS-4"\ntitel = "x"\n')

# --- junit ---------------------------------------------------------------------------------
put("junit", "doctest.xml", """<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="unit">
    <properties><property name="git-trail.tree" value="0123456789abcdef0123456789abcdef01234567"/></properties>
    <testcase classname="limit" name="dose limit" file="tests/limit_test.c"/>
    <testcase classname="limit" name="over limit"><failure message="expected 5"/></testcase>
    <testcase classname="alarm" name="late"><skipped message="no hardware"/></testcase>
    <testcase classname="alarm" name="error"><error message="boom"/></testcase>
  </testsuite>
</testsuites>
""")
put("junit", "nested.xml", '<testsuite name="outer"><testsuite name="inner"><testcase name="a"/>'
    '<testsuite name="deeper"><testcase name="b"><failure/></testcase></testsuite></testsuite></testsuite>')
put("junit", "not-junit.xml", "<report/>")

# --- tag_manifest: a release tag message as `git trail release` writes it -------------------
files = [{"path": "src/dosing/limit.c", "mode": "100644",
          "object": "5f3a1f4e0c2b8a8f3f5c1d2e3b4a596877a8b9c0",
          "sha256": hashlib.sha256(b"int limit = 5;\n").hexdigest()}]
manifest = {
    "manifest": "git-trail/release-manifest/1",
    "product": {"name": "Infusion pump", "version": "1.0.0", "safety_class": "C"},
    "revision": {"commit": "1" * 40, "tree": "2" * 40, "date": "2026-01-01T13:00:00+01:00"},
    "tool": {"name": "git-trail", "version": "0.1.0"},
    "policy": {"source": "trail.toml", "sha256": "3" * 64},
    "previous_release": {"tag": "v0.9.0", "commit": "4" * 40},
    "configuration_items": [{"name": "dosing", "class": "C", "paths": ["src/dosing/**"],
                             "sha256": "5" * 64, "files": files}],
    "soup": [{"id": "SOUP-1", "name": "zlib", "version": "1.2.13", "files": [], "sha256": None,
              "missing": []}],
    "changes": [{"commit": "1" * 40, "subject": "Start the pump", "links": ["SRS-1"]}],
}
text = json.dumps(manifest, indent=2) + "\n"
digest = hashlib.sha256(text.encode()).hexdigest()
tag = ("Release 1.0.0 of Infusion pump\n\nCommit:   %s\n\n"
       "-----BEGIN GIT-TRAIL MANIFEST-----\n%s-----END GIT-TRAIL MANIFEST-----\n\n"
       "Manifest-SHA256: %s\n" % ("1" * 40, text, digest))
put("tag_manifest", "release.txt", tag)
put("tag_manifest", "signed.txt", tag + "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n")
put("tag_manifest", "no-manifest.txt", "Release 1.0.0\n\nNo manifest here.\n")

# --- policy_registry: trail.toml, a NUL byte, one registry file (fuzz_policy_registry.cpp) ---
with open(os.path.join(OUT, "policy", "release-fixture.toml"), "rb") as f:
    fixture_policy = f.read()
with open(os.path.join(OUT, "registry", "items.toml"), "rb") as f:
    items = f.read()
put("policy_registry", "fixture.toml", fixture_policy + b"\0" + items.replace(b"links = { derives-from = [\"SRS-2\"] }\n", b""))
with open(os.path.join(ROOT, "templates", "trail.toml"), "rb") as f:
    put("policy_registry", "starter.toml", f.read() + b"\0" + items)
put("policy_registry", "policy-only.toml", fixture_policy)
put("policy_registry", "waivers-rules.toml", """[kinds.requirement]
pattern = 'SRS-\\d+'
[trailers]
Implements = { relation = "implements", kinds = ["requirement"] }
Signed-off-by = { role = "text" }
[[rules]]
id = "needs-link"
when = { paths = ["src/**"], branches = ["main", "release/*"] }
require = { any_relation = ["implements"], trailers = ["Signed-off-by"] }
[[rules]]
id = "no-fixup"
forbid = { autosquash = true }
[[waivers]]
rule = "needs-link"
commit = "0123456789abcdef0123456789abcdef01234567"
reason = "imported history"
\0[[items]]
id = "SRS-1"
title = "Dose limit"
""")

# --- mustache: first byte even = md, odd = html; the rest is the template -----------------
for fmt, byte in (("md", b"\0"), ("html", b"\1")):
    with open(os.path.join(ROOT, "templates", "changelog.%s.mustache" % fmt), "rb") as f:
        put("mustache", "builtin-%s" % fmt, byte + f.read())
put("mustache", "user.mustache", b"\0{{product}}: {{from.name}} to {{to.name}}\n{{#problems_fixed}}\n"
    b"* {{id}} ({{safety_impact}})\n{{/problems_fixed}}\n")
put("mustache", "delimiters.mustache", b"\1{{=<% %>=}}<%#requirements%><%{id}%> <%&title%><%/requirements%>"
    b"<%={{ }}=%>{{^complete}}shallow{{/complete}}{{! comment }}{{{product}}}\n")
put("mustache", "unclosed.mustache", b"\0Changelog\n\n{{#requirements}}\n* {{id}}\n")

# --- verify: first byte = mode and switches (fuzz_verify.cpp) -------------------------------
# The real release's message and manifest are written by the target itself:
#   TRAIL_FUZZ_VERIFY_SEEDS=tests/fuzz/corpus/verify build/fuzz/tests/fuzz/fuzz_verify -runs=0
# Merge patches onto the real manifest (mode 2): wrong types where verify indexes.
put("verify", "patch-types", b'\2{"configuration_items": [{"name": 1, "files": "x"}], "soup": {"a": 1}}')
put("verify", "patch-files", b'\2{"configuration_items": [{"name": "dosing", "files": [{"path": 7}, {}]}]}')
put("verify", "patch-previous", b'\2{"previous_release": {"tag": ["v0"], "commit": "0000000"}, "revision": 5}')
put("verify", "patch-dir", b'\6{"configuration_items": [{"name": "dosing", "class": "C", "paths": ["src/**"], '
    b'"files": [{"path": "../../etc/hostname", "mode": "100644", "object": "0", "sha256": "0"}]}]}')
for redteam in (os.path.join(ROOT, "..", "shared", "redteam"), "/work/shared/redteam"):
    found = os.path.join(redteam, "tagmsg-type-error-302.txt")
    if os.path.isfile(found):
        with open(found, "rb") as f:
            put("verify", "tagmsg-type-error-302", b"\0" + f.read())
        break

# --- index_file: index files git writes (versions 2 and 4, a cache tree, a conflict) ---------
def index_seeds():
    import subprocess
    import tempfile
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@x",
               GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@x",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    with tempfile.TemporaryDirectory() as work:
        def git(*args):
            subprocess.run(["git", "-C", work] + list(args), check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def write(path, text):
            full = os.path.join(work, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)

        def take(name):
            with open(os.path.join(work, ".git", "index"), "rb") as f:
                put("index_file", name, f.read())

        git("init", "-q", "-b", "main")
        for path in ("a.b", "a/b", "a/c/d", "dir/sub/x.txt", "dir/y.txt", "z"):
            write(path, path + "\n")
        git("add", "-A")
        git("commit", "-q", "-m", "base")
        take("v2-cache-tree")
        write("dir/sub/x.txt", "changed\n")
        git("add", "-A")
        take("v2-invalidated")
        git("update-index", "--index-version", "4")
        take("v4")
        git("update-index", "--index-version", "2")
        git("commit", "-q", "-m", "second")
        git("checkout", "-q", "-b", "side", "HEAD~1")
        write("dir/y.txt", "side\n")
        git("commit", "-q", "-am", "side")
        git("checkout", "-q", "main")
        write("dir/y.txt", "main\n")
        git("commit", "-q", "-am", "main")
        subprocess.run(["git", "-C", work, "merge", "-q", "side"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        take("conflict")


index_seeds()

# --- optional: real commit messages from the shared trailer corpora -------------------------
for corpus in (os.path.join(ROOT, "..", "shared", "corpus"), "/work/shared/corpus"):
    if not os.path.isdir(corpus) or OUT == os.path.join(HERE, "corpus"):
        continue  # the committed seeds stay small; pass a folder to add these
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".jsonl.gz"):
            continue
        with gzip.open(os.path.join(corpus, name), "rt") as f:
            for n, line in enumerate(f):
                if n >= 2000:
                    break
                record = json.loads(line)
                if "message_b64" in record:
                    message = base64.b64decode(record["message_b64"])
                else:
                    message = record.get("message", "").encode()
                put("trailers", "%s-%d" % (name.split(".")[0], n), b"\x00#" + message)
    break
