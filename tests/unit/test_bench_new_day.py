"""The benchmark names a rebuild after the date changed in Vietnam (since the tool's last build,
or while it ran): the build stamp holds the date, so that rebuild rendered every page, and its
time says nothing about what the scenario costs."""

from __future__ import annotations

from datetime import datetime

import bench


class Clock:
    """datetime.now() giving each time in turn."""

    def __init__(self, *times: datetime) -> None:
        self.times = list(times)

    def now(self, tz=None) -> datetime:
        return self.times.pop(0).astimezone(tz)


def measured(tmp_path, monkeypatch, *times: str) -> tuple[list[bench.Build], list[str]]:
    """Benchmark edit builds, each between two of the UTC times, and the summary's notes."""
    monkeypatch.setattr(bench, "datetime", Clock(*map(datetime.fromisoformat, times)))
    monkeypatch.setattr(bench, "run_build", lambda command, cwd, log: bench.Build(6.0, 7.0, 500.0, 400.0))
    output = tmp_path / "output"
    output.mkdir()
    tool = bench.Tool("project", "project", tmp_path / "s.py", ["true"], output, ())
    corpus = bench.Corpus(10_000, tmp_path, [tool])
    builds = [bench.measure(corpus, tool, "edit", run) for run in range(len(times) // 2)]
    data = {"changed_by_folder": {}, "unchanged_differ": {}, "new_day": bench.new_day_builds(corpus)}
    return builds, list(bench.notes(data))


def test_a_build_across_midnight_in_vietnam_is_named(tmp_path, monkeypatch, capsys):
    # 16:59:50 and 17:00:20 UTC are 23:59:50 on the 7th and 00:00:20 on the 8th in Vietnam.
    (build,), notes = measured(
        tmp_path, monkeypatch, "2026-12-07T16:59:50+00:00", "2026-12-07T17:00:20+00:00"
    )
    assert build.new_day
    assert "midnight in Vietnam" in capsys.readouterr().out
    assert notes == [
        f"project rebuild after editing 1 article 1: {bench.NEW_DAY} (its time is in the medians)"
    ]


def test_the_first_rebuild_of_a_new_day_in_vietnam_is_named(tmp_path, monkeypatch):
    # The evening's run: the second edit ended at 23:59:40 in Vietnam, the third began at 00:00:30.
    times = ["2026-12-07T16:59:34+00:00", "2026-12-07T16:59:40+00:00"]
    times += ["2026-12-07T17:00:30+00:00", "2026-12-07T17:00:58+00:00"]
    builds, notes = measured(tmp_path, monkeypatch, *times)
    assert [build.new_day for build in builds] == [False, True]
    assert notes == [
        f"project rebuild after editing 1 article 2: {bench.NEW_DAY} (its time is in the medians)"
    ]


def test_a_build_across_midnight_in_utc_only_is_not(tmp_path, monkeypatch):
    (build,), notes = measured(
        tmp_path, monkeypatch, "2026-12-07T23:59:50+00:00", "2026-12-08T00:00:20+00:00"
    )
    assert not build.new_day
    assert notes == []
