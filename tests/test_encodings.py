"""Encoding detection restricted to Cyrillic code pages; BOM and line endings kept; clear failures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translit.encodings import ASK, decode, detect_encoding, encode, newline_style, output_codec, relabelled_utf8
from translit.errors import InputError, OutputError


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("cp1251", "Ўзбек тили"),  # unrestricted detection reads this as shift_jis (research §3.2)
        ("cp1251", "Тошкент"),
        ("ptcp154", "шаҳар"),
        ("ptcp154", "Қизил шаҳар ва ғалаба"),
        ("cp866", "Ўзбекистон"),  # unrestricted detection says cp1125, turning Ў into І
        ("koi8_r", "Тошкент шахри ва Самарканд вилояти"),
        ("utf_8", "Ўзбекистон шаҳри"),
    ],
)
def test_short_uzbek_texts_are_detected(codec: str, text: str) -> None:
    data = text.encode(codec)
    assert detect_encoding(data) == (codec, False)
    assert decode(data).text == text


@pytest.mark.parametrize("codec", ["utf_16_le", "utf_16_be"])
def test_utf16_without_bom_is_recognised_even_though_it_is_valid_utf8(codec: str) -> None:
    data = "Ўзбекистон Республикаси\r\n".encode(codec)
    data.decode("utf-8")  # Cyrillic UTF-16 is a run of control bytes: valid UTF-8 too
    assert detect_encoding(data) == (codec, False)


def test_bom_is_detected_remembered_and_written_back() -> None:
    d = decode("\ufeffСалом\r\n".encode("utf-16-le"))
    assert (d.text, d.encoding, d.bom, d.newline) == ("Салом\r\n", "utf_16_le", True, "\r\n")
    assert encode("Salom\r\n", d) == b"\xef\xbb\xbfSalom\r\n"  # UTF-8 with a BOM by default
    assert encode("Salom\r\n", d, keep_encoding=True) == "\ufeffSalom\r\n".encode("utf-16-le")


def test_newline_styles() -> None:
    assert [newline_style(t) for t in ("a\nb\n", "a\r\nb", "a\rb", "a\nb\r\n", "ab")] == [
        "\n",
        "\r\n",
        "\r",
        "mixed",
        "none",
    ]


def test_binary_is_refused_with_the_file_name() -> None:
    with pytest.raises(InputError) as err:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", path="img.txt")
    assert str(err.value) == f"img.txt: looks like a binary file (NUL bytes), not text; if it is text, {ASK}"


def test_wrong_explicit_encoding_names_the_bytes() -> None:
    with pytest.raises(InputError) as err:
        decode(b"ok " + "Салом".encode("cp1251"), path="a.txt", encoding="utf-8")
    assert str(err.value) == f"a.txt: not valid utf-8 at byte 3 (0xd1); {ASK}"


def test_keep_encoding_refuses_what_the_code_page_lacks() -> None:
    d = decode("Ўзбек".encode("cp1251"))
    with pytest.raises(OutputError) as err:
        encode("Oʻzbek", d, keep_encoding=True, path="x.txt")
    assert "cp1251 cannot encode 'ʻ' (U+02BB) at line 1" in str(err.value)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8")),
        st.tuples(st.sampled_from(["utf-8-sig", "utf-16", "utf-16-le", "cp1251"]), st.text(max_size=100)).map(
            lambda ct: ct[1].encode(ct[0], "replace")
        ),
    )
)
def test_decode_gives_the_detected_codecs_text(data: bytes) -> None:
    """`decode` reuses the text that telling UTF-8 decoded: the same as decoding with the detected codec."""
    try:
        codec, bom = detect_encoding(data)
    except InputError:
        with pytest.raises(InputError):
            decode(data)
        return
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        with pytest.raises(InputError):
            decode(data)
        return
    got = decode(data)
    assert got.text == text.removeprefix("\ufeff")
    assert (got.encoding, got.bom) == (codec, bom or text.startswith("\ufeff"))


def test_which_outputs_must_relabel_their_encoding_as_utf8() -> None:
    """The one decision the HTML and .po rewriters read (and the streaming path's codec): UTF-8 out of any other
    encoding, however its name is spelled; never with --keep-encoding, never for UTF-8 in."""
    assert [relabelled_utf8(c) for c in ("cp1251", "utf_16", "koi8_r", "UTF-8", "utf8", "utf_8")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert not relabelled_utf8("cp1251", keep_encoding=True)
    assert (output_codec("cp1251"), output_codec("cp1251", True), output_codec("utf_16", True)) == (
        "utf_8",
        "cp1251",
        "utf_16_le",
    )


def _newline_style_former(text: str) -> str:
    """`newline_style` before its one-scan shortcut for text without CR: the reference."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    kinds = [k for k, n in (("\r\n", crlf), ("\n", lf), ("\r", cr)) if n]
    if not kinds:
        return "none"
    return kinds[0] if len(kinds) == 1 else "mixed"


@given(st.lists(st.sampled_from(["a", "ў", "\n", "\r", "\r\n", " ", "\n\r"]), max_size=12).map("".join))
def test_newline_style_as_before(text: str) -> None:
    assert newline_style(text) == _newline_style_former(text)


def _utf16_without_bom_former(data: bytes) -> str | None:
    """`_utf16_without_bom` before its check of the whole sample: the reference."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    half = len(sample) // 2
    for high, codec in ((sample[1::2], "utf_16_le"), (sample[0::2], "utf_16_be")):
        if len(high) - len(high.translate(None, bytes(range(5)))) < half * 0.9:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if sum(1 for ch in text[:2048] if ord(ch) < 32 and ch not in "\r\n\t") == 0:
            return codec
    return None


@given(
    st.one_of(
        st.binary(max_size=64),
        st.tuples(st.sampled_from(["utf-16-le", "utf-16-be", "utf-8", "cp1251"]), st.text(max_size=60)).map(
            lambda ct: ct[1].encode(ct[0], "replace")
        ),
        st.lists(st.sampled_from([b"\x00", b"\x04", b"a", b"\xd0", b"\x00a", b"a\x00", b"\x04\x30"]), max_size=40).map(
            b"".join
        ),
    )
)
def test_utf16_without_bom_as_before(data: bytes) -> None:
    from translit.encodings import _utf16_without_bom

    assert _utf16_without_bom(data) == _utf16_without_bom_former(data)
