"""Benchmark the build (issue 9): the project against stock Pelican on one generated corpus.

    .venv/bin/python scripts/bench.py [--articles 10000 20000] [--runs 3]
    .venv/bin/python scripts/bench.py --articles 2000 --profile [cold|edit|add] [--timed-only]

For each size N it writes (or reuses) the corpus of `bench_corpus.py` in `.bench/corpus-N/`,
then builds it with the project exactly as `make html` does (scripts/sitebuild.py, pelicanconf.py
with every plugin on, PATH and OUTPUT_PATH pointed at the corpus) and with stock Pelican (the
same pinned package: default theme, no plugins, day/month/year archives, its content cache on),
each build in a child process, in these scenarios, each repeated RUNS times:

- cold full build: output and every cache removed first;
- rebuild after editing one sentence of one article (another article each run);
- rebuild after adding one article, and after deleting it again;
- one more build of unchanged content: how many files differ (should be none).

It prints medians and the ratios against the targets of issue 9, files changed by each edit,
peak memory (the summed PSS, and RSS, of the whole process tree, sampled from /proc every 50 ms
in the first run of each scenario: reading a large process's PSS costs the machine about 4 ms,
so the other runs are timed alone), output size and file count, and writes everything to
`.bench/results-N.json`. `--profile` instead runs one cold project build with a timer around
each phase and one under cProfile, and prints where the time goes (`.bench/phases-N.json`,
`.bench/profile-N.prof`); `--profile edit` does the same for a rebuild after editing one
article with warm caches (`.bench/phases-edit-N.json`, `.bench/profile-edit-N.prof`), and
`--profile add` for a rebuild after adding one (`-add-`); `--timed-only` skips the cProfile build.
A benchmark, not a test: nothing fails on time. The corpus is put back as generated at the end.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib
import inspect
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "plugins")]

import bench_corpus  # noqa: E402

BENCH = ROOT / ".bench"
MIB = 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_EVERY = 0.05  # seconds between two memory samples
# Issue 9's targets: the project's time over stock Pelican's in the same run, memory, scaling.
TARGETS = {"cold": 0.6, "edit": 0.15}
MEMORY_LIMIT_MIB = 1024
SCALING_TARGET = 2.1  # time at 20,000 over time at 10,000
SCENARIOS = {
    "cold": "cold full build",
    "unchanged": "rebuild, nothing changed",
    "edit": "rebuild after editing 1 article",
    "add": "rebuild after adding 1 article",
    "delete": "rebuild after deleting it",
}


# --- The two builds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    """One way of building the corpus: its command, where it writes and what it caches."""

    name: str
    label: str
    settings: Path
    command: list[str]
    output: Path
    caches: tuple[Path, ...]

    def clean(self) -> None:
        """Remove the output and every cache, for a cold build."""
        for path in (self.output, *self.caches):
            shutil.rmtree(path, ignore_errors=True)
        for leftover in self.output.parent.glob(".output-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def project_tool(corpus: Path) -> Tool:
    """The project's build: scripts/sitebuild.py with pelicanconf.py pointed at the corpus."""
    settings = corpus / "pelicanconf-bench.py"
    output = corpus / "output-project"
    values = {
        "PATH": str(corpus / "content"),
        "OUTPUT_PATH": str(output),
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        # Pelican's own cache folder (unused unless the content cache is on): inside the corpus.
        "CACHE_PATH": str(corpus / "cache" / "pelican"),
        "CATEGORIES": bench_corpus.CATEGORIES,
    }
    lines = ["import sys", f"sys.path.insert(0, {str(ROOT)!r})", "from pelicanconf import *"]
    lines += [f"{name} = {value!r}" for name, value in values.items()]
    lines.append(f'ARCHIVES = {{**ARCHIVES, "CATEGORY_ORDER": {bench_corpus.NEWS_CATEGORIES!r}}}')
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [sys.executable, str(ROOT / "scripts" / "sitebuild.py"), "--settings", str(settings)]
    # The images plugin keeps its cache beside content/ (IMAGES["CACHE_PATH"] = "cache/images").
    return Tool("project", "project", settings, command, output, (corpus / "cache",))


# Stock Pelican as pelican-quickstart sets it up (10 articles a page), with what issue 9 asks:
# the default theme, no plugins, day/month/year archives, our article URLs and static folders.
STOCK_SETTINGS = """\
AUTHOR = "Ban Tuyên giáo"
SITENAME = "Liên đoàn Lao động tỉnh An Khang"
SITEURL = "http://localhost:8000"
RELATIVE_URLS = True
PATH = {content!r}
OUTPUT_PATH = {output!r}
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
# No plugins at all: without this line Pelican loads every installed namespace plugin.
PLUGINS = []
DEFAULT_PAGINATION = 10
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["pages", "images", "files"]
STATIC_PATHS = ["images", "files"]
FILENAME_METADATA = r"(?:\\d{{4}}-\\d{{2}}-\\d{{2}}-)?(?P<slug>.+)"
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/{{slug}}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/index.html"
DAY_ARCHIVE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{date:%d}}/index.html"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
"""


def stock_tool(corpus: Path) -> Tool:
    """Stock Pelican from the same .venv on the same content."""
    settings = corpus / "pelicanconf-stock.py"
    output, cache = corpus / "output-stock", corpus / "cache-stock"
    text = STOCK_SETTINGS.format(content=str(corpus / "content"), output=str(output), cache=str(cache))
    settings.write_text(text, encoding="utf-8")
    command = [str(Path(sys.executable).with_name("pelican")), "--settings", str(settings)]
    return Tool("stock", "stock Pelican", settings, command, output, (cache,))


# --- One build in a child process: time, CPU, peak memory of the whole tree ------------------


@dataclass
class Build:
    """What one build cost and left behind."""

    seconds: float
    cpu_seconds: float
    # Peaks of the whole process tree: summed RSS counts a page shared by two processes (a
    # forked worker's copy-on-write memory) twice; summed PSS splits it between them. None for
    # a build timed without sampling its memory.
    peak_rss_mib: float | None
    peak_pss_mib: float | None
    # Each command's own peak (pelican or python, pagefind, ...): they need not coincide.
    peak_pss_mib_by_process: dict[str, float] = field(default_factory=dict)
    peak_rss_mib_by_process: dict[str, float] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    changed: int | None = None
    changed_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProcessStat:
    """What /proc/<pid>/stat says about one process: its command name, parent and RSS."""

    name: str
    parent: int
    rss: int


def parse_stat(text: str) -> ProcessStat:
    """Read /proc/<pid>/stat: the name sits in parentheses and may itself hold ") "."""
    name = text[text.index("(") + 1 : text.rindex(")")]
    fields = text.rsplit(")", 1)[1].split()
    # Fields after the name start at 3: field 4 is the parent, field 24 the RSS in pages.
    return ProcessStat(name, int(fields[1]), int(fields[21]) * PAGE_SIZE)


def parse_pss(text: str) -> int | None:
    """Bytes of the "Pss:" line of /proc/<pid>/smaps_rollup (given in kB), None without one."""
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return None


def process_pss(pid: int, rss: int) -> int:
    """The proportional set size of one process; its RSS where the kernel gives no PSS."""
    try:
        found = parse_pss(Path(f"/proc/{pid}/smaps_rollup").read_text())
    except OSError:
        found = None
    return rss if found is None else found


@dataclass
class Peaks:
    """Highest sums seen so far: of the whole tree and of each command name, in bytes."""

    tree: int = 0
    by_name: dict[str, int] = field(default_factory=dict)

    def add(self, by_name: dict[str, int]) -> None:
        """One sample: bytes per command name."""
        self.tree = max(self.tree, sum(by_name.values()))
        for name, size in by_name.items():
            self.by_name[name] = max(self.by_name.get(name, 0), size)

    def mib_by_name(self) -> dict[str, float]:
        """Each command's peak in MiB, sorted by name."""
        return {name: round(size / MIB, 1) for name, size in sorted(self.by_name.items())}


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.parents: dict[int, int] = {}
        self.rss, self.pss = Peaks(), Peaks()
        self.done = threading.Event()

    def parent_of(self, pid: int) -> int:
        """The parent of pid, read once per pid from /proc/<pid>/stat."""
        if pid not in self.parents:
            try:
                self.parents[pid] = parse_stat(Path(f"/proc/{pid}/stat").read_text()).parent
            except (OSError, IndexError, ValueError):
                self.parents[pid] = -1
        return self.parents[pid]

    def tree(self) -> list[int]:
        """The root and every live descendant."""
        live = [int(name) for name in os.listdir("/proc") if name.isdigit()]
        children: dict[int, list[int]] = {}
        for pid in live:
            children.setdefault(self.parent_of(pid), []).append(pid)
        found, queue = [], [self.root]
        while queue:
            pid = queue.pop()
            found.append(pid)
            queue.extend(children.get(pid, []))
        return found

    def sample(self) -> tuple[dict[str, int], dict[str, int]]:
        """RSS and PSS of the tree now, in bytes, each summed by command name (python, pagefind)."""
        rss: dict[str, int] = {}
        pss: dict[str, int] = {}
        for pid in self.tree():
            try:
                stat = parse_stat(Path(f"/proc/{pid}/stat").read_text())
            except (OSError, IndexError, ValueError):
                continue
            rss[stat.name] = rss.get(stat.name, 0) + stat.rss
            pss[stat.name] = pss.get(stat.name, 0) + process_pss(pid, stat.rss)
        return rss, pss

    def run(self) -> None:
        while not self.done.wait(SAMPLE_EVERY):
            rss, pss = self.sample()
            self.rss.add(rss)
            self.pss.add(pss)


def run_build(command: list[str], cwd: Path, log: Path, sample_memory: bool = True) -> Build:
    """Run one build to its end, sampling its memory or not; fail loudly (with its log) when it fails.

    The sampler reads each process's /proc/PID/smaps_rollup, about 4 ms for a build's process
    of 400 MiB, every 50 ms: 0.7 s of CPU over an edit rebuild of 10,000 articles, which a
    build that keeps both cores busy pays (5.1 s became 5.4 s), and one on one core does not.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        memory = TreeMemory(child.pid)
        if sample_memory:
            memory.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        if sample_memory:
            memory.done.set()
            memory.join()
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"build failed (exit {child.returncode}): {' '.join(command)}\n{tail}")
    if not sample_memory:
        return Build(seconds, usage.ru_utime + usage.ru_stime, peak_rss_mib=None, peak_pss_mib=None)
    return Build(
        seconds,
        usage.ru_utime + usage.ru_stime,
        peak_rss_mib=memory.rss.tree / MIB,
        peak_pss_mib=memory.pss.tree / MIB,
        peak_pss_mib_by_process=memory.pss.mib_by_name(),
        peak_rss_mib_by_process=memory.rss.mib_by_name(),
    )


# --- Output trees: size, files, what changed ------------------------------------------------


def tree_digests(folder: Path) -> dict[str, str]:
    """blake2b of every file under folder, by relative path."""
    found = {}
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            with path.open("rb") as handle:
                found[path.relative_to(folder).as_posix()] = hashlib.file_digest(
                    handle, "blake2b"
                ).hexdigest()
    return found


def tree_size(folder: Path) -> tuple[int, int]:
    """Number of files and bytes under folder."""
    files = size = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.stat(os.path.join(directory, name)).st_size
    return files, size


def by_folder(names: list[str]) -> dict[str, int]:
    """How many names per top folder, years folded into YYYY, most first ("pagefind": 200)."""
    counts: dict[str, int] = {}
    for name in names:
        top = name.split("/", 1)[0] if "/" in name else "(root)"
        top = "YYYY" if top.isdigit() and len(top) == 4 else top
        counts[top] = counts.get(top, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files changed, added or removed between two trees, sorted."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


# --- The scenarios ----------------------------------------------------------------------------


@dataclass
class Corpus:
    """The corpus of one size, its two builds and what the last build of each left."""

    size: int
    folder: Path
    tools: list[Tool]
    digests: dict[str, dict[str, str]] = field(default_factory=dict)
    results: dict[str, dict[str, list[Build]]] = field(default_factory=dict)

    @property
    def content(self) -> Path:
        return self.folder / "content"


def shown(path: Path) -> str:
    """A path as printed: relative to the checkout when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def progress(message: str) -> None:
    """A time-stamped progress line (the whole benchmark takes many minutes)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def measure(corpus: Corpus, tool: Tool, scenario: str, run: int) -> Build:
    """Build with `tool`; record time, memory, output size and the files that changed."""
    log = corpus.folder / "logs" / f"{tool.name}-{scenario}-{run}.log"
    build = run_build(tool.command, corpus.folder, log, sample_memory=run == 0)
    after = tree_digests(tool.output)
    build.files, build.bytes = tree_size(tool.output)
    if scenario != "cold" and tool.name in corpus.digests:
        names = changed_files(corpus.digests[tool.name], after)
        build.changed, build.changed_names = len(names), names
    corpus.digests[tool.name] = after
    corpus.results.setdefault(tool.name, {}).setdefault(scenario, []).append(build)
    changed = "" if build.changed is None else f", {build.changed} files changed"
    memory = (
        "memory not sampled"
        if build.peak_pss_mib is None
        else f"peak {build.peak_pss_mib:.0f} MiB PSS ({build.peak_rss_mib:.0f} MiB RSS)"
    )
    progress(
        f"N={corpus.size:,} {tool.label}: {SCENARIOS.get(scenario, scenario)} {run + 1}: "
        f"{build.seconds:.1f} s, {memory}{changed}"
    )
    return build


def cold_builds(corpus: Corpus, runs: int) -> None:
    """Every tool from nothing, RUNS times (tools alternate, so both see the same machine load)."""
    for run in range(runs):
        for tool in corpus.tools:
            tool.clean()
            measure(corpus, tool, "cold", run)


def unchanged_build(corpus: Corpus) -> None:
    """One more build of the same content: every file should come out byte-identical."""
    for tool in corpus.tools:
        measure(corpus, tool, "unchanged", 0)


def article_to_edit(content: Path, run: int) -> Path:
    """A news article (not a document, not a page), a different one each run."""
    news = sorted(
        path
        for path in content.glob("*/*/*.md")
        if path.parts[-3] not in ("van-ban", "pages") and "bai-moi-them" not in path.name
    )
    return news[(len(news) // 3 + run * 101) % len(news)]


def edit_article(content: Path, run: int, originals: dict[Path, bytes]) -> Path:
    """Change the last sentence of one article (another one each run); keep its first bytes."""
    path = article_to_edit(content, run)
    text = path.read_text(encoding="utf-8")
    originals.setdefault(path, text.encode("utf-8"))
    path.write_text(bench_corpus.edited_text(text, run + 1), encoding="utf-8")
    return path


def add_article(content: Path, run: int, added: list[Path]) -> Path:
    """Write the benchmark's new article of this run (the newest of the site)."""
    relative, text = bench_corpus.added_article(run)
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    added.append(path)
    return path


@dataclass
class Changes:
    """What a benchmark made to the corpus, for restore(): edited files' first bytes, added files."""

    originals: dict[Path, bytes] = field(default_factory=dict)
    added: list[Path] = field(default_factory=list)


def edit_builds(corpus: Corpus, runs: int, changed: Changes) -> None:
    """Change one sentence of one article, rebuild with every tool; another article each run."""
    for run in range(runs):
        edit_article(corpus.content, run, changed.originals)
        for tool in corpus.tools:
            measure(corpus, tool, "edit", run)


def add_and_delete_builds(corpus: Corpus, runs: int, changed: Changes) -> None:
    """Add one new article and rebuild; delete it and rebuild."""
    for run in range(runs):
        path = add_article(corpus.content, run, changed.added)
        for tool in corpus.tools:
            measure(corpus, tool, "add", run)
        path.unlink()
        for tool in corpus.tools:
            measure(corpus, tool, "delete", run)


def restore(corpus: Corpus, changed: Changes) -> None:
    """Put the corpus back as generated (its stamp marks it finished again)."""
    for path, data in changed.originals.items():
        path.write_bytes(data)
    for path in changed.added:
        path.unlink(missing_ok=True)
    (corpus.folder / bench_corpus.STAMP).write_text(bench_corpus.stamp_for(corpus.size), encoding="utf-8")


def benchmark(size: int, runs: int) -> Corpus:
    """Every scenario for one corpus size."""
    folder = BENCH / f"corpus-{size}"
    progress(f"N={size:,}: corpus in {shown(folder)}/content")
    bench_corpus.write_corpus(folder, size)
    corpus = Corpus(size, folder, [project_tool(folder), stock_tool(folder)])
    cold_builds(corpus, runs)
    unchanged_build(corpus)
    changed = Changes()
    # Until restored, the corpus is not the generated one: without its stamp it is rewritten next time.
    (folder / bench_corpus.STAMP).unlink()
    try:
        edit_builds(corpus, runs, changed)
        add_and_delete_builds(corpus, runs, changed)
    finally:
        restore(corpus, changed)
    return corpus


# --- Report -----------------------------------------------------------------------------------


def median(builds: list[Build], attribute: str) -> float | None:
    """Median of one attribute over the runs, None when there are none."""
    values = [getattr(b, attribute) for b in builds if getattr(b, attribute) is not None]
    return statistics.median(values) if values else None


def peaks_by_process(builds: dict[str, list[Build]], attribute: str) -> dict[str, dict[str, float]]:
    """{command: {tool: its highest peak over every build}} from each build's per-command peaks."""
    found: dict[str, dict[str, float]] = {}
    for tool, runs in builds.items():
        for build in runs:
            for name, mib in getattr(build, attribute).items():
                found.setdefault(name, {})[tool] = max(found.get(name, {}).get(tool, 0.0), mib)
    return found


def memory_summary(results: dict[str, dict[str, list[Build]]]) -> dict[str, Any]:
    """Each tool's highest peak over every scenario, in PSS and RSS, of the tree and per program."""
    builds = {
        tool: [b for runs in scenarios.values() for b in runs if b.peak_pss_mib is not None]
        for tool, scenarios in results.items()
    }
    return {
        "peak_pss_mib": {tool: max(b.peak_pss_mib for b in found) for tool, found in builds.items()},
        "peak_rss_mib": {tool: max(b.peak_rss_mib for b in found) for tool, found in builds.items()},
        "peak_pss_mib_by_process": peaks_by_process(builds, "peak_pss_mib_by_process"),
        "peak_rss_mib_by_process": peaks_by_process(builds, "peak_rss_mib_by_process"),
    }


def summary(corpus: Corpus) -> dict[str, Any]:
    """Medians per tool and scenario, and the ratios and verdicts against the targets."""
    medians = {
        tool: {
            scenario: {
                key: median(builds, key) for key in ("seconds", "cpu_seconds", "peak_pss_mib", "changed")
            }
            for scenario, builds in scenarios.items()
        }
        for tool, scenarios in corpus.results.items()
    }
    ratios = {
        scenario: medians["project"][scenario]["seconds"] / medians["stock"][scenario]["seconds"]
        for scenario in SCENARIOS
    }
    cold = {tool: s["cold"][-1] for tool, s in corpus.results.items()}
    unchanged = {tool: s["unchanged"][0] for tool, s in corpus.results.items()}
    return {
        "medians": medians,
        "ratios": ratios,
        **memory_summary(corpus.results),
        "output": {tool: {"files": b.files, "bytes": b.bytes} for tool, b in cold.items()},
        "changed_by_folder": {
            scenario: {
                tool: by_folder(corpus.results[tool][scenario][-1].changed_names) for tool in corpus.results
            }
            for scenario in ("unchanged", "edit", "add", "delete")
        },
        "unchanged_differ": {
            tool: {"count": b.changed, "names": b.changed_names[:10]} for tool, b in unchanged.items()
        },
    }


def verdict(value: float | None, limit: float) -> str:
    """OK or OVER against a limit."""
    if value is None:
        return ""
    return "OK" if value <= limit else "OVER"


def table_rows(data: dict[str, Any]) -> Iterator[tuple[str, ...]]:
    """Rows of the printed table: metric, project, stock, ratio, target, verdict."""
    medians, ratios = data["medians"], data["ratios"]
    for scenario, label in SCENARIOS.items():
        project, stock = medians["project"][scenario]["seconds"], medians["stock"][scenario]["seconds"]
        target = TARGETS.get(scenario)
        limit = f"<= {target}x" if target else ""
        ok = verdict(ratios[scenario], target) if target else ""
        yield f"{label} (s)", f"{project:.1f}", f"{stock:.1f}", f"{ratios[scenario]:.2f}x", limit, ok
    for scenario in ("cold", "edit"):
        project, stock = (
            medians["project"][scenario]["cpu_seconds"],
            medians["stock"][scenario]["cpu_seconds"],
        )
        yield f"  CPU time, {SCENARIOS[scenario]} (s)", f"{project:.1f}", f"{stock:.1f}", "", "", ""
    yield from memory_rows(data)
    output = data["output"]
    yield "output size (MB)", *(f"{output[t]['bytes'] / 1e6:.1f}" for t in ("project", "stock")), "", "", ""
    yield "output files", *(f"{output[t]['files']:,}" for t in ("project", "stock")), "", "", ""
    for scenario in ("edit", "add", "delete"):
        values = (medians[t][scenario]["changed"] for t in ("project", "stock"))
        yield f"files changed: {SCENARIOS[scenario][14:]}", *(f"{v:,.0f}" for v in values), "", "", ""
    differ = data["unchanged_differ"]
    values = (differ[t]["count"] for t in ("project", "stock"))
    count = differ["project"]["count"]
    yield (
        "files differing, 2 builds unchanged",
        *(f"{v:,}" for v in values),
        "",
        "0",
        "OK" if count == 0 else "DIFFER",
    )


def memory_rows(data: dict[str, Any]) -> Iterator[tuple[str, ...]]:
    """Peak memory: summed PSS (checked against the target), summed RSS, each program's PSS.

    Results written before PSS was sampled have RSS only ("peak_mib"): shown as the RSS row.
    """
    pss, rss = data.get("peak_pss_mib"), data.get("peak_rss_mib", data.get("peak_mib"))
    if pss:
        cells = (f"{pss[t]:.0f}" for t in ("project", "stock"))
        ok = verdict(pss["project"], MEMORY_LIMIT_MIB)
        yield "peak memory, process tree, PSS (MiB)", *cells, "", f"<= {MEMORY_LIMIT_MIB}", ok
    if rss:
        cells = (f"{rss[t]:.0f}" for t in ("project", "stock"))
        yield "peak memory, process tree, RSS (MiB)", *cells, "", "", ""
    measure = "PSS" if pss else "RSS"
    by_process = data.get(f"peak_{measure.lower()}_mib_by_process", data.get("peak_mib_by_process", {}))
    for name, tools in sorted(by_process.items()):
        if max(tools.values()) >= 20:  # leave out shells and launchers
            cells = (f"{tools[t]:.0f}" if t in tools else "" for t in ("project", "stock"))
            yield f"  of which {name} alone, {measure}", *cells, "", "", ""


HEADER = ("", "project", "stock", "ratio", "target", "")


def notes(data: dict[str, Any]) -> Iterator[str]:
    """Lines under the table: changed files by folder, and the files two unchanged builds differ in."""
    for scenario, tools in data["changed_by_folder"].items():
        for tool, folders in tools.items():
            shown = ", ".join(f"{name} {count:,}" for name, count in list(folders.items())[:8])
            what = (
                "differing after a rebuild of unchanged content"
                if scenario == "unchanged"
                else (f"changed by {SCENARIOS[scenario][14:]} (last run)")
            )
            yield f"{tool}, files {what}, by folder: {shown or 'none'}"
    for tool, differ in data["unchanged_differ"].items():
        if differ["count"]:
            yield f"{tool}: files that differ between two builds of unchanged content: " + ", ".join(
                differ["names"]
            )


def print_table(size: int, data: dict[str, Any], runs: int) -> None:
    """The results of one size as a table, then the notes."""
    rows = [HEADER, *table_rows(data)]
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    print(f"\nN = {size:,} articles, medians of {runs} run(s):")
    for row in rows:
        cells = "".join("  " + cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        print("  " + row[0].ljust(widths[0]) + cells)
    for line in notes(data):
        print("  " + line)
    print(flush=True)


def print_markdown(results: list[Path]) -> None:
    """Results files as the Markdown tables docs/performance.md shows; with files of two sizes,
    the cold build's scaling between them (the files may come from separate runs)."""
    payloads = [json.loads(path.read_text(encoding="utf-8")) for path in results]
    for payload in payloads:
        print_markdown_table(payload)
    if len(payloads) > 1:
        found = scaling_ratios({payload["articles"]: payload["summary"] for payload in payloads})
    else:  # what its own run found, if it ran two sizes
        found = payloads[0].get("scaling")
    if found:
        print(scaling_line(found))


def print_markdown_table(payload: dict[str, Any]) -> None:
    """One results file's table and notes."""
    data = payload["summary"]
    size, runs, when = payload["articles"], payload["runs"], payload["machine"]["date"]
    print(f"N = {size:,} articles, medians of {runs} run(s), {when}:\n")
    print("| " + " | ".join(HEADER[:5]) + " |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in table_rows(data):
        cells = [row[0].strip(), *row[1:4], f"{row[4]} {row[5]}".strip()]
        print("| " + " | ".join(cells).replace("<=", "≤") + " |")
    print()
    for line in notes(data):
        print(f"- {line}")


def scaling_line(found: dict[str, Any]) -> str:
    """The Markdown note of a scaling found by scaling_ratios."""
    return (
        f"- cold build, time at {found['to']:,} over time at {found['from']:,}: "
        f"project {found['project']:.2f}, stock {found['stock']:.2f} (target ≤ {found['target']:.2f})"
    )


def scaling_ratios(summaries: dict[int, dict[str, Any]]) -> dict[str, Any] | None:
    """Cold build time at the largest N over the smallest, with its target: 2.1 for twice the
    articles, in proportion for other sizes. None for fewer than two sizes."""
    if len(summaries) < 2:
        return None
    small, large = min(summaries), max(summaries)
    found = {"from": small, "to": large, "target": SCALING_TARGET * (large / small) / 2}
    for tool in ("project", "stock"):
        times = [summaries[n]["medians"][tool]["cold"]["seconds"] for n in (small, large)]
        found[tool] = times[1] / times[0]
    return found


def scaling(summaries: dict[int, dict[str, Any]]) -> dict[str, Any] | None:
    """scaling_ratios, printed with its verdict (a benchmark run of several sizes)."""
    found = scaling_ratios(summaries)
    if found is not None:
        print(
            f"cold build, time at {found['to']:,} over time at {found['from']:,}: project "
            f"{found['project']:.2f} (target <= {found['target']:.2f}: "
            f"{verdict(found['project'], found['target'])}), stock {found['stock']:.2f}"
        )
    return found


def machine() -> dict[str, Any]:
    """Where the numbers were taken."""
    return {
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def as_json(build: Build) -> dict[str, Any]:
    """One build for the results file: the first ten names of changed files are enough."""
    return {
        **asdict(build),
        "changed_names": build.changed_names[:10],
        "changed_by_folder": by_folder(build.changed_names),
    }


def write_results(corpus: Corpus, data: dict[str, Any], runs: int, scale: dict | None) -> Path:
    """Every run and the summary as JSON, so docs/performance.md can be regenerated."""
    path = BENCH / f"results-{corpus.size}.json"
    payload = {
        "articles": corpus.size,
        "runs": runs,
        "machine": machine(),
        "targets": {**TARGETS, "memory_mib": MEMORY_LIMIT_MIB, "scaling": SCALING_TARGET},
        "summary": data,
        "scaling": scale,
        "builds": {
            tool: {scenario: [as_json(build) for build in builds] for scenario, builds in scenarios.items()}
            for tool, scenarios in corpus.results.items()
        },
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# --- Profile ----------------------------------------------------------------------------------

# Where a build's time goes, as (phase, function): each function's cumulative time in the profile,
# or its wall-clock time in the timed build. Indented rows run inside the row above them.
STARTUP = "start-up: Python, and the benchmark's own imports"
IMPORTS = "imports: Pelican, Markdown, the plugins' modules"
PROCESS = "whole process, start to exit"
PHASES = [
    ("read settings (pelicanconf.py)", "sitebuild:load_settings"),
    ("remove leftovers of an interrupted build", "sitebuild:remove_leftovers"),
    ("Pelican set-up: settings, plugins, `initialized` handlers", "pelican:Pelican.__init__"),
    ("  of which images: process every photo (before reading)", "images:start_catalog"),
    ("  of which content cache: stamp of code, settings, images", "performance:drop_stale_content_cache"),
    ("  of which progress: count the source files", "progress:start"),
    ("load Pelican's content cache (both generators)", "pelican.cache:FileDataCacher.__init__"),
    (
        "read articles (Markdown, metadata, plugins' grouping)",
        "pelican.generators:ArticlesGenerator.generate_context",
    ),
    ("  of which each file: cache look-up (sha256) or reading", "pelican.readers:Readers.read_file"),
    ("  of which Markdown to HTML", "markdown.core:Markdown.convert"),
    ("  of which archives: group articles, related, calendars", "archives:group_articles"),
    ("  of which documents: collect and link", "documents:collect_documents"),
    ("  of which save Pelican's content cache", "pelican.cache:FileDataCacher.save_cache"),
    ("read pages", "pelican.generators:PagesGenerator.generate_context"),
    ("find static files", "pelican.generators:StaticGenerator.generate_context"),
    ("freeze every URL (performance)", "performance:freeze_content_urls"),
    # In a staged build on two cores the checks run in a forked process while the pages are
    # queued (only the fork is timed here, the rows below stay empty): see "wait" further down.
    ("content checks (content_guard and plugins' checks)", "content_guard:stop_on_content_errors"),
    ("  of which read every source file again", "content_guard:build_index"),
    ("  of which the table of checks", "content_guard:run_checks"),
    ("write article pages", "pelican.generators:ArticlesGenerator.generate_articles"),
    (
        "write home, search, site map, lists (direct templates)",
        "pelican.generators:ArticlesGenerator.generate_direct_templates",
    ),
    ("write the all-articles feed", "pelican.generators:ArticlesGenerator.generate_feeds"),
    ("write day/month/year, category, tag, author pages, feeds", "archives:write_archive_pages"),
    ("write document lists and JSON", "documents:write_document_lists"),
    ("write host files (.htaccess, 404, redirects)", "hosting:write_host_files"),
    ("write pages", "pelican.generators:PagesGenerator.generate_output"),
    ("copy static files", "pelican.generators:StaticGenerator.generate_output"),
    ("images: link derivatives into the output", "images:ImagesGenerator.generate_output"),
    ("sitemap and robots.txt", "crawlers:CrawlerFilesGenerator.generate_output"),
    ("write the queued pages (performance's writer)", "performance.writer:ParallelWriter.flush"),
    ("  of which render keys (digest of each page's inputs)", "performance.writer:key_pages"),
    ("    of which fingerprints of every article (both cores)", "performance.writer:fingerprint_contents"),
    ("    of which the site digest and each page's key", "performance.writer:assign_keys"),
    ("  of which wait for the content checks (run meanwhile)", "content_guard:wait_for_checks"),
    ("  of which keep unchanged pages (hard links)", "performance.writer:link_unchanged"),
    ("  of which render the other pages, over the workers", "performance.writer:render_all"),
    ("search index (Pagefind)", "search:build_index"),
    ("  of which find and prepare the written pages", "search:prepared_pages"),
    ("  of which Pagefind on the parts not cached", "search.parts:PartBundles.build"),
    ("  of which merge the parts into one bundle", "search:merge_bundles"),
    ("  of which keep the merged bundle in the cache", "search.cache:BundleCache.store"),
    ("  of which link each page's record", "search:write_records"),
    ("swap the new output in", "sitebuild:swap_in"),
    ("all templates rendered and written (across phases)", "pelican.writers:Writer.write_file"),
    ("whole build", "sitebuild:build"),
]
# Rows only the timed build has (no function to find in a profile).
TIMED_ONLY = (STARTUP, IMPORTS, PROCESS)


def profile_key(target: str) -> tuple[str, int, str] | None:
    """The (file, first line, name) pstats uses for "module:Qualified.name", None if not found."""
    module_name, _, qualified = target.partition(":")
    try:
        found: Any = importlib.import_module(module_name)
        for part in qualified.split("."):
            found = getattr(found, part)
        code = inspect.unwrap(found).__code__
    except (ImportError, AttributeError):
        return None
    return code.co_filename, code.co_firstlineno, code.co_name


def phase_times(stats: pstats.Stats) -> list[tuple[str, float | None]]:
    """Cumulative seconds of each phase's function in the profile."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    found = []
    for label, target in PHASES:
        key = profile_key(target)
        entry = table.get(key) if key else None
        found.append((label, entry[3] if entry else None))
    return found


def check_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Cumulative seconds of each content check (functions named check_* or *_problems in the plugins)."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    plugins = str(ROOT / "plugins")
    found = [
        (f"{Path(key[0]).parent.name}.{key[2]}", entry[3])
        for key, entry in table.items()
        if key[0].startswith(plugins) and (key[2].startswith("check_") or key[2].endswith("_problems"))
    ]
    return sorted(found, key=lambda item: -item[1])


def timed(original: Any, label: str, totals: dict[str, float]) -> Any:
    """`original` wrapped to add to totals[label] the wall-clock time during which at least one
    call is running: a nested call counts once, and so do calls overlapping in threads (the
    search parts' Pagefind runs, two at a time), which a per-call sum would count twice."""
    running = [0, 0.0]  # calls inside, and when the first of them began
    lock = threading.Lock()

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with lock:
            if running[0] == 0:
                running[1] = time.perf_counter()
            running[0] += 1
        try:
            return original(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1
                if running[0] == 0:
                    totals[label] = totals.get(label, 0.0) + time.perf_counter() - running[1]

    return wrapper


def time_phases_child(settings: str, results: str, started: str) -> int:
    """In the child: put a timer around each phase's function, build, write the times as JSON.

    Plugins connect their handlers when Pelican registers them, after this has replaced the
    module's functions, so the timed versions are the ones called. `started` is the parent's
    time.time() just before it started this process.
    """
    totals: dict[str, float] = {STARTUP: time.time() - float(started)}
    importing = time.perf_counter()
    for label, target in PHASES:
        module_name, _, qualified = target.partition(":")
        try:
            owner: Any = importlib.import_module(module_name)
            *path, name = qualified.split(".")
            for part in path:
                owner = getattr(owner, part)
            setattr(owner, name, timed(getattr(owner, name), label, totals))
        except (ImportError, AttributeError):
            continue
    import sitebuild

    totals[IMPORTS] = time.perf_counter() - importing
    code = sitebuild.main(["--settings", settings])
    Path(results).write_text(json.dumps(totals), encoding="utf-8")
    sitebuild.exit_at_once(code)  # as sitebuild's own command ends, so "whole process" compares
    return code


def print_phases(times: list[tuple[str, float | None]], heading: str) -> None:
    """Seconds of each phase and its share of the whole build."""
    total = dict(times).get("whole build") or 1.0
    print(heading)
    for label, seconds in times:
        shown = "n/a" if seconds is None else f"{seconds:8.1f} s  {100 * seconds / total:5.1f} %"
        print(f"  {label:<62} {shown}")


def timed_phases(measured: dict[str, float]) -> list[tuple[str, float | None]]:
    """The timed build's rows in order: start-up and imports, the phases, the whole process."""
    labels = [STARTUP, IMPORTS, *(label for label, _ in PHASES), PROCESS]
    return [(label, measured.get(label)) for label in labels]


# What a profiled build is: its name, and what is done to the corpus before each of its builds.
PROFILE_KINDS = {
    "cold": "cold project build",
    "edit": "project rebuild after editing 1 article (caches warm)",
    "add": "project rebuild after adding 1 article (caches warm)",
}


def before_profiled_build(kind: str, tool: Tool, content: Path, run: int, changed: Changes) -> None:
    """Cold: remove the output and every cache. Edit: change one sentence of one article.
    Add: write one new article."""
    if kind == "cold":
        tool.clean()
    elif kind == "add":
        add_article(content, run, changed.added)
    else:
        edit_article(content, run, changed.originals)


def profiled_builds(kind: str, corpus: Corpus, phases: Path, out: Path | None, changed: Changes) -> None:
    """One build with a timer around each phase, then one under cProfile (unless `out` is None)."""
    tool, folder, size = corpus.tools[0], corpus.folder, corpus.size
    suffix = "" if kind == "cold" else f"-{kind}"
    what = PROFILE_KINDS[kind]
    before_profiled_build(kind, tool, corpus.content, 0, changed)
    script = str(Path(__file__).resolve())
    command = [sys.executable, script, "--phase-child", str(tool.settings), str(phases), repr(time.time())]
    progress(f"N={size:,}: {what}, with a timer around each phase")
    build = run_build(command, folder, folder / "logs" / f"phases{suffix}.log")
    measured = json.loads(phases.read_text(encoding="utf-8"))
    phases.write_text(json.dumps({**measured, PROCESS: build.seconds}), encoding="utf-8")
    progress(f"N={size:,}: {build.seconds:.1f} s, peak {build.peak_pss_mib:.0f} MiB PSS")
    if out is None:
        return
    before_profiled_build(kind, tool, corpus.content, 1, changed)
    command = [sys.executable, "-m", "cProfile", "-o", str(out), *tool.command[1:]]
    progress(f"N={size:,}: {what}, under cProfile")
    build = run_build(command, folder, folder / "logs" / f"profile{suffix}.log")
    progress(f"N={size:,}: {build.seconds:.1f} s under the profiler, peak {build.peak_pss_mib:.0f} MiB PSS")


def run_profile(size: int, top: int, kind: str = "cold", timed_only: bool = False) -> None:
    """Two project builds of one kind (cold, or an edit or addition with warm caches): timed, then profiled.

    `timed_only` skips the profiled build (quicker, to compare two versions' phases).
    """
    folder = BENCH / f"corpus-{size}"
    progress(f"N={size:,}: corpus in {shown(folder)}/content")
    bench_corpus.write_corpus(folder, size)
    corpus = Corpus(size, folder, [project_tool(folder)])
    suffix = "" if kind == "cold" else f"-{kind}"
    phases, out = BENCH / f"phases{suffix}-{size}.json", BENCH / f"profile{suffix}-{size}.prof"
    changed = Changes()
    if kind != "cold":
        progress(f"N={size:,}: one build first, so every cache holds this code and this content")
        run_build(corpus.tools[0].command, folder, folder / "logs" / "warm-up.log")
        (folder / bench_corpus.STAMP).unlink()  # until restored, the corpus is not the generated one
    try:
        profiled_builds(kind, corpus, phases, None if timed_only else out, changed)
    finally:
        if kind != "cold":
            restore(corpus, changed)
    if timed_only:
        measured = json.loads(phases.read_text(encoding="utf-8"))
        print_phases(timed_phases(measured), "Phases (wall-clock seconds, no profiler):")
        return
    report_profile(out, phases, top)


def report_profile(out: Path, phases: Path, top: int) -> None:
    """The profile's top functions, the timed phases, the phases and checks under the profiler."""
    stats = pstats.Stats(str(out))
    for order in ("cumulative", "tottime"):
        print(f"\nTop {top} functions by {order} time:")
        stats.sort_stats(order).print_stats(top)
    measured = json.loads(phases.read_text(encoding="utf-8"))
    print_phases(timed_phases(measured), "Phases (wall-clock seconds, no profiler):")
    print_phases(
        phase_times(stats), "Phases under the profiler (it slows Python code, not Pagefind or Pillow):"
    )
    print("Content checks (under the profiler):")
    for name, seconds in check_times(stats)[:12]:
        print(f"  {name:<62} {seconds:8.1f} s")
    print(f"\nProfile saved to {shown(out)} (python -m pstats {shown(out)})")


# --- Command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Benchmark every size given (or profile one build of each)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--profile",
        nargs="?",
        const="cold",
        choices=sorted(PROFILE_KINDS),
        help="time and profile project builds instead: cold (the default), edit (one article "
        "edited, caches warm) or add (one article added, caches warm)",
    )
    parser.add_argument("--top", type=int, default=30, help="functions listed by --profile")
    parser.add_argument("--timed-only", action="store_true", help="--profile without the cProfile build")
    parser.add_argument("--markdown", type=Path, nargs="+", help="print results files as Markdown tables")
    parser.add_argument("--phase-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase_child:
        return time_phases_child(*args.phase_child)
    if args.markdown:
        print_markdown(args.markdown)
        return 0
    BENCH.mkdir(exist_ok=True)
    if args.profile:
        for size in args.articles:
            run_profile(size, args.top, args.profile, args.timed_only)
        return 0
    summaries: dict[int, dict[str, Any]] = {}
    corpora = {}
    for size in sorted(args.articles):
        corpora[size] = benchmark(size, args.runs)
        summaries[size] = summary(corpora[size])
        print_table(size, summaries[size], args.runs)
        written = write_results(corpora[size], summaries[size], args.runs, None)
        progress(f"results written to {shown(written)}")
    scale = scaling(summaries)
    if scale:
        for size, corpus in corpora.items():
            write_results(corpus, summaries[size], args.runs, scale)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
