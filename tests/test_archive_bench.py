"""benchmarks/bench_archive.py builds its 10,000 reports by writing the revision folders directly and
indexing them afterwards: that must give the same files and the same answers as store_revision."""

from __future__ import annotations

from benchmarks import bench_archive
from reportgen.archive import Archive
from tests.test_archive_store import revision_dirs, tree


def test_written_revisions_are_the_committed_ones(tmp_path):
    reports = list(bench_archive.reports(8))
    committed, written = tmp_path / "committed", tmp_path / "written"
    bench_archive.populate(committed, len(reports), commit=True)
    bench_archive.populate(written, len(reports), commit=False)

    assert revision_dirs(written) == revision_dirs(committed) and len(revision_dirs(written)) == 8
    for key in revision_dirs(written):
        assert tree(written / key) == tree(committed / key), key
    with Archive.open(committed) as one, Archive.open(written) as other:
        assert one.notes == other.notes == []
        assert one.list() == other.list()
        for query in ("老挝", "友城", "挝", "加强交流", "认真贯彻落实", "与友城有关方面"):
            assert one.search(query, limit=100) == other.search(query, limit=100), query
        assert other.verify().ok and other.index.check() is None
