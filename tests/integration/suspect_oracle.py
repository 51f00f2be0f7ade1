#!/usr/bin/env python3
"""Builds a random history in the current (empty) folder and prints which linked test files
git's own plumbing says are suspect, for test_small_lies.sh to compare with `trace`.

    suspect_oracle.py SEED STEPS

The history (fixed by SEED): a registry of six requirements, each verified by a test file
that names it (tests/t1.c names two; the files sit at different depths and in folders whose
names sort around "tests/"), edited on main and on a side branch with values drawn from a
small set (so files change back to older versions), definitions retitled on either branch,
and merges that take either side's version or write a new one.

The answer, computed from git alone: the version V of each file at HEAD; a commit C wrote V
when `git ls-tree` shows V in C and in none of C's parents (all of them present); a
definition change is a commit whose title of an item differs from its first parent's and
from every other parent's; its heads are the changes no other change descends from; a file
is suspect for an item when, for some head H, no commit that includes H (H or a commit
`git rev-list --ancestry-path H..HEAD` lists) wrote V. Prints "ID PATH suspect|fresh" for
each item with a definition change and each of its files, sorted.
"""
import os
import random
import subprocess
import sys

FILES = {  # test file -> the requirements it verifies
    "tests/t1.c": ["SRS-1", "SRS-2"],
    "tests/a/t3.c": ["SRS-3"],
    "tests/a/b/t4.c": ["SRS-4"],
    "tests-x/t5.c": ["SRS-5"],
    "tests.c": ["SRS-6"],
}
ITEMS = ["SRS-%d" % n for n in range(1, 7)]


def git(*args, check=True):
    done = subprocess.run(["git", *args], capture_output=True, text=True)
    if check and done.returncode != 0:
        sys.exit("git %s failed: %s" % (" ".join(args), done.stderr))
    return done.stdout


def write(path, text):
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def registry(titles):
    return "".join('[[items]]\nid = "%s"\ntitle = "%s"\nstatus = "approved"\n\n' % (i, titles[i])
                   for i in ITEMS)


def test_file(path, value):
    return "".join("// verifies: %s\n" % i for i in FILES[path]) + "int v = %d;\n" % value


class History:
    def __init__(self, seed):
        self.rnd = random.Random(seed)
        self.clock = 1767268800  # 2026-01-01

    def commit(self, message):
        self.clock += 60
        env = dict(os.environ, GIT_AUTHOR_DATE="@%d +0000" % self.clock,
                   GIT_COMMITTER_DATE="@%d +0000" % self.clock)
        subprocess.run(["git", "add", "-A"], check=True)
        subprocess.run(["git", "commit", "-q", "--no-verify", "--allow-empty", "-m", message],
                       check=True, env=env)

    def titles(self):
        text = open("docs/req.toml").read()
        out, current = {}, None
        for line in text.splitlines():
            if line.startswith("id = "):
                current = line.split('"')[1]
            elif line.startswith("title = "):
                out[current] = line.split('"')[1]
        return out

    def edit(self):
        """A random edit: a test file, a definition, or both."""
        what = self.rnd.random()
        if what < 0.6:
            path = self.rnd.choice(sorted(FILES))
            write(path, test_file(path, self.rnd.randrange(3)))
        if what > 0.4:
            titles = self.titles()
            item = self.rnd.choice(ITEMS)
            titles[item] = "%s in %d s" % (item, self.rnd.randrange(3))
            write("docs/req.toml", registry(titles))
        self.commit("Edit")

    def merge(self):
        if git("rev-list", "--count", "main..side").strip() == "0":
            git("branch", "-D", "side")
            return
        self.clock += 60
        env = dict(os.environ, GIT_AUTHOR_DATE="@%d +0000" % self.clock,
                   GIT_COMMITTER_DATE="@%d +0000" % self.clock)
        side = self.rnd.choice(["-Xours", "-Xtheirs"])
        subprocess.run(["git", "merge", "-q", "--no-ff", "--no-commit", side, "side"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        if self.rnd.random() < 0.3:  # the merge writes a version of its own
            path = self.rnd.choice(sorted(FILES))
            write(path, test_file(path, 3 + self.rnd.randrange(2)))
        subprocess.run(["git", "add", "-A"], check=True)
        subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "Merge side"], check=True, env=env)
        git("branch", "-D", "side")

    def build(self, steps):
        git("init", "-q", "-b", "main", ".")
        write("trail.toml",
              "[kinds.requirement]\npattern = 'SRS-\\d+'\n"
              "[registry]\nfiles = [\"docs/req.toml\"]\n"
              "[[registry.file_links]]\nfiles = [\"tests/**\", \"tests-x/**\", \"tests.c\"]\n"
              "pattern = 'verifies:\\s*(SRS-\\d+)'\nrelation = \"verifies\"\n")
        write("docs/req.toml", registry({i: i for i in ITEMS}))
        for path in FILES:
            write(path, test_file(path, 0))
        self.commit("Start")
        on_side = False
        for _ in range(steps):
            roll = self.rnd.random()
            if roll < 0.12 and not on_side:
                has_side = git("branch", "--list", "side").strip() != ""
                git("checkout", "-q", *(["side"] if has_side else ["-b", "side"]))
                on_side = True
            elif roll < 0.24 and on_side:
                git("checkout", "-q", "main")
                on_side = False
                if self.rnd.random() < 0.8:
                    self.merge()
            else:
                self.edit()
        if on_side:
            git("checkout", "-q", "main")
            self.merge()


def oracle():
    parents = {}
    for line in git("rev-list", "--parents", "HEAD").splitlines():
        words = line.split()
        parents[words[0]] = words[1:]
    ids = {}

    def entries(commit):
        if commit not in ids:
            ids[commit] = {}
            for line in git("ls-tree", "-r", "--full-tree", commit).splitlines():
                meta, path = line.split("\t", 1)
                ids[commit][path] = meta.split()[2]
        return ids[commit]

    def title(commit, item):
        text = git("show", "%s:docs/req.toml" % commit)
        current = None
        for line in text.splitlines():
            if line.startswith("id = "):
                current = line.split('"')[1]
            elif line.startswith("title = ") and current == item:
                return line.split('"')[1]
        return None

    def is_ancestor(a, b):
        return subprocess.run(["git", "merge-base", "--is-ancestor", a, b]).returncode == 0

    head = git("rev-parse", "HEAD").strip()
    lines = []
    for item in ITEMS:
        changes = []
        for commit, ps in parents.items():
            if not ps:
                continue
            now = title(commit, item)
            if now != title(ps[0], item) and all(now != title(p, item) for p in ps[1:]):
                changes.append(commit)
        heads = [c for c in changes if not any(o != c and is_ancestor(c, o) for o in changes)]
        if not heads:
            continue
        for path in sorted(p for p, named in FILES.items() if item in named):
            version = entries(head)[path]

            def wrote(c):
                return entries(c).get(path) == version and all(
                    entries(p).get(path) != version for p in parents[c])

            suspect = False
            for h in heads:
                including = [h] + git("rev-list", "--ancestry-path", "%s..HEAD" % h).split()
                if not any(wrote(c) for c in including):
                    suspect = True
            lines.append("%s %s %s" % (item, path, "suspect" if suspect else "fresh"))
    return sorted(lines)


if __name__ == "__main__":
    History(int(sys.argv[1])).build(int(sys.argv[2]))
    print("\n".join(oracle()))
