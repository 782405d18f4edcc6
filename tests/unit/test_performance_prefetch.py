"""How the uncached articles are shared between the build's process and the reading workers."""

from __future__ import annotations

import pytest
from performance.prefetch import PARENT_SHARE, split_shares


@pytest.mark.parametrize(("files", "workers"), [(10_000, 2), (10_000, 4), (9, 20), (1, 2), (0, 2), (201, 3)])
def test_every_file_is_read_once_in_order(files, workers):
    paths = [f"{number}.md" for number in range(files)]
    shares = split_shares(paths, workers)
    own = files - sum(map(len, shares))
    # The build's process keeps the first files; the workers' shares follow, in order, none empty.
    assert paths[own:] == [path for share in shares for path in share]
    assert all(shares) and len(shares) <= workers - 1


def test_the_build_process_keeps_a_smaller_share_than_a_worker():
    shares = split_shares([f"{number}.md" for number in range(10_000)], 2)
    assert len(shares) == 1
    assert 10_000 - len(shares[0]) == int(10_000 * PARENT_SHARE / 2) < len(shares[0])
