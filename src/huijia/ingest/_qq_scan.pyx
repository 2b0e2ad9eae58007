# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The compiled fast path of the qq-txt reader: runs of ordinary records, read at C speed.

`huijia.ingest.qq_txt._QQTextParser` is the reference: it reads every file on its own, and this module
only takes over stretches of records it can read exactly the same way, measured against it by the tests
(`tests/test_qq_txt_fast.py` reads every fixture and thousands of generated exports both ways). It is
handed a record that starts at a header line the parser has already accepted as a record start, once the
file's conventions are known (CRLF or LF records, blank lines between records or not), and it reads on
record after record until it meets anything it does not handle:

- the end of the chunk before the record ends (the record may go on in the next chunk),
- a run of ten `=` inside a record (a block separator may end it),
- a header with an impossible date or time (the parser reports it),
- a header line that its own header grammar rejects where the parser's regular expression might not.

It then returns where it stopped, and the parser reads that record itself. Everything else (trimming an
unusual record, the kind and attachments of a message, a sender's name and handle, the time zone) is
done by calling the parser's own Python functions, so there is one definition of each rule.

It makes Message objects, or, for `huijia read`, the messages' JSON lines directly: the same bytes orjson
writes for the Message dataclass (its strings escaped by orjson itself), without making the objects,
which is most of the time a message costs.

Every index is checked against the text's length before it is read (bounds checking is off for speed);
the text is only read, never written.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.mem cimport PyMem_Free, PyMem_Realloc
from libc.string cimport memcpy
from cpython.unicode cimport (
    PyUnicode_AsUTF8AndSize,
    Py_UNICODE_ISSPACE,
    PyUnicode_DATA,
    PyUnicode_DecodeASCII,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
    PyUnicode_Substring,
)

cdef extern from *:
    """
    #ifndef HUIJIA_SOURCE_SHA256
    #define HUIJIA_SOURCE_SHA256 ""
    #endif
    """
    const char *HUIJIA_SOURCE_SHA256

from orjson import dumps as orjson_dumps

from huijia.ingest.timeparse import hour_from_12h

# The SHA-256 of this file when it was compiled (set by setup.py): the loader refuses a stale build.
SOURCE_SHA256 = HUIJIA_SOURCE_SHA256.decode("ascii")

cdef enum:
    SEPARATOR_RUN = 10  # `==========` inside a record: the parser decides whether it ends the record
    SHORT_TEXT = 24  # the longest message text whose kind is remembered
    SHORT_TEXTS_KEPT = 4096  # how many are remembered before starting afresh
    BYTES_UTF8 = 0
    BYTES_UTF16 = 1
    BYTES_TABLE = 2  # a stateless multi-byte codec: each character's width from a table
    BYTES_ENCODE = 3  # anything else: each record's text is encoded to count its bytes

# Codecs whose bytes per character are looked up: the Chinese legacy encodings detect_encoding chooses.
TABLE_CODECS = ("gb18030", "big5")
_widths: dict = {}


cdef bytes widths_of(str codec):
    """Bytes per Basic Multilingual Plane character in a stateless codec (0: cannot be encoded), made
    once per process by encoding each character (40–110 ms)."""
    table = _widths.get(codec)
    if table is None:
        widths = bytearray(65536)
        for c in range(0x80):
            widths[c] = 1
        for c in range(0x80, 0x10000):
            if not 0xD800 <= c < 0xE000:
                try:
                    widths[c] = len(chr(c).encode(codec))
                except UnicodeEncodeError:
                    pass
        table = _widths[codec] = bytes(widths)
    return table


cdef struct Header:
    int year
    int month
    int day
    int hour
    int minute
    int second
    int ampm  # 0: none, 1: am, 2: pm
    Py_ssize_t who_start
    Py_ssize_t who_end  # the sender, without the line's ending
    Py_ssize_t line_end  # index of the line's `\n`, or the text's length


cdef inline bint is_digit(Py_UCS4 c) noexcept:
    return 0x30 <= c <= 0x39


cdef inline bint is_blank(Py_UCS4 c) noexcept:
    return c == 0x20 or c == 0x09


cdef inline int read_number(int kind, void *data, Py_ssize_t n, Py_ssize_t *i, int most) noexcept:
    """Up to `most` ASCII digits at i[0] as a number (i[0] moves past them); -1 when there is none."""
    cdef int value = 0
    cdef int count = 0
    cdef Py_UCS4 c
    while count < most and i[0] < n:
        c = PyUnicode_READ(kind, data, i[0])
        if not is_digit(c):
            break
        value = value * 10 + (<int>c - 48)
        i[0] += 1
        count += 1
    return value if count else -1


cdef inline bint expect(int kind, void *data, Py_ssize_t n, Py_ssize_t *i, Py_UCS4 wanted) noexcept:
    if i[0] < n and PyUnicode_READ(kind, data, i[0]) == wanted:
        i[0] += 1
        return True
    return False


cdef inline Py_ssize_t sender_start(int kind, void *data, Py_ssize_t n, Py_ssize_t j) noexcept:
    """Where the sender begins if `[ \\t]+\\S` matches at j, else -1."""
    if j >= n or not is_blank(PyUnicode_READ(kind, data, j)):
        return -1
    while j < n and is_blank(PyUnicode_READ(kind, data, j)):
        j += 1
    if j >= n or Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
        return -1  # \S: not any Unicode space (a line ending is a space too)
    return j


cdef inline int am_pm(int kind, void *data, Py_ssize_t n, Py_ssize_t j) noexcept:
    """1 for am, 2 for pm when `[AaPp][Mm]` is at j, else 0."""
    cdef Py_UCS4 first, second
    if j + 1 >= n:
        return 0
    first = PyUnicode_READ(kind, data, j)
    second = PyUnicode_READ(kind, data, j + 1)
    if second != 0x4D and second != 0x6D:  # M m
        return 0
    if first == 0x41 or first == 0x61:  # A a
        return 1
    if first == 0x50 or first == 0x70:  # P p
        return 2
    return 0


cdef bint parse_header(int kind, void *data, Py_ssize_t n, Py_ssize_t i, Header *h) noexcept:
    """Does the line starting at i match the parser's HEADER_M? Fills `h` when it does.

    HEADER_M: ^(\\d{4})-(\\d{1,2})-(\\d{1,2})[ \\t]+(\\d{1,2}):(\\d{2}):(\\d{2})(?:[ \\t]?([AaPp][Mm]))?
    [ \\t]+(\\S[^\\r\\n]*)\\r?$ with ASCII digits. The optional AM/PM is tried as the regular expression
    tries it: with a blank before it, then without, then not at all.
    """
    cdef Py_ssize_t start = i
    cdef Py_ssize_t j, k, who
    cdef int marker
    cdef Py_UCS4 c
    h.year = read_number(kind, data, n, &i, 4)
    if h.year < 0 or i - start != 4 or not expect(kind, data, n, &i, 0x2D):
        return False
    h.month = read_number(kind, data, n, &i, 2)
    if h.month < 0 or not expect(kind, data, n, &i, 0x2D):
        return False
    h.day = read_number(kind, data, n, &i, 2)
    if h.day < 0 or i >= n or not is_blank(PyUnicode_READ(kind, data, i)):
        return False
    while i < n and is_blank(PyUnicode_READ(kind, data, i)):
        i += 1
    h.hour = read_number(kind, data, n, &i, 2)
    if h.hour < 0 or not expect(kind, data, n, &i, 0x3A):
        return False
    j = i
    h.minute = read_number(kind, data, n, &i, 2)
    if i - j != 2 or not expect(kind, data, n, &i, 0x3A):
        return False
    j = i
    h.second = read_number(kind, data, n, &i, 2)
    if i - j != 2:
        return False
    # The line must end as `\r?$` does: no `\r` in it but one just before its `\n` (or the text's end).
    k = i
    while k < n:
        c = PyUnicode_READ(kind, data, k)
        if c == 0x0A or c == 0x0D:
            break
        k += 1
    h.line_end = k
    h.who_end = k
    if k < n and PyUnicode_READ(kind, data, k) == 0x0D:
        if k + 1 < n and PyUnicode_READ(kind, data, k + 1) != 0x0A:
            return False
        h.line_end = k + 1 if k + 1 < n else n
    h.ampm = 0
    who = -1
    if i < n and is_blank(PyUnicode_READ(kind, data, i)):
        marker = am_pm(kind, data, n, i + 1)
        if marker:
            who = sender_start(kind, data, n, i + 3)
            if who >= 0:
                h.ampm = marker
    if who < 0:
        marker = am_pm(kind, data, n, i)
        if marker:
            who = sender_start(kind, data, n, i + 2)
            if who >= 0:
                h.ampm = marker
    if who < 0:
        who = sender_start(kind, data, n, i)
        if who < 0:
            return False
    if who >= h.who_end:
        return False
    h.who_start = who
    return True


# The keys of a message's JSON line between its values (see RecordScanner.add_json).
cdef bytes JSON_KIND = b'","kind":"'
cdef bytes JSON_OFFSET = b',"offset":'
cdef bytes JSON_AUTHOR = b',"author":'
cdef bytes JSON_SENT_AT = b',"sent_at":"'
cdef bytes JSON_TEXT = b'","text":'
cdef bytes JSON_ATTACHMENTS = b',"attachments":'
cdef bytes JSON_END = b',"reply_to":null}\n'
cdef bytes JSON_NO_ATTACHMENTS_END = b',"attachments":[],"reply_to":null}\n'


cdef struct Buffer:
    char *data
    Py_ssize_t size
    Py_ssize_t capacity


cdef int grow(Buffer *buf, Py_ssize_t more) except -1:
    cdef Py_ssize_t wanted = buf.size + more
    cdef char *larger
    if wanted <= buf.capacity:
        return 0
    wanted = max(wanted, buf.capacity * 2, 1 << 16)
    larger = <char *>PyMem_Realloc(buf.data, wanted)
    if larger == NULL:
        raise MemoryError()
    buf.data = larger
    buf.capacity = wanted
    return 0


cdef inline int add(Buffer *buf, const char *chars, Py_ssize_t length) except -1:
    if buf.size + length > buf.capacity:
        grow(buf, length)
    memcpy(buf.data + buf.size, chars, length)
    buf.size += length
    return 0


cdef inline int add_bytes(Buffer *buf, bytes chunk) except -1:
    return add(buf, PyBytes_AS_STRING(chunk), PyBytes_GET_SIZE(chunk))


cdef inline int add_number(Buffer *buf, Py_ssize_t number) except -1:
    """The decimal digits of a number ≥ 0."""
    cdef char digits[24]
    cdef int at = 24
    while True:
        at -= 1
        digits[at] = <char>(48 + number % 10)
        number //= 10
        if number == 0:
            break
    return add(buf, digits + at, 24 - at)


cdef inline Py_ssize_t utf8_length(Py_UCS4 c) noexcept:
    if c < 0x800:
        return 2  # only called for c >= 0x80
    if c < 0x10000:
        return 3
    return 4


cdef inline bint plain_ending(
    int kind, void *data, Py_ssize_t body_start, Py_ssize_t end, bint crlf, Py_ssize_t carriage_returns
) noexcept:
    """Is text[body_start:end] a record as the parser's _finish cuts it fast: some text, no `\r` in it,
    not ending in a space, then exactly the terminator (`\r\n\r\n` or `\n\n`)?"""
    cdef Py_ssize_t term = 4 if crlf else 2
    cdef Py_ssize_t core_end = end - term
    if core_end <= body_start:
        return False
    if crlf:
        if carriage_returns != 2:
            return False
        if not (
            PyUnicode_READ(kind, data, core_end) == 0x0D
            and PyUnicode_READ(kind, data, core_end + 1) == 0x0A
            and PyUnicode_READ(kind, data, core_end + 2) == 0x0D
            and PyUnicode_READ(kind, data, core_end + 3) == 0x0A
        ):
            return False
    else:
        if carriage_returns != 0:
            return False
        if not (
            PyUnicode_READ(kind, data, core_end) == 0x0A and PyUnicode_READ(kind, data, core_end + 1) == 0x0A
        ):
            return False
    return not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, core_end - 1))


cdef class RecordScanner:
    """Reads runs of ordinary records of one file (see the module's docstring)."""

    cdef object message
    cdef object source
    cdef object trim_record
    cdef object classify
    cdef object parse_sender
    cdef object clock
    cdef str prefix
    cdef str file
    cdef str fmt
    cdef str sha256
    cdef str encoding
    cdef str codec
    cdef object tz
    cdef int bytes_mode
    cdef bytes width_table  # BYTES_TABLE: widths_of(codec)
    cdef dict kinds  # short message text → (kind, attachments), for senders other than the system
    cdef dict authors  # sender as written → (Author, whether its name is the system sender's, its JSON)
    # the constant parts of a message's JSON line (see add_json)
    cdef bytes json_id
    cdef bytes json_source
    cdef bytes json_encoding
    cdef dict hours  # (year, month, day, hour, am/pm) as one number → b"YYYY-MM-DDTHH:" + zone, or None
    cdef long last_hour_key
    cdef object last_hour

    def __init__(
        self, message, source, trim_record, classify, parse_sender, clock, str prefix, str file,
        str fmt, str sha256, str encoding, str codec, tz
    ):
        self.message = message
        self.source = source
        self.trim_record = trim_record
        self.classify = classify
        self.parse_sender = parse_sender
        self.clock = clock
        self.prefix = prefix
        self.file = file
        self.fmt = fmt
        self.sha256 = sha256
        self.encoding = encoding
        self.codec = codec
        self.tz = tz
        lowered = codec.replace("_", "-").lower()
        if lowered in ("utf-8", "utf8"):
            self.bytes_mode = BYTES_UTF8
        elif lowered in ("utf-16-le", "utf-16-be"):
            self.bytes_mode = BYTES_UTF16
        elif lowered in TABLE_CODECS:
            self.bytes_mode = BYTES_TABLE
            self.width_table = widths_of(lowered)
        else:
            self.bytes_mode = BYTES_ENCODE
        self.authors = {}
        self.kinds = {}
        quoted_prefix = orjson_dumps(prefix)
        self.json_id = b'{"id":' + quoted_prefix[: len(quoted_prefix) - 1]  # the id's closing quote follows
        self.json_source = (
            b'","source":{"file":' + orjson_dumps(file) + b',"format":' + orjson_dumps(fmt)
            + b',"sha256":' + orjson_dumps(sha256) + b',"line":'
        )
        self.json_encoding = (
            b',"encoding":' + orjson_dumps(encoding) + b',"tz_assumed":' + orjson_dumps(tz) + b'},"channel":'
        )
        self.hours = {}
        self.last_hour_key = -1
        self.last_hour = None

    cdef object hour_of(self, Header *h):
        """b"YYYY-MM-DDTHH:" + zone offset for a header's date and hour; None when it is impossible
        (the same decisions as the parser's _time, through the same functions and clock)."""
        cdef long key
        if h.minute >= 60 or h.second >= 60:
            return None
        key = (((<long>h.year * 100 + h.month) * 100 + h.day) * 100 + h.hour) * 3 + h.ampm
        if key == self.last_hour_key:
            return self.last_hour
        found = self.hours.get(key, False)
        if found is False:
            try:
                hour = hour_from_12h(h.hour, "am" if h.ampm == 1 else "pm") if h.ampm else h.hour
                iso = self.clock.iso(h.year, h.month, h.day, hour, 0, 0)
                found = (iso[:14] + iso[19:]).encode("ascii")
                if len(found) > 40:
                    found = None  # no zone offset is that long; the parser decides
            except ValueError:
                found = None
            self.hours[key] = found
        self.last_hour_key = key
        self.last_hour = found
        return found

    def scan(
        self, str text, Py_ssize_t start, Py_ssize_t line, Py_ssize_t offset, channel, bint crlf,
        bint blank_between, Py_ssize_t most, bint json_lines=False,
    ):
        """Up to `most` records from `start` on: (messages, count, stop, line, offset, handover).

        `start` is the first character of a header line that starts a record, at `line` and byte
        `offset` of the file. `messages` is a list of Message, or with `json_lines` the bytes of their
        JSON lines exactly as orjson writes the dataclasses; `count` says how many. `stop` is where the
        first record not read begins, at `line` and `offset`; `handover` is True when the parser must
        read that record, False when only `most` was reached.
        """
        cdef Buffer out
        out.data = NULL
        out.size = 0
        out.capacity = 0
        try:
            return self._scan(text, start, line, offset, channel, crlf, blank_between, most, json_lines, &out)
        finally:
            PyMem_Free(out.data)

    cdef tuple _scan(
        self, str text, Py_ssize_t start, Py_ssize_t line, Py_ssize_t offset, channel, bint crlf,
        bint blank_between, Py_ssize_t most, bint json_lines, Buffer *out,
    ):
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
        cdef Py_ssize_t cur = start
        cdef Py_ssize_t i, q, p, prev_start, body_start, lines, nbytes, carriage_returns, equals
        cdef Py_ssize_t term = 4 if crlf else 2
        cdef Header h
        cdef Header following
        cdef Py_UCS4 c
        cdef bint brackets, recall_char, found, encode_record
        cdef const unsigned char *widths = NULL
        cdef unsigned char width
        cdef list messages = []
        cdef Py_ssize_t count = 0
        cdef bytes channel_json = orjson_dumps(channel) if json_lines else None
        cdef char stamp[48]
        cdef bytes hour
        cdef const char *hour_chars
        cdef Py_ssize_t hour_len
        if self.bytes_mode == BYTES_TABLE:
            widths = self.width_table
        if cur >= n or not parse_header(kind, data, n, cur, &h):
            return messages, 0, cur, line, offset, True
        hour = self.hour_of(&h)
        # (a header on the chunk's last line is left to the parser: its record goes on in the next chunk)
        while hour is not None and h.line_end < n:
            body_start = h.line_end + 1
            lines = 0
            nbytes = 0
            carriage_returns = 0
            equals = 0
            brackets = False
            recall_char = False
            found = False
            encode_record = self.bytes_mode == BYTES_ENCODE
            prev_start = cur
            i = cur
            # Walk the record to the next header line that starts a record, counting lines and bytes.
            while i < n:
                c = PyUnicode_READ(kind, data, i)
                i += 1
                if c >= 0x80:
                    equals = 0
                    if c == 0x64A4:  # 撤, the first character of a recall notice
                        recall_char = True
                    if self.bytes_mode == BYTES_UTF8:
                        nbytes += utf8_length(c)
                    elif self.bytes_mode == BYTES_UTF16:
                        nbytes += 2 if c > 0xFFFF else 1  # code units
                    elif self.bytes_mode == BYTES_TABLE:
                        width = widths[c] if c < 0x10000 else 0
                        if width:
                            nbytes += width
                        else:
                            encode_record = True  # not in the table (GB18030's four-byte planes)
                    continue
                nbytes += 1
                if c == 0x0A:
                    lines += 1
                    equals = 0
                    if i < n and is_digit(PyUnicode_READ(kind, data, i)) and parse_header(
                        kind, data, n, i, &following
                    ):
                        # The line before a record's header ends in CRLF in a CRLF file, and is blank
                        # when the file puts blank lines between records.
                        if not crlf or (i - 2 >= prev_start and PyUnicode_READ(kind, data, i - 2) == 0x0D):
                            found = True
                            if blank_between:
                                p = prev_start
                                while p < i - 1 and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, p)):
                                    p += 1
                                found = p == i - 1
                            if found:
                                break
                    prev_start = i
                elif i > body_start:
                    if c == 0x3D:  # =
                        equals += 1
                        if equals >= SEPARATOR_RUN:
                            return self.result(messages, count, json_lines, out) + (cur, line, offset, True)
                    else:
                        equals = 0
                        if c == 0x0D:
                            carriage_returns += 1
                        elif c == 0x5B:  # [
                            brackets = True
            if not found:
                break  # the record may go on in the next chunk
            q = i  # the next record's header line
            if self.bytes_mode == BYTES_UTF16:
                nbytes *= 2
            elif encode_record:
                nbytes = len(PyUnicode_Substring(text, cur, q).encode(self.codec, "surrogatepass"))
            if plain_ending(kind, data, body_start, q, crlf, carriage_returns):
                body = PyUnicode_Substring(text, body_start, q - term)
            else:
                body = self.trim_record(PyUnicode_Substring(text, body_start, q))
            who = PyUnicode_Substring(text, h.who_start, h.who_end)
            known = self.authors.get(who)
            if known is None:
                author = self.parse_sender(who)
                known = self.authors[who] = (author, author.name == "系统消息", orjson_dumps(author))
            author = known[0]
            if known[1]:
                message_kind, attachments = self.classify(author, body)
            elif brackets or recall_char:
                # short texts recur ("[图片]", "收到[表情]"): their kind is looked up, not worked out again
                kinds = self.kinds.get(body) if PyUnicode_GET_LENGTH(body) <= SHORT_TEXT else None
                if kinds is None:
                    kinds = self.classify(author, body)
                    if PyUnicode_GET_LENGTH(body) <= SHORT_TEXT:
                        if len(self.kinds) >= SHORT_TEXTS_KEPT:
                            self.kinds.clear()
                        self.kinds[body] = kinds
                message_kind, attachments = kinds
            else:
                message_kind, attachments = "text", ()
            hour_chars = hour
            hour_len = len(hour)
            memcpy(stamp, hour_chars, 14)
            stamp[14] = <char>(48 + h.minute // 10)
            stamp[15] = <char>(48 + h.minute % 10)
            stamp[16] = b":"[0]
            stamp[17] = <char>(48 + h.second // 10)
            stamp[18] = <char>(48 + h.second % 10)
            memcpy(stamp + 19, hour_chars + 14, hour_len - 14)
            if json_lines:
                self.add_json(
                    out, line, offset, message_kind, channel_json, known[2], stamp, hour_len + 5, body,
                    attachments,
                )
            else:
                messages.append(
                    self.message(
                        self.prefix + str(line),
                        message_kind,
                        self.source(self.file, self.fmt, self.sha256, line, offset, self.encoding, self.tz),
                        channel,
                        author,
                        PyUnicode_DecodeASCII(stamp, hour_len + 5, NULL),
                        body,
                        attachments,
                    )
                )
            count += 1
            line += lines
            offset += nbytes
            cur = q
            h = following
            hour = self.hour_of(&h)
            if count >= most:
                return self.result(messages, count, json_lines, out) + (cur, line, offset, hour is None)
        return self.result(messages, count, json_lines, out) + (cur, line, offset, True)

    cdef tuple result(self, list messages, Py_ssize_t count, bint json_lines, Buffer *out):
        if json_lines:
            return PyBytes_FromStringAndSize(out.data, out.size), count
        return messages, count

    cdef int add_json(
        self, Buffer *out, Py_ssize_t line, Py_ssize_t offset, str message_kind, bytes channel_json,
        bytes author_json, const char *stamp, Py_ssize_t stamp_len, str body, tuple attachments,
    ) except -1:
        """One message's JSON line, as orjson writes the Message dataclass: its fields in order, the
        strings escaped by orjson itself (the tests compare the two byte for byte)."""
        cdef Py_ssize_t kind_len
        cdef const char *kind_chars = PyUnicode_AsUTF8AndSize(message_kind, &kind_len)
        add_bytes(out, self.json_id)
        add_number(out, line)
        add_bytes(out, JSON_KIND)
        add(out, kind_chars, kind_len)
        add_bytes(out, self.json_source)
        add_number(out, line)
        add_bytes(out, JSON_OFFSET)
        add_number(out, offset)
        add_bytes(out, self.json_encoding)
        add_bytes(out, channel_json)
        add_bytes(out, JSON_AUTHOR)
        add_bytes(out, author_json)
        add_bytes(out, JSON_SENT_AT)
        add(out, stamp, stamp_len)
        add_bytes(out, JSON_TEXT)
        add_bytes(out, orjson_dumps(body))
        if attachments:
            add_bytes(out, JSON_ATTACHMENTS)
            add_bytes(out, orjson_dumps(attachments))
            add_bytes(out, JSON_END)
        else:
            add_bytes(out, JSON_NO_ATTACHMENTS_END)
        return 0
