"""Supporting evidence: uploads checked by content and size, served only to who may see the plan."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import EvidenceFile, LearningPlan
from tests.conftest import make_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes():
    """A real 1×1 PNG."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def plan(zambia):
    return make_plan(lab=zambia, status=LearningPlan.Status.DRAFT, slug="open-burning")


def upload(client, plan, name, content, content_type="application/octet-stream", step=""):
    data = {"file": SimpleUploadedFile(name, content, content_type=content_type)}
    if step:
        data["step"] = step
    return client.post(reverse("my:evidence_upload", args=[plan.pk]), data, follow=True)


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("name", "content", "mime", "extension"),
    [
        ("Report.pdf", PDF, "application/pdf", ".pdf"),
        ("photo.png", png_bytes(), "image/png", ".png"),
    ],
)
def test_a_pdf_and_a_png_are_accepted(client, alice, plan, media, name, content, mime, extension):
    client.force_login(alice)
    response = upload(client, plan, name, content, step="questions")
    assert response.redirect_chain[-1][0] == reverse("my:step", args=[plan.pk, "questions"])
    evidence = plan.evidence_files.get()
    assert evidence.original_name == name
    assert evidence.content_type == mime  # from the content, not from what the browser said
    assert evidence.size == len(content)
    assert evidence.uploaded_by == alice
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(extension)
    assert name not in evidence.file.name
    [path] = stored_files(media)
    assert path.read_bytes() == content
    assert name in response.content.decode()  # listed on the step page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(document.cookie)</script></html>"),
        ("photo.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
    ],
)
def test_a_disguised_file_is_refused_by_its_content(client, alice, plan, media, name, content):
    client.force_login(alice)
    response = upload(client, plan, name, content, content_type="application/pdf")
    assert "judged by its content" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused(client, alice, plan, media, settings):
    settings.ALP_MAX_UPLOAD_BYTES = 1024
    client.force_login(alice)
    response = upload(client, plan, "big.pdf", PDF + b"0" * 2048)
    assert "at most 1.0\xa0KB a file" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert stored_files(media) == []


def test_the_upload_form_is_on_the_last_step(client, alice, plan):
    client.force_login(alice)
    content = client.get(reverse("my:step", args=[plan.pk, "closing"])).content.decode()
    assert 'enctype="multipart/form-data"' in content
    assert reverse("my:evidence_upload", args=[plan.pk]) in content
    content = client.get(reverse("my:step", args=[plan.pk, "title"])).content.decode()
    assert "multipart/form-data" not in content


def test_the_default_limit_is_10_mb(settings):
    from django.conf import settings as live

    assert live.ALP_MAX_UPLOAD_BYTES == 10 * 1024 * 1024


def test_another_lab_cannot_upload_or_delete(client, alice, bob, plan):
    client.force_login(bob)
    response = client.post(
        reverse("my:evidence_upload", args=[plan.pk]),
        {"file": SimpleUploadedFile("r.pdf", PDF)},
    )
    assert response.status_code == 404
    assert not EvidenceFile.objects.exists()

    client.force_login(alice)
    upload(client, plan, "r.pdf", PDF)
    evidence = plan.evidence_files.get()
    client.force_login(bob)
    url = reverse("my:evidence_delete", args=[plan.pk, evidence.pk])
    assert client.post(url).status_code == 404
    assert EvidenceFile.objects.exists()


def test_uploads_need_post_and_an_editable_plan(client, alice, plan):
    client.force_login(alice)
    assert client.get(reverse("my:evidence_upload", args=[plan.pk])).status_code == 405
    plan.transition(LearningPlan.Action.SUBMIT, by=alice)
    upload(client, plan, "r.pdf", PDF)
    assert not EvidenceFile.objects.exists()


def test_delete_removes_the_row_and_the_file(client, alice, plan, media):
    client.force_login(alice)
    upload(client, plan, "r.pdf", PDF)
    evidence = plan.evidence_files.get()
    client.post(reverse("my:evidence_delete", args=[plan.pk, evidence.pk]))
    assert not EvidenceFile.objects.exists()
    assert stored_files(media) == []


def test_download_is_an_attachment_with_its_type_and_nosniff(client, alice, plan):
    client.force_login(alice)
    upload(client, plan, "Report 2024.pdf", PDF)
    evidence = plan.evidence_files.get()
    response = client.get(evidence.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Report 2024.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_draft_plans_file_is_hidden_from_other_labs_and_anonymous(client, alice, bob, plan):
    client.force_login(alice)
    upload(client, plan, "r.pdf", PDF)
    url = plan.evidence_files.get().get_absolute_url()
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_published_plans_file_is_public_and_listed(client, alice, plan):
    client.force_login(alice)
    upload(client, plan, "r.pdf", PDF)
    evidence = plan.evidence_files.get()
    plan.refresh_from_db()
    for action in ("submit", "approve", "publish"):
        plan.transition(action)
    client.logout()
    assert client.get(evidence.get_absolute_url()).status_code == 200
    content = client.get(plan.get_absolute_url()).content.decode()
    assert "Supporting files" in content and evidence.get_absolute_url() in content


def test_a_file_of_another_plan_is_not_found(client, alice, plan, zambia):
    client.force_login(alice)
    upload(client, plan, "r.pdf", PDF)
    evidence = plan.evidence_files.get()
    other = make_plan(lab=zambia)
    assert client.get(reverse("plans:evidence", args=[other.slug, evidence.pk])).status_code == 404


def test_media_is_not_served(client, alice, plan):
    client.force_login(alice)
    upload(client, plan, "r.pdf", PDF)
    name = plan.evidence_files.get().file.name
    assert client.get(f"/media/{name}").status_code == 404


def test_deleting_a_plan_removes_its_files(
    client, alice, plan, media, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    upload(client, plan, "Report.pdf", PDF)
    assert len(stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        plan.delete()
    assert stored_files(media) == []
