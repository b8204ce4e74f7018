import io
import struct
import zipfile
from datetime import datetime

from public import zipping


def read(pieces) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.testzip() is None
    return archive


def test_an_archive_holds_each_file_with_its_text_and_time():
    files = [
        ("water.md", datetime(2024, 3, 9, 14, 25, 31), "# Eau potable\n\nÀ Lusaka, l'eau…\n"),
        ("empty.md", datetime(2021, 1, 1), ""),
        ("long.md", datetime(2025, 12, 31, 23, 59, 59), "Partners and questions. " * 5000),
    ]
    archive = read(zipping.archive(files))
    assert archive.namelist() == ["water.md", "empty.md", "long.md"]
    for name, modified, text in files:
        info = archive.getinfo(name)
        assert archive.read(name).decode() == text
        assert info.compress_type == zipfile.ZIP_DEFLATED
        # MS-DOS times count seconds in twos.
        assert info.date_time == (*modified.timetuple()[:5], modified.second // 2 * 2)
    assert archive.getinfo("long.md").compress_size < 1000


def test_a_name_beyond_ascii_is_flagged_as_utf8():
    archive = read(zipping.archive([("équipe-ñandú.md", datetime(2023, 5, 1), "texte")]))
    assert archive.namelist() == ["équipe-ñandú.md"]
    assert archive.read("équipe-ñandú.md") == b"texte"


def test_an_empty_archive_is_a_valid_zip():
    assert read(zipping.archive([])).namelist() == []


def test_a_time_before_1980_is_written_as_its_first_day():
    archive = read(zipping.archive([("old.md", datetime(1970, 6, 1), "x")]))
    assert archive.getinfo("old.md").date_time == (1980, 1, 1, 0, 0, 0)


def test_more_files_than_a_plain_zip_can_count_take_its_zip64_form():
    count = zipping.MAX_FILES + 10
    when = datetime(2024, 1, 1)
    archive = read(zipping.archive((f"{n}.md", when, str(n)) for n in range(count)))
    names = archive.namelist()
    assert len(names) == count
    assert names[-1] == f"{count - 1}.md"
    assert archive.read(names[-1]).decode() == str(count - 1)


def test_a_file_starting_past_4_gib_is_found_by_its_zip64_offset():
    entry = (b"far.md", 0, (0, 33), 0, 0, 0)
    offset = zipping.LIMIT + 123
    record = zipping._central(entry, offset)
    zip64_extra = struct.pack("<2HQ", 1, 8, offset)
    assert record.endswith(b"far.md" + zip64_extra)
    assert struct.unpack("<L", record[42:46]) == (zipping.LIMIT,)  # "look in the extra field"
    assert zipping._end([record], offset + 50).startswith(b"PK\x06\x06")
