import pytest

from framing.corpus.encodings import decode_bytes
from framing.errors import InputError

RU = "Северная Корея направила войска в Курскую область, сообщило агентство ТАСС. Москва и Пхеньян подписали договор."
KO = "북한은 러시아와의 군사 협력을 강화하고 있다고 조선중앙통신이 보도했다. 김정은 위원장은 연설에서 말했다."
AR = "قال التلفزيون الرسمي إن كوريا الشمالية أرسلت قوات إلى روسيا لدعم الحرب في أوكرانيا."


@pytest.mark.parametrize("text,enc", [
    (RU, "windows-1251"), (RU, "koi8-r"), (RU, "utf-16"), (RU, "utf-16-le"), (RU, "utf-16-be"), (RU, "utf-8-sig"),
    (KO, "euc-kr"), (KO, "utf-16"), (KO, "utf-16-le"), (KO, "utf-16-be"),
    (AR, "windows-1256"), (AR, "utf-16"), (AR, "utf-16-le"), (AR, "utf-8"),
])
def test_legacy_and_utf16_encodings_decode_exactly(text, enc):
    assert decode_bytes(text.encode(enc)).text == text


@pytest.mark.parametrize("text", [RU, KO, AR, "Kim Jong-un’s “holy war” — café"])
@pytest.mark.parametrize("wrong", ["latin-1", "sloppy-windows-1252"])
def test_mojibake_is_repaired(text, wrong):
    import ftfy  # noqa: F401  (registers the sloppy codecs)

    garbled = text.encode("utf-8").decode(wrong)
    assert garbled != text
    d = decode_bytes(garbled.encode("utf-8"))
    assert d.text == text and d.repaired


def test_latin1_mislabelled_as_utf8_is_decoded():
    text = "Le président a déclaré à l’AFP que la Corée du Nord soutient la Russie."
    d = decode_bytes(text.replace("’", "'").encode("latin-1"))
    assert d.text == text.replace("’", "'")


def test_clean_utf8_is_left_alone():
    d = decode_bytes("Pyongyang will stand by Moscow – North Korea".encode())
    assert d.encoding == "utf-8" and not d.repaired


@pytest.mark.parametrize("data,code", [(b"", "E002"), (b"   \n\t ", "E002"), (bytes(range(256)) * 8, "E003")])
def test_bad_bytes_raise_coded_errors(data, code):
    with pytest.raises(InputError) as ei:
        decode_bytes(data, path="x.txt")
    assert ei.value.code == code and "x.txt" in str(ei.value)
