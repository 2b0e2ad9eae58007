"""The registry's workflow in the store: statuses with reasons and their allowed moves, reviewers' marks on
candidates, and the links from the detection queue — missing-child notices become draft reports, the
photos of flagged sale posts become sightings searched against the reports."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import skimage.data as skimage_data
import sqlalchemy as sa
from PIL import Image

from huijia.media.faces import face_backend
from huijia.registry.intake import RegistryError, import_records
from huijia.registry.links import link_queue
from huijia.registry.records import parse_report, parse_sighting
from huijia.registry.review import latest_marks, list_records, mark_candidate, set_status, view_record
from huijia.registry.search import candidates_for, candidates_for_report
from huijia.store import connect
from huijia.store.sources import delete_source

from .conftest import scan
from .photos import telegram_export

NOTICE = "寻人启事：2019年8月11日在郑州火车站走失男孩，左耳后有痣，有线索请联系13800000000"
OFFER = "本人广西的，女宝刚满两个月，营养费3万，有意私聊"


def jpeg_of(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.fixture
def engine(tmp_path: Path) -> sa.engine.Engine:
    return connect(f"sqlite:///{tmp_path / 'h.db'}")


def two_reports(engine: sa.engine.Engine) -> None:
    records = [
        (2, parse_report({"id": "r-1", "lost_at": "2019-08-11T15:20+08:00", "sex": "male",
                          "family_contact": "父亲 13800000000"})),
        (3, parse_report({"id": "r-2", "lost_at": "2021-02-01T09:00+08:00", "sex": "female"})),
    ]  # fmt: skip
    import_records(engine, "report", records, "registrar1", faces=face_backend())


def test_statuses_move_only_along_the_allowed_paths_with_a_reason(engine: sa.engine.Engine) -> None:
    two_reports(engine)
    assert set_status(engine, "report", "r-1", "verified", "家属与派出所核实", "registrar1") == "draft"
    with pytest.raises(
        RegistryError, match=r"a verified report cannot become 'draft' \(it can become: found"
    ):
        set_status(engine, "report", "r-1", "draft", "改回", "registrar1")
    with pytest.raises(RegistryError, match="needs a reason"):
        set_status(engine, "report", "r-2", "verified", "  ", "registrar1")
    with pytest.raises(RegistryError, match="no report r-404"):
        set_status(engine, "report", "r-404", "verified", "x", "registrar1")
    seen = view_record(engine, "report", "r-1", "registrar1", with_contact=False, faces=face_backend())
    assert seen["status"] == "verified" and seen["verified_at"] is not None
    assert "family_contact" not in seen and seen["moves"] == ("found", "closed")
    assert [(h["old_status"], h["new_status"], h["reason"]) for h in seen["history"]] == [
        ("draft", "verified", "家属与派出所核实")
    ]
    assert (
        view_record(engine, "report", "r-1", "admin", with_contact=True, faces=face_backend())[
            "family_contact"
        ]
        == "父亲 13800000000"
    )
    drafts, more = list_records(engine, "report", status="draft")
    assert [r["id"] for r in drafts] == ["r-2"] and not more and "family_contact" not in drafts[0]
    with engine.connect() as conn:
        actions = conn.execute(sa.text("SELECT action, detail FROM audit_log ORDER BY id")).all()
    assert ("registry.status.report", '{"from":"draft","to":"verified"}') in [tuple(a) for a in actions]
    assert all("13800000000" not in detail and "核实" not in detail for _, detail in actions)


def test_the_newest_mark_counts_and_a_dna_check_needs_a_note(engine: sa.engine.Engine) -> None:
    two_reports(engine)
    import_records(engine, "sighting", [(2, parse_sighting({"id": "s-1", "seen_at": "2026-11-20",
                                                            "source": "street"}))], "registrar1",
                   faces=face_backend())  # fmt: skip
    mark_candidate(engine, "s-1", "r-1", "possible", "", "reviewer1")
    mark_candidate(engine, "s-1", "r-1", "not_match", "耳朵不同", "reviewer2")
    with pytest.raises(RegistryError, match="DNA check needs a note"):
        mark_candidate(engine, "s-1", "r-2", "dna_check", " ", "reviewer1")
    with pytest.raises(RegistryError, match="mark must be one of"):
        mark_candidate(engine, "s-1", "r-2", "same_child", "", "reviewer1")
    with pytest.raises(RegistryError, match="no report r-9"):
        mark_candidate(engine, "s-1", "r-9", "possible", "", "reviewer1")
    with engine.connect() as conn:
        marks = latest_marks(conn, "s-1")
    assert {k: (m.mark, m.actor) for k, m in marks.items()} == {"r-1": ("not_match", "reviewer2")}


def test_notices_become_draft_reports_and_sale_photos_become_sightings_that_find_them(
    tmp_path: Path, engine: sa.engine.Engine
) -> None:
    astronaut = Image.fromarray(skimage_data.astronaut())
    mirrored = astronaut.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize((400, 400))
    export = telegram_export(
        tmp_path / "export",
        [
            {"date": "2024-06-01T09:00:00", "from": "寻子的父亲", "from_id": "user9", "text": NOTICE,
             "photo": "photos/lost.jpg"},
            {"date": "2024-06-01T10:00:00", "from": "湖南宝妈", "from_id": "user1", "text": OFFER},
            {"date": "2024-06-01T10:01:00", "from": "湖南宝妈", "from_id": "user1",
             "photo": "photos/baby.jpg"},
        ],
        {
            "photos/lost.jpg": jpeg_of(astronaut),
            "photos/baby.jpg": jpeg_of(mirrored),
        },
    )  # fmt: skip
    url = str(engine.url)
    scan(url, export)
    result = link_queue(engine, "analyst1", faces=face_backend())
    assert (result.drafts, result.sightings, result.faces, result.sightings_with_candidates) == (1, 1, 2, 1)

    (draft,), _ = list_records(engine, "report")
    assert draft["status"] == "draft" and draft["sex"] == "male" and draft["lost_place"] == "河南省郑州市"
    assert draft["lost_at"].startswith("2024-06-01T09:00") and draft["photos"] == 1
    assert (
        view_record(engine, "report", draft["id"], "registrar1", True, faces=face_backend())["family_contact"]
        == "phone: +8613800000000"
    )
    (seen,), _ = list_records(engine, "sighting")
    assert (seen["source"], seen["status"], seen["sex"], seen["place"]) == (
        "online_post",
        "new",
        "female",
        "广西壮族自治区",
    )
    assert seen["age_estimate"] == pytest.approx(60 / 365, abs=0.01)

    (candidate,) = candidates_for(engine, seen["id"], "registrar1", faces=face_backend())
    assert candidate.report_id == draft["id"] and candidate.similarity > 0.8
    assert not candidate.plausible and any("sex differs" in r for r in candidate.reasons)
    (back,) = candidates_for_report(engine, draft["id"], "registrar1", faces=face_backend())
    assert back.sighting_id == seen["id"] and back.similarity == pytest.approx(candidate.similarity)

    again = link_queue(engine, "analyst1", faces=face_backend())
    assert (again.drafts, again.sightings) == (0, 0)  # each post is taken in once
    with engine.begin() as conn:
        source = conn.execute(sa.text("SELECT sha256 FROM sources")).scalar_one()
    delete_source(engine, source, "admin", "the export was made by mistake")
    with engine.connect() as conn:  # the registry keeps its copies when the export is deleted
        assert conn.execute(sa.text("SELECT count(*) FROM media")).scalar_one() == 2
        assert conn.execute(sa.text("SELECT count(*) FROM face_vectors")).scalar_one() == 2


def test_the_gallery_grows_incrementally_and_moves_to_an_ivf_index_when_large(
    engine: sa.engine.Engine,
) -> None:
    """Synthetic report photos (vectors drawn around a few centres; toddlers sharing a look) stored the
    way imports store them; the age centring is fitted and refitted as the gallery grows, past the exact
    limit the gallery is rebuilt as an IVF index, and later photos are added to it."""
    import numpy as np

    from huijia.media.faces import face_backend
    from huijia.media.index import IvfIndex
    from huijia.registry import gallery as gallery_module
    from huijia.store.schema import face_vectors, media, registry_photos, registry_reports

    rng = np.random.default_rng(5)
    dimension = face_backend().dimension
    centres = rng.normal(size=(20, dimension))
    toddler_look = 2 * rng.normal(size=dimension)  # every toddler's vector shares it
    backend = face_backend().version

    def store(first: int, count: int) -> np.ndarray:
        numbers = np.arange(first, first + count)
        vectors = centres[numbers % 20] + 0.3 * rng.normal(size=(count, dimension))
        vectors += np.outer(numbers % 2 == 0, toddler_look)  # even photos: toddlers, odd: adults
        vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
        with engine.begin() as conn:
            for i, vector in enumerate(vectors, start=first):
                sha = f"{i:064x}"
                conn.execute(
                    registry_reports.insert().values(
                        id=f"r-{i}",
                        status="verified",
                        lost_at="2020-01-01T00:00:00+08:00",
                        created_at=datetime.now(UTC),
                        created_by="test",
                    )
                )
                conn.execute(
                    media.insert().values(
                        sha256=sha,
                        mime="image/jpeg",
                        width=1,
                        height=1,
                        original_format="JPEG",
                        data=b"",
                        stored_at=datetime.now(UTC),
                    )
                )
                conn.execute(
                    registry_photos.insert().values(
                        owner_kind="report",
                        owner_id=f"r-{i}",
                        media_sha256=sha,
                        relation="child",
                        age_years=2.0 if i % 2 == 0 else 30.0,
                    )
                )
                conn.execute(face_vectors.insert().values(
                    media_sha256=sha, face=0, backend=backend, box=[0, 0, 1, 1], score=1.0, quality_ok=True,
                    vector=vector.tobytes()))  # fmt: skip
        return vectors

    gallery_module.forget_galleries()
    first = store(0, 300)
    with engine.connect() as conn:
        small = gallery_module.gallery(engine, conn, "report", face_backend())
    assert len(small.index or []) == 300 and not isinstance(small.index, IvfIndex)
    small.exact_limit = 500  # instead of 100,000
    later = store(300, 400)
    with engine.connect() as conn:
        grown = gallery_module.gallery(engine, conn, "report", face_backend())
    assert grown is small and isinstance(grown.index, IvfIndex) and len(grown.index) == 700
    assert grown.centering.active and grown.fitted_at == 700  # refitted on the grown gallery
    # each photo finds itself first, from before and after the move
    for vector, owner in ((first[7], "r-7"), (later[42], "r-342")):
        age = 2.0 if int(owner[2:]) % 2 == 0 else 30.0
        ((found, _age, similarity), *_rest) = grown.search(vector[None, :], [age], 5)[0]
        assert found == owner and similarity > 0.99
    store(700, 3)
    with engine.connect() as conn:
        assert len(gallery_module.gallery(engine, conn, "report", face_backend()).index or []) == 703
        # the sightings' gallery is centred with the reports' means (a sighting's age is an estimate)
        assert gallery_module.gallery(engine, conn, "sighting", face_backend()).centering == grown.centering
