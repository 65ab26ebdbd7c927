"""How ``--jobs`` cuts the files into chunks (``pool.chunk_sizes``): large chunks first, then smaller ones, so
the workers finish together."""

from __future__ import annotations

import pytest

from xxgk_lint.pool import chunk_sizes


@pytest.mark.parametrize("n", [0, 1, 2, 7, 63, 64, 65, 999, 5000])
@pytest.mark.parametrize("jobs", [1, 2, 4, 16])
def test_every_file_once_in_chunks_that_only_shrink(n, jobs):
    sizes = chunk_sizes(n, jobs)
    assert sum(sizes) == n
    assert all(1 <= s <= 64 for s in sizes)
    assert sizes == sorted(sizes, reverse=True)


def test_large_first_and_single_files_last():
    sizes = chunk_sizes(999, 2)
    assert sizes[0] == 64 and sizes[-1] == 1
    # the last tenth of the files goes in chunks of a few files: a worker waits for at most one of them
    tail, left = [], 100
    for s in reversed(sizes):
        if left <= 0:
            break
        tail.append(s)
        left -= s
    assert max(tail) <= 16
