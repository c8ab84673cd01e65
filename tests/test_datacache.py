"""The compiled actor cache: a hit equals a rebuild, a corrupt file is ignored, changed data gives a new key."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from kg.extract import datacache
from kg.extract.lexicon import DATA_DIR, actor_entries, build_actor_entries

WORLD = ("label\tclass\taliases\tcode\troles\tiso3\n"
         "Tamsin Orvel\tPerson\tT. Orvel\tZRVGOV\tZRVGOV@2001-02-03..2005-06-07\t\n"
         "Zorvan Liberation Front\tArmedGroup\tZLF|Zorvan Front\tZRVREB\t\t\n")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A small data folder in the bundled layout, with invented actors."""
    d = tmp_path / "data"
    d.mkdir()
    (d / "countries.tsv").write_text("# name\tdemonyms\tcapitals\taliases\nZorvania\tZorvan|Zorvans\tZorva City\t\n",
                                     encoding="utf8")
    (d / "actors.tsv").write_text("Kelvar Guard\tArmedGroup\tthe Guard\trebels:Zorvania\n", encoding="utf8")
    (d / "world_actors.tsv").write_text(WORLD, encoding="utf8")
    return d


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    """An empty cache directory that newskg uses for the test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(datacache.ENV, str(folder))
    return folder


def _files(cache: Path) -> list[Path]:
    return sorted(cache.glob("actors-*.pickle"))


def test_a_cache_hit_gives_the_table_a_rebuild_gives(data_dir, cache):
    built = actor_entries(data_dir)
    assert len(_files(cache)) == 1
    hit = actor_entries(data_dir)
    assert hit == build_actor_entries(data_dir) == built
    assert list(hit) == list(built)                      # the order of the entries too
    assert hit["Tamsin Orvel"].roles[0].start.isoformat() == "2001-02-03"


def test_the_bundled_table_round_trips(cache):
    first = actor_entries(DATA_DIR)
    assert actor_entries(DATA_DIR) == first == build_actor_entries(DATA_DIR)


def test_a_hit_is_read_from_the_cache_not_rebuilt(data_dir, cache, monkeypatch):
    actor_entries(data_dir)
    import kg.extract.lexicon as lexicon

    monkeypatch.setattr(lexicon, "build_actor_entries", lambda *a: pytest.fail("rebuilt on a cache hit"))
    assert "Zorvania" in actor_entries(data_dir)


@pytest.mark.parametrize("junk", [b"", b"not a pickle", pickle.dumps(("other key", {"x": 1}))[:-3],
                                  pickle.dumps(("other key", {"x": 1}))])
def test_a_corrupt_or_foreign_cache_file_is_ignored(data_dir, cache, junk):
    expected = actor_entries(data_dir)
    (path,) = _files(cache)
    path.write_bytes(junk)
    assert actor_entries(data_dir) == expected
    assert pickle.loads(path.read_bytes())[1] == expected     # and rewritten


def test_changed_data_or_a_user_table_gives_a_new_key(data_dir, cache, tmp_path):
    actor_entries(data_dir)
    with open(data_dir / "world_actors.tsv", "a", encoding="utf8") as f:
        f.write("Orsk Relief\tOrganization\tOrsk Aid Group\t\t\t\n")
    changed = actor_entries(data_dir)
    assert "Orsk Relief" in changed and len(_files(cache)) == 2
    user = tmp_path / "mine.tsv"
    user.write_text("label\tclass\taliases\nKelvar Guard\tCoalition\tKG Alliance\n", encoding="utf8")
    mine = actor_entries(data_dir, (str(user),))
    assert mine["Kelvar Guard"].cls == "Coalition" and len(_files(cache)) == 3
    assert actor_entries(data_dir)["Kelvar Guard"].cls == "ArmedGroup"


def test_a_malformed_user_table_still_raises_and_is_not_cached(data_dir, cache, tmp_path):
    from kg.extract.actordict import ActorTableError

    bad = tmp_path / "bad.tsv"
    bad.write_text("label\tclass\taliases\nSomeone\tNoSuchClass\t\n", encoding="utf8")
    for _ in range(2):
        with pytest.raises(ActorTableError, match="bad.tsv:2"):
            actor_entries(data_dir, (str(bad),))
    assert _files(cache) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_cache_folder_means_no_cache(data_dir, cache):
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert actor_entries(data_dir) == build_actor_entries(data_dir)
        assert _files(cache) == []
    finally:
        cache.chmod(0o700)


def test_an_unwritable_cache_path_means_no_cache(data_dir, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(datacache.ENV, str(blocker / "cache"))     # a folder under a file cannot exist
    assert actor_entries(data_dir) == build_actor_entries(data_dir)
    assert list(tmp_path.glob(".tmp-*")) == []


def test_the_cache_can_be_turned_off_and_follows_xdg(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(datacache.ENV, "off")
    assert datacache.cache_dir() is None
    assert actor_entries(data_dir) == build_actor_entries(data_dir)
    monkeypatch.delenv(datacache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datacache.cache_dir() == tmp_path / "xdg" / "newskg"


def test_old_cache_files_are_pruned(data_dir, cache):
    for k in range(datacache.KEEP + 3):
        (data_dir / "actors.tsv").write_text(f"Kelvar Guard {k}\tArmedGroup\t\t\n", encoding="utf8")
        actor_entries(data_dir)
    assert len(_files(cache)) == datacache.KEEP
