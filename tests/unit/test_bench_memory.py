"""The benchmark's memory measure: PSS counts a page shared by forked processes once, RSS twice."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import bench

MIB = 1024 * 1024

# A process fills 64 MiB and forks; both wait for their stdin to close: the 64 MiB are shared
# copy-on-write.
FORKED_SHARER = textwrap.dedent(
    """
    import os, sys
    data = bytes(range(256)) * (256 * 1024)
    if os.fork() == 0:
        print("ready", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def forked_tree():
    """A parent and its forked child sharing 64 MiB; yields the parent's pid."""
    parent = subprocess.Popen(
        [sys.executable, "-c", FORKED_SHARER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout.readline().strip() == "ready"
        yield parent.pid
    finally:
        parent.stdin.close()  # both processes read end of file and exit
        parent.wait(timeout=10)


def test_pss_counts_memory_shared_by_a_forked_process_once(forked_tree):
    rss, pss = bench.TreeMemory(forked_tree).sample()
    python = next(name for name in rss if name.startswith("python"))
    assert rss[python] > 2 * 64 * MIB  # both processes count the 64 MiB in full
    assert 64 * MIB < pss[python] < 64 * MIB + 0.75 * 64 * MIB  # split between the two


def test_a_build_reports_both_peaks_and_each_program_in_both_measures(tmp_path):
    build = bench.run_build(
        [sys.executable, "-c", "data = bytes(range(256)) * (128 * 1024); import time; time.sleep(0.5)"],
        tmp_path,
        tmp_path / "memory.log",
    )
    assert 32 < build.peak_pss_mib <= build.peak_rss_mib
    python = next(name for name in build.peak_rss_mib_by_process if name.startswith("python"))
    assert 32 < build.peak_pss_mib_by_process[python] <= build.peak_rss_mib_by_process[python]


def test_a_build_timed_alone_reports_no_peak_and_the_summary_takes_the_sampled_ones(tmp_path):
    command = [sys.executable, "-c", "data = bytes(range(256)) * (128 * 1024); import time; time.sleep(0.5)"]
    sampled = bench.run_build(command, tmp_path, tmp_path / "a.log")
    alone = bench.run_build(command, tmp_path, tmp_path / "b.log", sample_memory=False)
    assert alone.seconds > 0 and alone.peak_pss_mib is None and alone.peak_rss_mib is None
    summary = bench.memory_summary({"project": {"cold": [sampled, alone]}})
    assert summary["peak_pss_mib"]["project"] == sampled.peak_pss_mib > 32


STAT = "4242 (my (odd) name) S 17 4242 4242 0 -1 4194304 " + " ".join(["0"] * 14) + " 2560 " + "0 " * 20


def test_stat_is_read_even_when_the_command_name_holds_parentheses():
    stat = bench.parse_stat(STAT)
    assert (stat.name, stat.parent, stat.rss) == ("my (odd) name", 17, 2560 * bench.PAGE_SIZE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rss:   1636 kB\nPss:    335 kB\nPss_Dirty:  116 kB\n", 335 * 1024),
        ("Rss:   1636 kB\n", None),
        ("", None),
    ],
)
def test_pss_is_read_from_smaps_rollup(text, expected):
    assert bench.parse_pss(text) == expected


def test_peaks_keep_the_highest_sum_of_the_tree_and_of_each_program():
    peaks = bench.Peaks()
    peaks.add({"python": 100 * MIB, "pagefind": 10 * MIB})
    peaks.add({"python": 20 * MIB, "pagefind": 200 * MIB})
    assert peaks.tree == 220 * MIB  # the second sample: the two programs' peaks never coincided
    assert peaks.mib_by_name() == {"pagefind": 200.0, "python": 100.0}


SUMMARY = {
    "peak_pss_mib": {"project": 900.4, "stock": 80.0},
    "peak_rss_mib": {"project": 1500.0, "stock": 85.0},
    "peak_pss_mib_by_process": {
        "python": {"project": 600.0},
        "pagefind": {"project": 300.0},
        "sh": {"stock": 1},
    },
    "peak_rss_mib_by_process": {"python": {"project": 1200.0}, "pagefind": {"project": 300.0}},
}


def test_the_pss_row_is_checked_against_the_target_and_the_rss_row_is_only_shown():
    rows = list(bench.memory_rows(SUMMARY))
    assert rows[0] == ("peak memory, process tree, PSS (MiB)", "900", "80", "", "<= 1024", "OK")
    assert rows[1] == ("peak memory, process tree, RSS (MiB)", "1500", "85", "", "", "")
    assert rows[2:] == [
        ("  of which pagefind alone, PSS", "300", "", "", "", ""),
        ("  of which python alone, PSS", "600", "", "", "", ""),
    ]


def test_pss_over_the_target_is_reported_over():
    rows = list(bench.memory_rows({**SUMMARY, "peak_pss_mib": {"project": 1100.0, "stock": 80.0}}))
    assert rows[0][-1] == "OVER"


def test_results_written_before_pss_was_sampled_show_their_rss():
    old = {
        "peak_mib": {"project": 518.0, "stock": 84.0},
        "peak_mib_by_process": {"pagefind": {"project": 386.0}},
    }
    assert list(bench.memory_rows(old)) == [
        ("peak memory, process tree, RSS (MiB)", "518", "84", "", "", ""),
        ("  of which pagefind alone, RSS", "386", "", "", "", ""),
    ]
