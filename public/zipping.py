"""A zip archive written as a stream, its files deflated by ISA-L.

Deflating with zlib (through `zipfile`, at its fastest level) took a third of the zip export's
time. ISA-L's deflate (`isal`), at its level 1, takes a quarter of that time for files a little
smaller, and its checksum a fraction of zlib's; `zipfile` has no way to use it, hence this
writer. Each file is deflated whole, so its sizes and checksum are known before its header is
written (no data descriptors); the archive takes its zip64 form only where it must: more than
65,535 files, or a file starting past 4 GiB. Any unzip tool reads it.
"""

import struct

from isal import isal_zlib

DEFLATED = 8
LEVEL = 1  # ISA-L's 0 is faster still, for files 10% larger
PIECES = 200  # a hundred files sent a piece
LIMIT = 0xFFFFFFFF
MAX_FILES = 0xFFFF
UNIX, VERSION, ZIP64_VERSION = 3, 20, 45
UTF8_NAME = 0x800
FILE_MODE = 0o100644 << 16


def archive(files):
    """The zip archive of `files`, (name, modified datetime, text) triples, as pieces of bytes."""
    return assemble(deflate(*file) for file in files)


def deflate(name: str, modified, text: str):
    """A file's local header and deflated data, and what its directory entry needs: the work
    of a file, independent of the others (`assemble` places them)."""
    raw = text.encode()
    data = isal_zlib.compress(raw, LEVEL, -isal_zlib.MAX_WBITS)
    encoded = name.encode()
    flags = 0 if encoded.isascii() else UTF8_NAME
    entry = (encoded, flags, _dos_time(modified), isal_zlib.crc32(raw), len(data), len(raw))
    header = struct.pack(
        "<4s2H3H3L2H",
        b"PK\x03\x04",
        VERSION,
        flags,
        DEFLATED,
        *entry[2],
        *entry[3:],
        len(encoded),
        0,
    )
    return header + encoded, data, entry


def assemble(deflated):
    """The zip archive of `deflated` files (as `deflate` gives them), as pieces of bytes."""
    directory, offset, pieces = [], 0, []
    for header, data, entry in deflated:
        directory.append(_central(entry, offset))
        offset += len(header) + len(data)
        pieces += (header, data)
        if len(pieces) >= PIECES:
            yield b"".join(pieces)
            pieces.clear()
    yield b"".join([*pieces, *directory, _end(directory, offset)])


def _central(entry, offset: int) -> bytes:
    """A file's entry in the central directory; zip64 when it starts past 4 GiB."""
    name, flags, (time, date), crc, compressed, size = entry
    extra = b""
    if offset >= LIMIT:
        extra, offset = struct.pack("<2HQ", 1, 8, offset), LIMIT
    version = ZIP64_VERSION if extra else VERSION
    return (
        struct.pack(
            "<4s2B5H3L5H2L",
            b"PK\x01\x02",
            version,
            UNIX,
            version,
            flags,
            DEFLATED,
            time,
            date,
            crc,
            compressed,
            size,
            len(name),
            len(extra),
            0,
            0,
            0,
            FILE_MODE,
            offset,
        )
        + name
        + extra
    )


def _end(directory, offset: int) -> bytes:
    """The end of the archive: where its central directory starts, its size and its files."""
    count, length = len(directory), sum(map(len, directory))
    end = b""
    if count > MAX_FILES or offset >= LIMIT or length >= LIMIT:
        record = struct.pack(
            "<4sQ2H2L4Q", b"PK\x06\x06", 44, ZIP64_VERSION, ZIP64_VERSION, 0, 0,
            count, count, length, offset,
        )  # fmt: skip
        locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, offset + length, 1)
        end = record + locator
        count, length, offset = min(count, MAX_FILES), min(length, LIMIT), min(offset, LIMIT)
    return end + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, length, offset, 0)


def _dos_time(moment) -> tuple[int, int]:
    """A datetime as MS-DOS writes it: two-second steps, from 1980 on."""
    if moment.year < 1980:
        return 0, (1 << 5) | 1
    time = (moment.hour << 11) | (moment.minute << 5) | (moment.second // 2)
    date = ((moment.year - 1980) << 9) | (moment.month << 5) | moment.day
    return time, date
