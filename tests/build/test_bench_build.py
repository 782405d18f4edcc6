"""`make bench` on a small corpus: both builds run as the benchmark runs them and agree on URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bench
import bench_corpus

ARTICLES = 40


@pytest.fixture(scope="module")
def benched(tmp_path_factory) -> bench.Corpus:
    """A corpus of ARTICLES built cold by the project and by stock Pelican, then once more unchanged."""
    folder = tmp_path_factory.mktemp("bench")
    bench_corpus.write_corpus(folder, ARTICLES)
    corpus = bench.Corpus(ARTICLES, folder, [bench.project_tool(folder), bench.stock_tool(folder)])
    bench.cold_builds(corpus, 1)
    bench.unchanged_build(corpus)
    return corpus


def generated_articles(content: Path) -> list[tuple[str, str, bool]]:
    """(day as YYYY/MM/DD, slug, is a document) of every generated article, from its file name."""
    return [
        (path.stem[:10].replace("-", "/"), path.stem[11:], path.parts[-3] == "van-ban")
        for path in sorted(content.glob("*/*/*.md"))
    ]


def test_the_project_builds_every_article_without_content_errors(benched):
    output = benched.tools[0].output
    articles = generated_articles(benched.content)
    assert len(articles) == ARTICLES
    urls = [f"van-ban/{slug}/" if document else f"{day}/{slug}/" for day, slug, document in articles]
    assert [url for url in urls if not (output / url / "index.html").is_file()] == []
    assert (output / "pagefind").is_dir()
    assert list((output / "images" / "bench").glob("*.webp"))


def test_stock_pelican_builds_the_same_articles_at_the_same_dated_urls(benched):
    output = benched.tools[1].output
    urls = [f"{day}/{slug}/" for day, slug, _ in generated_articles(benched.content)]
    assert [url for url in urls if not (output / url / "index.html").is_file()] == []
    assert (output / "2019" / "index.html").is_file()


def test_time_and_memory_of_the_whole_process_tree_are_measured(benched):
    for tool in ("project", "stock"):
        build = benched.results[tool]["cold"][0]
        assert build.seconds > 0 and build.cpu_seconds > 0
        assert 20 < build.peak_pss_mib <= build.peak_rss_mib < 2048
        assert build.files > ARTICLES


def test_two_builds_of_unchanged_content_give_the_same_files(benched):
    stock = benched.results["stock"]["unchanged"][0]
    assert stock.changed == 0
    project = benched.results["project"]["unchanged"][0]
    assert project.changed_names == []


def test_the_summary_checks_summed_pss_against_the_target_and_shows_rss_beside_it(benched):
    rows = {row[0].strip(): row for row in bench.memory_rows(bench.memory_summary(benched.results))}
    pss, rss = rows["peak memory, process tree, PSS (MiB)"], rows["peak memory, process tree, RSS (MiB)"]
    assert pss[4:] == ("<= 1024", "OK") and rss[4:] == ("", "")
    assert 20 < int(pss[1]) <= int(rss[1])
    assert "of which python alone, PSS" in rows


def test_profile_edit_times_a_warm_rebuild_after_one_edit_and_puts_the_corpus_back(
    benched, tmp_path, monkeypatch, capsys
):
    """`make bench PROFILE=edit`: a warm-up build, then a timed and a profiled rebuild, each after an edit."""
    monkeypatch.setattr(bench, "BENCH", tmp_path)
    (tmp_path / f"corpus-{ARTICLES}").symlink_to(benched.folder)
    before = bench_corpus.corpus_digest(benched.content)
    bench.run_profile(ARTICLES, 5, "edit")
    phases = json.loads((tmp_path / f"phases-edit-{ARTICLES}.json").read_text(encoding="utf-8"))
    for label in (
        bench.STARTUP,
        bench.IMPORTS,
        "load Pelican's content cache (both generators)",
        "content checks (content_guard and plugins' checks)",
        "whole build",
        bench.PROCESS,
    ):
        assert phases[label] > 0, label
    assert phases[bench.PROCESS] > phases["whole build"]
    assert (tmp_path / f"profile-edit-{ARTICLES}.prof").stat().st_size > 0
    # The second edit (profiled build) is published; then the corpus is as generated again.
    edited = bench.article_to_edit(benched.content, 1)
    page = benched.tools[0].output / edited.parent.name  # year folder
    sentence = bench_corpus.EDIT_SENTENCE.format(number=2)
    assert any(sentence in path.read_text(encoding="utf-8") for path in page.rglob("index.html"))
    assert bench_corpus.corpus_digest(benched.content) == before
    assert "Phases (wall-clock seconds, no profiler):" in capsys.readouterr().out


def test_profile_add_times_a_warm_rebuild_after_adding_an_article_and_puts_the_corpus_back(
    benched, tmp_path, monkeypatch, capsys
):
    """`make bench PROFILE=add`: a warm-up build, then a timed rebuild after adding one article."""
    monkeypatch.setattr(bench, "BENCH", tmp_path)
    (tmp_path / f"corpus-{ARTICLES}").symlink_to(benched.folder)
    before = bench_corpus.corpus_digest(benched.content)
    bench.run_profile(ARTICLES, 5, "add", timed_only=True)
    phases = json.loads((tmp_path / f"phases-add-{ARTICLES}.json").read_text(encoding="utf-8"))
    assert phases["whole build"] > 0 and phases[bench.PROCESS] > phases["whole build"]
    relative, _text = bench_corpus.added_article(0)
    slug = Path(relative).stem[11:]
    assert list(benched.tools[0].output.glob(f"2025/12/31/{slug}/index.html"))  # published
    assert bench_corpus.corpus_digest(benched.content) == before  # and removed again
    assert not (benched.content / relative).exists()
    assert "Phases (wall-clock seconds, no profiler):" in capsys.readouterr().out
