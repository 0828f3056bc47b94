"""Page bytes that declare no encoding are read as a browser reads them: in one of the web's
encodings, the page's own language's first where several read it equally cleanly."""

from __future__ import annotations

import pytest

from tracker.encoding import decode_page

GERMAN = (
    "Die Gemeinde lädt alle Bürgerinnen und Bürger zur Versammlung am Donnerstag ein. "
    "Auf der Tagesordnung stehen der Haushalt, die Straßenbeleuchtung und „die neue Kita“."
)
FRENCH = (
    "La mairie rappelle que la collecte des déchets verts reprendra après les fêtes. "
    "Les habitants du quartier Saint-Michel sont priés de déposer leurs sacs la veille au soir."
)
SPANISH = (
    "El ayuntamiento informa de que la piscina municipal abrirá el próximo lunes. "
    "Los niños menores de doce años deberán ir acompañados de un adulto."
)
POLISH = (
    "Urząd Gminy informuje, że od poniedziałku zmieniają się godziny pracy kasy. "
    "Wpłaty będzie można dokonywać również przelewem na rachunek bankowy gminy, "
    "a mieszkańcy otrzymają zawiadomienia pocztą."
)
CZECH = (
    "Obecní úřad oznamuje, že od pondělí bude uzavřena silnice do sousední obce. "
    "Objížďka povede přes náměstí a kolem školy."
)
JAPANESE = "町役場からのお知らせです。来週の月曜日から図書館の開館時間が変わります。"


def page(text: str, lang: str | None) -> str:
    html_tag = f'<html lang="{lang}">' if lang else "<html>"
    return f"{html_tag}<head><title>Nachricht</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("text", "lang", "codec"),
    [
        (GERMAN, "de", "cp1252"),
        (GERMAN, None, "cp1252"),
        (FRENCH, "fr", "cp1252"),
        (SPANISH, "es", "cp1252"),
        (POLISH, "pl", "iso8859_2"),
        (POLISH, None, "iso8859_2"),
        (POLISH, "pl", "cp1250"),
        (CZECH, "cs", "cp1250"),
        (JAPANESE, "ja", "shift_jis"),
        (JAPANESE, None, "euc_jp"),
    ],
)
def test_an_undeclared_page_reads_as_written(text: str, lang: str | None, codec: str) -> None:
    html = page(text, lang)
    decoded, _ = decode_page(html.encode(codec))
    assert decoded == html


def test_the_guess_is_one_of_the_web_encodings() -> None:
    # (DOS code pages read these bytes as cleanly, and no browser ever reads a page in one)
    _, codec = decode_page(page(GERMAN, None).encode("cp1252"))
    assert codec == "cp1252"
