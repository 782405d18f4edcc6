"""The benchmark's scaling: cold build time at the larger size over the smaller, from one run
or from the results files of separate runs (`scripts/bench.py --markdown`)."""

from __future__ import annotations

import json

import pytest

import bench


def summary(project: float, stock: float) -> dict:
    """The part of a results file's summary the scaling reads: each tool's median cold build."""
    return {"medians": {"project": {"cold": {"seconds": project}}, "stock": {"cold": {"seconds": stock}}}}


def test_the_scaling_is_measured_against_a_target_in_proportion_to_the_sizes():
    found = bench.scaling_ratios({10_000: summary(60.0, 56.0), 20_000: summary(111.0, 134.4)})
    assert found == pytest.approx(
        {"from": 10_000, "to": 20_000, "target": 2.1, "project": 1.85, "stock": 2.4}
    )
    assert bench.scaling_ratios({2_000: summary(10.0, 9.0), 10_000: summary(60.0, 56.0)})["target"] == 5.25
    assert bench.scaling_ratios({10_000: summary(60.0, 56.0)}) is None


@pytest.fixture
def tables(monkeypatch) -> None:
    """Each file's table printed as one line naming its size."""
    monkeypatch.setattr(bench, "print_markdown_table", lambda payload: print(f"table {payload['articles']}"))


def results_file(tmp_path, size: int, project: float, stock: float, scaling=None):
    path = tmp_path / f"results-{size}.json"
    path.write_text(json.dumps({"articles": size, "summary": summary(project, stock), "scaling": scaling}))
    return path


def test_results_files_of_two_separate_runs_print_the_scaling_between_them(tmp_path, tables, capsys):
    files = [results_file(tmp_path, 10_000, 60.0, 56.0), results_file(tmp_path, 20_000, 108.0, 134.4)]
    bench.print_markdown(files)
    assert capsys.readouterr().out.splitlines() == [
        "table 10000",
        "table 20000",
        "- cold build, time at 20,000 over time at 10,000: project 1.80, stock 2.40 (target ≤ 2.10)",
    ]


def test_one_results_file_prints_the_scaling_its_own_run_found(tmp_path, tables, capsys):
    found = bench.scaling_ratios({10_000: summary(60.0, 56.0), 20_000: summary(120.0, 140.0)})
    bench.print_markdown([results_file(tmp_path, 20_000, 120.0, 140.0, scaling=found)])
    assert capsys.readouterr().out.splitlines() == [
        "table 20000",
        "- cold build, time at 20,000 over time at 10,000: project 2.00, stock 2.50 (target ≤ 2.10)",
    ]
