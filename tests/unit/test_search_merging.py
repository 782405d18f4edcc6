"""Splitting the indexed pages into parts for Pagefind, and merging the parts' words."""

from __future__ import annotations

from pathlib import Path

import search.merging as merging
from search.merging import (
    BundleWriter,
    Part,
    after_prefix,
    chunk_ranges,
    chunks_of,
    common_prefixes,
    hashed_name,
    merged_word,
    relabel_fields,
)
from search.parts import split_into_parts


def paths(parts: list[list[str]]) -> list[list[str]]:
    return [[path.split("/index.html")[0] for path in part] for part in parts]


def article(year: int, month: int, slug: str) -> str:
    return f"{year}/{month:02d}/01/{slug}/index.html"


def test_parts_hold_whole_years_while_they_fit():
    pages = sorted(
        [article(2019, 1, f"a{n}") for n in range(3)] + [article(2020, 5, f"b{n}") for n in range(2)]
    )
    pages += [f"van-ban/d{n}/index.html" for n in range(2)]
    parts = split_into_parts(pages, str, 4)
    assert [len(part) for part in parts] == [3, 4]
    assert all(path.startswith("2019/") for path in parts[0])


def test_a_year_too_big_for_a_part_is_split_by_month():
    pages = sorted([article(2019, month, f"a{n}") for month in (1, 2, 3) for n in range(2)])
    parts = split_into_parts(pages, str, 3)
    assert paths(parts) == [
        ["2019/01/01/a0", "2019/01/01/a1"],
        ["2019/02/01/a0", "2019/02/01/a1"],
        ["2019/03/01/a0", "2019/03/01/a1"],
    ]


def test_an_edit_or_an_addition_changes_only_its_own_part():
    pages = sorted([article(year, 1, f"a{n}") for year in (2018, 2019, 2020) for n in range(3)])
    before = split_into_parts(pages, str, 3)
    after = split_into_parts(sorted(pages + [article(2020, 2, "new")]), str, 3)
    assert before[:2] == after[:2] and after[2:] != before[2:]


def test_one_part_without_a_limit_or_for_a_small_site_and_runs_of_the_limit_in_a_flat_folder():
    pages = [f"van-ban/d{n}.html" for n in range(5)]
    assert split_into_parts(pages, str, None) == [pages]
    assert split_into_parts(pages, str, 5) == [pages]
    assert split_into_parts(pages, str, 2) == [pages[:2], pages[2:4], pages[4:]]
    assert split_into_parts([], str, 2) == [[]]


def test_chunks_close_on_the_word_that_reaches_the_limit():
    # A word's size: each page's locations and meta locations, and one.
    words = [["a", [[0, [1, 2], []]], []], ["b", [[0, [1], [3]], [2, [], []]], []], ["c", [[1, [5], []]], []]]
    assert [[word[0] for word in chunk] for chunk, _ in chunks_of(words, limit=3)] == [["a"], ["b"], ["c"]]
    assert [([word[0] for word in chunk], size) for chunk, size in chunks_of(words, limit=7)] == [
        (["a", "b"], 7),
        (["c"], 2),
    ]


def test_chunk_ranges_are_trimmed_to_the_prefixes_that_tell_neighbours_apart():
    assert common_prefixes("công", "cộng") == ("cô", "cộ")
    assert chunk_ranges([("an", "bao"), ("bay", "cu"), ("dan", "dan")]) == [
        ["an", "bao"],
        ["bay", "c"],
        ["d", "dan"],
    ]
    # Never a range that ends before it starts: "lao" would end before "lao dong".
    assert chunk_ranges([("laodong", "laodong"), ("lap", "x")]) == [["laodong", "laodong"], ["lap", "x"]]


def test_a_word_on_two_parts_lists_the_second_parts_pages_after_the_first():
    first, second = Part(Path("a"), "vi", [], 0), Part(Path("b"), "vi", [], 3)
    for part in (first, second):
        part.meta = ["1.5.2", [], [], [], [], ["title"]]
    # Page numbers are deltas: part a has the word on its pages 0 and 2, part b on its page 1.
    word = merged_word(
        [
            (first, ["doan", [[0, [4], []], [2, [7], []]], [["đoàn", [[2, [1], []]]]]]),
            (second, ["doan", [[1, [9], [-1, 0]]], [["đoàn", [[0, [3], []]]]]]),
        ],
        ["title"],
    )
    assert word == [
        "doan",
        [[0, [4], []], [2, [7], []], [2, [9], [-1, 0]]],  # pages 0, 2, then 3 + 1 = 4
        [["đoàn", [[2, [1], []], [1, [3], []]]]],  # pages 2, then 3 + 0 = 3
    ]


def test_meta_locations_are_renumbered_when_a_part_knows_other_fields():
    pages = [[0, [], [-1, 0, 2, -2, 1]]]  # field 0 at 0 and 2, field 1 at 1
    relabel_fields(pages, [1, 0])
    assert pages == [[0, [], [-2, 0, 2, -1, 1]]]


def test_file_names_grow_until_they_are_free():
    first = hashed_name("vi", b"x", set())
    assert first.startswith("vi_") and len(first) == 13
    longer = hashed_name("vi", b"x", {first})
    assert longer.startswith(first) and len(longer) == 14


def part_of_chunks(folder: Path, chunks: list[list[str]]) -> Part:
    """A part whose index holds these chunks of words (each word on page 0)."""
    writer = BundleWriter(folder, "vi")
    names = [
        writer.write("index", ".pf_index", [[[word, [[0, [1], []]], []] for word in chunk]])
        for chunk in chunks
    ]
    ranges = chunk_ranges([(chunk[0], chunk[-1]) for chunk in chunks])
    meta = [
        "1.5.2",
        [["vi_page", 1]],
        [[*bounds, name] for bounds, name in zip(ranges, names, strict=True)],
        [],
        [],
        [],
    ]
    return Part(folder, "vi", meta, 0)


def test_a_span_of_words_reads_only_the_chunks_that_can_hold_them(tmp_path, monkeypatch):
    part = part_of_chunks(tmp_path, [["apple", "apricot"], ["banana", "cath"], ["cathartic", "peach"]])
    assert [chunk[:2] for chunk in part.meta[2]] == [["apple", "apricot"], ["b", "cath"], ["catha", "peach"]]
    read = []
    original = merging.read_pagefind_file

    def counted(path):
        read.append(path.name)
        return original(path)

    monkeypatch.setattr(merging, "read_pagefind_file", counted)

    def words(span):
        read.clear()
        return [word for word, _part, _entry in part.words(span)], len(read)

    assert words((None, None)) == (["apple", "apricot", "banana", "cath", "cathartic", "peach"], 3)
    assert words((None, "cath")) == (["apple", "apricot", "banana"], 2)
    assert words(("cath", None)) == (["cath", "cathartic", "peach"], 2)  # "cath" could be in either
    assert words(("cathb", None)) == (["peach"], 2)  # "cath…" words could still be in the second
    assert words(("b", "c")) == (["banana"], 1)
    assert after_prefix("cath") == "cati" and after_prefix("") == "\U0010ffff"
