"""`kg build --store`: only new or changed articles are processed; a changed article replaces its graph."""
import shutil
import subprocess
import sys

from kg.sparql.store import Store

KG = [sys.executable, "-m", "kg.cli"]


def build(*args):
    return subprocess.run([*KG, "build", *map(str, args), "--quiet"], capture_output=True, text=True)


def test_incremental_store(tmp_path, raw_articles):
    src = tmp_path / "in"
    src.mkdir()
    files = sorted(raw_articles.glob("*.txt"))[:2]
    for f in files:
        shutil.copy(f, src / f.name)
    store = tmp_path / "store"
    r = build(src, "--store", store)
    assert r.returncode == 0, r.stderr
    assert "documents 2 built" in r.stderr
    with Store(store, read_only=True) as st:
        first = len(st)
        assert len(st.document_hashes()) == 2
    r = build(src, "--store", store)
    assert "documents 0 built, 2 unchanged" in r.stderr
    with Store(store, read_only=True) as st:
        assert len(st) == first                       # nothing duplicated
    # change one article: its graph is replaced, the other one is left alone
    changed = src / files[0].name
    changed.write_text(changed.read_text(encoding="utf8") + "\nRussia and Iran held talks on Monday.\n",
                       encoding="utf8")
    r = build(src, "--store", store, "-o", tmp_path / "all.trig")
    assert "documents 1 built, 1 unchanged" in r.stderr and "replaced 1 earlier version" in r.stderr
    with Store(store, read_only=True) as st:
        hashes = st.document_hashes()
        assert len(hashes) == 2                       # nothing stale
        names = [str(f) for f, in st.dataset().query(
            "SELECT ?f WHERE { ?d <https://w3id.org/newskg/ontology#fileName> ?f }")]
        assert sorted(names) == sorted(f.name for f in files)
    assert (tmp_path / "all.trig").stat().st_size > 1000
