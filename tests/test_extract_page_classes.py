"""Extraction on the kinds of pages people watch besides news: public-body and company pages,
recipes, forums, shops, documentation, old table layouts, pages a script reveals.

Each page is hand-written in the shape such sites have (chrome around the content: a cookie
banner, navigation, a sidebar of teasers, a footer), with the lines that must come out as
the body and the lines that must not. The chrome's text is long, running text on purpose: a
sidebar of news teasers or a comment thread looks like an article to a naive extractor.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tracker.extract import extract

COOKIE = (
    '<div class="cookie-banner"><p>Wir verwenden Cookies, um Ihnen die bestmögliche Nutzung'
    " unserer Webseite zu ermöglichen. Mit der Nutzung stimmen Sie der Verwendung zu.</p>"
    '<a href="#">Akzeptieren</a></div>'
)
NAV = (
    '<header class="site-header"><div class="logo"><a href="/">Stadt Beispiel</a></div>'
    '<nav class="main-nav"><ul>'
    + "".join(f'<li><a href="/s{i}">Bereich {i} im Überblick</a></li>' for i in range(8))
    + "</ul></nav></header>"
)
TEASER = (
    "Das Bürgerbüro hat ab dem kommenden Monat neue Öffnungszeiten, die den Wünschen vieler"
    " Bürgerinnen und Bürger entsprechen sollen, wie die Verwaltung mitteilt"
)
SIDEBAR = (
    '<aside class="sidebar"><h3>Aktuelles</h3>'
    + "".join(
        f'<div class="news-item"><h4><a href="/n{i}">Neue Öffnungszeiten {i}</a></h4>'
        f"<p>{TEASER} ({i}).</p></div>"
        for i in range(4)
    )
    + "</aside>"
)
FOOTER_TEXT = "Stadtverwaltung Beispiel, Marktplatz 1, 12345 Beispielstadt, Telefon 0123 45678"
FOOTER = (
    f'<footer class="site-footer"><p>{FOOTER_TEXT}</p><ul><li><a href="/impressum">Impressum'
    '</a></li><li><a href="/datenschutz">Datenschutz</a></li></ul>'
    "<p>© 2026 Stadt Beispiel. Alle Rechte vorbehalten.</p></footer>"
)
CHROME = [TEASER, FOOTER_TEXT, "Wir verwenden Cookies", "Bereich 3 im Überblick"]

BRIDGE = [
    "Die Stadt saniert in diesem Sommer die Brücke über den Mühlbach, die seit mehr als"
    " sechzig Jahren die Altstadt mit dem Neubaugebiet verbindet.",
    "Während der Bauarbeiten wird der Verkehr über die Gartenstraße umgeleitet; Fußgänger und"
    " Radfahrer können einen provisorischen Steg nutzen.",
    "Die Kosten von rund 2,4 Millionen Euro trägt zu einem großen Teil das Land, den Rest"
    " finanziert die Stadt aus ihrem Haushalt für Infrastruktur.",
    "Anwohnerinnen und Anwohner sind zu einer Informationsveranstaltung am 14. Mai um 18 Uhr"
    " im Rathaus eingeladen, bei der die Planer Fragen beantworten.",
    "Nach dem Abschluss der Arbeiten soll die Brücke wieder für Fahrzeuge bis 30 Tonnen"
    " freigegeben und barrierefrei ausgebaut sein.",
]
LEDE = (
    "Die marode Brücke über den Mühlbach wird ab Juni für vier Monate gesperrt und von Grund"
    " auf erneuert, teilte die Stadt am Montag mit."
)
OTHER_STORY = (
    "Eine ganz andere Geschichte über den Stadtrat und seine Beschlüsse zum Haushalt des"
    " kommenden Jahres"
)


def framed(main: str) -> str:
    """A page of the usual frame: banner, navigation, the content column, a sidebar, a
    footer."""
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Seite</title>'
        f'</head><body>{COOKIE}{NAV}<div class="container"><div class="row">'
        f'<div class="col-md-8">{main}</div>{SIDEBAR}</div></div>{FOOTER}</body></html>'
    )


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


@dataclass(frozen=True)
class Case:
    html: str
    body: list[str]  # lines that must come out, each inside one paragraph
    not_body: list[str]  # text that must not come out


CHRONICLE = [
    "Der Heimatverein Oberdorf wurde im Jahr 1952 von elf Bürgern im Gasthaus Krone gegründet.",
    "Erster Vorsitzender war der Lehrer Karl Brenner, der das Amt über zwanzig Jahre innehatte.",
    "1978 konnte der Verein das alte Backhaus erwerben und in vielen Arbeitsstunden restaurieren.",
    "Heute zählt der Verein rund 180 Mitglieder und richtet jedes Jahr im September ein Fest aus.",
]
INGREDIENTS = ["500 g Mehl", "1 Würfel Hefe", "300 ml lauwarmes Wasser", "1 TL Salz"]
STEPS = [
    "Die Hefe im lauwarmen Wasser auflösen und zehn Minuten stehen lassen, bis sich Bläschen"
    " bilden.",
    "Mehl und Salz in einer großen Schüssel mischen, das Hefewasser dazugeben und alles zu"
    " einem glatten Teig kneten.",
    "Den Teig abgedeckt an einem warmen Ort eine Stunde gehen lassen, bis er sich sichtbar"
    " vergrößert hat.",
    "Den Ofen auf 220 Grad vorheizen, den Teig formen und etwa 25 Minuten goldbraun backen.",
]
RECIPE_INTRO = (
    "Dieses einfache Brot gelingt auch Anfängern und braucht nur wenige Zutaten, die man fast"
    " immer im Haus hat."
)
COMMENT = (
    "Ich habe das Rezept ausprobiert und es hat wunderbar geklappt, nur die Backzeit war bei"
    " meinem Ofen etwas länger als angegeben"
)
QUESTION = [
    "Hallo zusammen, seit dem letzten Update startet mein Router nach etwa einer Stunde neu"
    " und die Verbindung bricht jedes Mal ab.",
    "Ich habe schon die Werkseinstellungen wiederhergestellt und die Firmware neu aufgespielt,"
    " aber das Problem tritt weiterhin auf.",
    "Hat jemand eine Idee, woran das liegen könnte, oder ähnliche Erfahrungen gemacht?",
]
DESCRIPTION = [
    "Der Wanderrucksack aus recyceltem Polyester fasst 30 Liter und wiegt nur 900 Gramm.",
    "Ein verstellbares Rückensystem mit Netzeinsatz sorgt auch bei warmem Wetter für Belüftung.",
    "Die Regenhülle ist im Bodenfach verstaut und lässt sich mit einem Griff herausziehen.",
]
MANUAL = [
    "The configuration file is read once at start-up; changes take effect after a restart of"
    " the service.",
    "Each section names one component and holds its options as key and value pairs.",
    "Options that are not given take the defaults listed in the table below.",
]
SECTIONS = [
    ("Was wir tun", "Wir entwickeln seit 1998 Software für die Planung von Nahverkehrsnetzen."),
    ("Unser Team", "Über vierzig Menschen aus Informatik und Verkehrsplanung arbeiten bei uns."),
    ("Kontakt", "Schreiben Sie uns, wenn Sie ein Projekt planen, wir melden uns rasch."),
]


def builder_block(inner: str, i: int) -> str:
    """A page builder's section (Elementor's markup): every piece of content is a "widget"."""
    return (
        f'<section class="elementor-section elementor-top-section elementor-element-{i}c5">'
        '<div class="elementor-container"><div class="elementor-column elementor-col-100">'
        f'<div class="elementor-widget-wrap">{inner}</div></div></div></section>'
    )


def flex_block(inner: str, i: int) -> str:
    """A page builder's section in its newer markup (Elementor's flexbox containers)."""
    return (
        f'<div class="elementor-element elementor-element-{i}f7 e-flex e-con-boxed e-con'
        f' e-parent"><div class="e-con-inner">{inner}</div></div>'
    )


def builder_widget(kind: str, inner: str) -> str:
    return (
        f'<div class="elementor-element elementor-widget elementor-widget-{kind}">'
        f'<div class="elementor-widget-container">{inner}</div></div>'
    )


CASES: dict[str, Case] = {
    # content elements of a CMS (TYPO3's frames), no <article>, class words it never saw
    "cms content elements": Case(
        framed(
            '<div id="content"><div id="c101" class="frame frame-type-header">'
            "<h1>Brücke über den Mühlbach wird saniert</h1></div>"
            + "".join(
                f'<div id="c{200 + i}" class="frame frame-default frame-type-text">'
                f'<p class="bodytext">{line}</p></div>'
                for i, line in enumerate(BRIDGE)
            )
            + "</div>"
        ),
        BRIDGE,
        CHROME,
    ),
    "text broken by br": Case(
        framed('<h1>Brücke</h1><div class="inhalt">' + "<br><br>".join(BRIDGE) + "</div>"),
        BRIDGE,
        CHROME,
    ),
    "table layout": Case(
        '<html><head><title>Brücke</title></head><body><table width="100%"><tr>'
        '<td width="180" valign="top">'
        + "".join(f'<a href="/m{i}">Menüpunkt {i}</a><br>' for i in range(10))
        + '</td><td valign="top"><font face="Arial"><b>Brücke über den Mühlbach</b><br><br>'
        + "<br><br>".join(BRIDGE)
        + "</font></td></tr></table><p>© Stadt Beispiel</p></body></html>",
        BRIDGE,
        ["Menüpunkt 3"],
    ),
    # a small site's footer row inside the layout table, with the visitor counter such sites
    # print: a line that changes on every visit
    "table layout with a visitor counter": Case(
        "<html><head><title>Heimatverein Oberdorf - Chronik</title></head><body><table>"
        '<tr><td colspan="2"><img src="kopf.jpg"></td></tr><tr><td valign="top" class="menu">'
        + "".join(f'<a href="/m{i}">Menüpunkt {i}</a><br>' for i in range(6))
        + '</td><td valign="top"><font face="Arial" size="2"><b><font size="4">Chronik des'
        " Heimatvereins</font></b><br><br>"
        + "<br><br>".join(CHRONICLE)
        + '</font></td></tr><tr><td colspan="2" align="center" class="fuss"><font size="1">Letzte'
        " Aktualisierung: 03.02.2026 | Webmaster: H. Maier | Besucher seit 2001: 48213</font>"
        "</td></tr></table></body></html>",
        CHRONICLE,
        ["Menüpunkt 3", "Besucher seit 2001"],
    ),
    # what changes with the visitors and the clock, not with the text: a visitor counter on a
    # line of its own, the comments and ratings beside a post's date, a relative stamp (no
    # class says what they are)
    "counts of visitors and readers' responses": Case(
        framed(
            "<main><h1>Brücke über den Mühlbach</h1><p>3. Februar 2026 · 12 Kommentare</p>"
            "<p>4,7 (1.234 Bewertungen)</p><p>Max Muster · vor 3 Std.</p>"
            "<p>Zuletzt aktualisiert vor 5 Minuten</p><p>Aktualisiert: heute, 14:05 Uhr</p>"
            + "".join(f"<p>{line}</p>" for line in BRIDGE)
            + "<p>Sie sind der 48213. Besucher</p><p>Besucherzähler: 48.213</p>"
            "<p>Zum Brückenfest kamen im vergangenen Jahr 5000 Besucher.</p>"
            "<h2>2.3 Kommentare</h2><p>Der Artikel hat bisher 12 Kommentare bekommen.</p>"
            "</main>"
        ),
        [
            *BRIDGE,
            "Zum Brückenfest kamen im vergangenen Jahr 5000 Besucher.",
            "2.3 Kommentare",  # (a section's number, no count)
            "Der Artikel hat bisher 12 Kommentare bekommen.",
        ],
        [
            *CHROME,
            *("48213. Besucher", "Besucherzähler", "· 12 Kommentare", "Bewertungen)"),
            *("vor 3 Std.", "vor 5 Minuten", "heute, 14:05"),
        ],
    ),
    # ASP.NET WebForms pages sit in one <form> from top to bottom
    "page inside a form": Case(
        '<html><head><title>Brücke</title></head><body><form id="aspnetForm" method="post">'
        '<input type="hidden" name="__VIEWSTATE" value="x">'
        f'{NAV}<div id="ctl00_main"><h1>Brücke</h1>{paragraphs(BRIDGE)}</div>{SIDEBAR}{FOOTER}'
        "</form></body></html>",
        BRIDGE,
        CHROME,
    ),
    # a consent dialog open when the page was saved: the page behind it is aria-hidden
    "page behind a dialog": Case(
        '<html><head><title>Brücke</title></head><body><div id="page" aria-hidden="true">'
        f"{NAV}<main><h1>Brücke</h1>{paragraphs(BRIDGE)}</main>{FOOTER}</div>"
        '<div role="dialog" class="consent"><p>Wir respektieren Ihre Privatsphäre. Bitte wählen'
        " Sie aus, welche Cookies Sie zulassen möchten.</p></div></body></html>",
        BRIDGE,
        [FOOTER_TEXT, "Bereich 3 im Überblick"],
    ),
    # an application shell that a script shows once it has loaded
    "page a script reveals": Case(
        '<html><head><title>Brücke</title></head><body><div id="app" style="display:none">'
        f'{NAV}<div class="content"><h1>Brücke</h1>{paragraphs(BRIDGE)}</div>{FOOTER}</div>'
        '<p class="loading">Wird geladen …</p></body></html>',
        BRIDGE,
        [FOOTER_TEXT],
    ),
    # the lede classed as a teaser, other stories' teasers after the article
    "lede classed as a teaser": Case(
        framed(
            f'<article><h1>Brücke wird saniert</h1><p class="article-teaser">{LEDE}</p>'
            f'<div class="article-text">{paragraphs(BRIDGE)}</div><div class="teaser-list">'
            + "".join(
                f'<div class="teaser"><h3><a href="/o{i}">Andere Geschichte {i}</a></h3>'
                f"<p>{OTHER_STORY} ({i}).</p></div>"
                for i in range(3)
            )
            + "</div></article>"
        ),
        [LEDE, *BRIDGE],
        [*CHROME, OTHER_STORY],
    ),
    "recipe": Case(
        framed(
            f'<div class="recipe"><h1>Einfaches Brot</h1><p class="intro">{RECIPE_INTRO}</p>'
            '<h2>Zutaten</h2><ul class="ingredients">'
            + "".join(f"<li>{x}</li>" for x in INGREDIENTS)
            + '</ul><h2>Zubereitung</h2><ol class="steps">'
            + "".join(f"<li>{x}</li>" for x in STEPS)
            + '</ol></div><section class="comments"><h3>3 Kommentare</h3>'
            + "".join(
                f'<div class="comment"><p class="comment-author">Leser {i}</p>'
                f"<p>{COMMENT} ({i}).</p></div>"
                for i in range(3)
            )
            + "</section>"
        ),
        [RECIPE_INTRO, *INGREDIENTS, *STEPS],
        [*CHROME, COMMENT],
    ),
    "forum thread": Case(
        framed(
            '<h1>Router startet ständig neu</h1><div class="topic">'
            '<div class="post" id="p0"><div class="postauthor">Fragesteller</div>'
            f'<div class="postbody">{paragraphs(QUESTION)}</div></div>'
            + "".join(
                f'<div class="post" id="p{i}"><div class="postauthor">Nutzer {i}</div>'
                '<div class="postbody"><p>Bei mir war es das Netzteil, nach dem Austausch lief'
                f" alles wieder stabil, Antwort {i}.</p></div></div>"
                for i in range(1, 3)
            )
            + "</div>"
        ),
        QUESTION,
        CHROME,
    ),
    "product page": Case(
        framed(
            '<div class="product-detail"><h1>Wanderrucksack 30 L</h1>'
            '<div class="price">89,90 €</div><button>In den Warenkorb</button>'
            f'<div class="product-description">{paragraphs(DESCRIPTION)}</div>'
            '<ul class="features"><li>Volumen: 30 Liter</li><li>Gewicht: 900 g</li></ul></div>'
        ),
        DESCRIPTION,
        [*CHROME, "In den Warenkorb"],
    ),
    "documentation": Case(
        "<html><head><title>Configuration</title></head><body>"
        '<div class="related" role="navigation"><ul><li><a href="/">index</a></li>'
        '<li><a href="/next">next</a></li></ul></div><div class="document">'
        '<div class="documentwrapper"><div class="bodywrapper"><div class="body" role="main">'
        f'<section id="configuration"><h1>Configuration</h1><p>{MANUAL[0]}</p>'
        f'<section id="sections"><h2>Sections</h2><p>{MANUAL[1]}</p>'
        f"<pre>[server]\nport = 8080</pre><p>{MANUAL[2]}</p></section></section></div></div>"
        '</div><div class="sphinxsidebar" role="navigation"><h3>Table of contents</h3><ul>'
        + "".join(f'<li><a href="#s{i}">Section {i} of this guide</a></li>' for i in range(12))
        + '</ul></div></div><div class="footer">© Copyright 2026, The Project.</div>'
        "</body></html>",
        [*MANUAL, "Sections", "[server] port = 8080"],
        ["Section 3 of this guide", "Copyright 2026"],
    ),
    "page builder's widgets": Case(
        framed(
            '<div data-elementor-type="wp-page" class="elementor">'
            + "".join(
                builder_block(
                    builder_widget("heading", f'<h2 class="elementor-heading-title">{head}</h2>')
                    + builder_widget("text-editor", f"<p>{text}</p>")
                    + builder_widget("text-editor", f"<p>{BRIDGE[i]}</p>"),
                    i,
                )
                for i, (head, text) in enumerate(SECTIONS)
            )
            + "</div>"
        ),
        [*(line for pair in SECTIONS for line in pair), *BRIDGE[:3]],
        CHROME,
    ),
    # what a paywalled article shows before the wall sits in the "paywall" element
    "article in a paywall element": Case(
        framed(
            f'<article><h1>Brücke</h1><p>{BRIDGE[0]}</p><div class="paywall">'
            f'{paragraphs(BRIDGE[1:])}</div><div class="paywall-prompt">'
            '<a href="/abo">Jetzt abonnieren und weiterlesen</a></div></article>'
        ),
        BRIDGE,
        [*CHROME, "Jetzt abonnieren"],
    ),
    "company page of sections": Case(
        framed(
            "".join(
                f'<section class="block block-{i}"><div class="inner"><h2>{head}</h2>'
                f"<p>{text}</p></div></section>"
                for i, (head, text) in enumerate(SECTIONS)
            )
        ),
        [line for pair in SECTIONS for line in pair],
        CHROME,
    ),
}


# More shapes of content: inline link boxes, paragraphs without <p>, FAQs, job postings,
# a CJK page, a short article above a long footer, an event.
READ_ALSO = (
    '<div class="inline-teaser"><span>Lesen Sie auch:</span> <a href="/x">Stadtrat beschließt'
    " Haushalt für das kommende Jahr</a></div>"
)
CASES["inline link boxes"] = Case(
    framed(
        '<article><h1>Brücke</h1><div class="article-body">'
        + "".join(f"<p>{b}</p>" + (READ_ALSO if i % 2 else "") for i, b in enumerate(BRIDGE))
        + "</div></article>"
    ),
    BRIDGE,
    [*CHROME, "Stadtrat beschließt"],
)
CASES["div paragraphs"] = Case(
    framed('<div class="entry">' + "".join(f"<div>{b}</div>" for b in BRIDGE) + "</div>"),
    BRIDGE,
    CHROME,
)
CASES["spans and br in p"] = Case(
    framed(
        '<div class="beitrag"><p>'
        + "<br><br>".join(f'<span style="font-size:12pt">{b}</span>' for b in BRIDGE)
        + "</p></div>"
    ),
    BRIDGE,
    CHROME,
)
FAQ = [
    (
        "Wie beantrage ich einen Anwohnerparkausweis?",
        "Den Antrag stellen Sie online oder im Bürgerbüro; bringen Sie Ihren Fahrzeugschein"
        " und den Personalausweis mit.",
    ),
    (
        "Was kostet der Ausweis?",
        "Die Gebühr beträgt 30 Euro für ein Jahr und wird bei der Ausgabe bar oder mit Karte"
        " bezahlt.",
    ),
    (
        "Wie lange ist er gültig?",
        "Der Ausweis gilt ein Jahr und kann frühestens vier Wochen vor Ablauf verlängert werden.",
    ),
]
CASES["faq dl"] = Case(
    framed(
        '<h1>Häufige Fragen</h1><dl class="faq">'
        + "".join(f"<dt>{q}</dt><dd>{a}</dd>" for q, a in FAQ)
        + "</dl>"
    ),
    [x for qa in FAQ for x in qa],
    CHROME,
)
CASES["faq details"] = Case(
    framed(
        '<h1>Häufige Fragen</h1><div class="accordion">'
        + "".join(
            f'<details class="accordion-item"><summary>{q}</summary>'
            f'<div class="accordion-body"><p>{a}</p></div></details>'
            for q, a in FAQ
        )
        + "</div>"
    ),
    [x for qa in FAQ for x in qa],
    CHROME,
)
TASKS = [
    "Sie planen und steuern Bauprojekte im Bereich Straßen und Brücken",
    "Sie koordinieren externe Ingenieurbüros und Baufirmen",
    "Sie vertreten die Projekte in Gremien und gegenüber der Öffentlichkeit",
]
REQ = [
    "Abgeschlossenes Studium des Bauingenieurwesens",
    "Mehrjährige Berufserfahrung im Straßenbau",
    "Führerschein Klasse B",
]
JOB_INTRO = (
    "Die Stadt Beispiel sucht zum nächstmöglichen Zeitpunkt eine Projektleitung für den Bereich"
    " Tiefbau in Vollzeit, unbefristet."
)
CASES["job posting"] = Case(
    framed(
        f'<div class="job"><h1>Projektleitung Tiefbau (m/w/d)</h1><p>{JOB_INTRO}</p>'
        "<h2>Ihre Aufgaben</h2><ul>"
        + "".join(f"<li>{t}</li>" for t in TASKS)
        + "</ul><h2>Ihr Profil</h2><ul>"
        + "".join(f"<li>{t}</li>" for t in REQ)
        + '</ul><p><a class="button" href="/bewerben">Jetzt bewerben</a></p></div>'
    ),
    [JOB_INTRO, *TASKS, *REQ],
    CHROME,
)
JA = [
    "市は今年の夏、旧市街と新興住宅地を結ぶ築六十年以上の橋を改修すると発表した。",
    "工事期間中、車両は迂回路を通行し、歩行者と自転車は仮設の歩道橋を利用できる。",
    "総工費は約二億四千万円で、その大部分を県が負担し、残りを市の予算で賄う。",
]
CASES["japanese"] = Case(
    '<html lang="ja"><head><meta charset="utf-8"><title>橋</title></head><body>'
    '<div id="header"><ul>'
    + "".join(f'<li><a href="/{i}">メニュー項目{i}</a></li>' for i in range(8))
    + '</ul></div><div id="main"><h1>橋の改修</h1>'
    + "".join(f"<p>{j}</p>" for j in JA)
    + '</div><div id="side"><p>'
    + "関連記事：市議会が来年度予算案を可決、新しい図書館の建設計画も承認された。"
    + "</p></div></body></html>",
    JA,
    ["メニュー項目3"],
)
SHORT = BRIDGE[:2]
BIG_FOOTER = (
    '<footer class="site-footer">'
    + "".join(
        f"<p>Der Verein für Heimatpflege wurde im Jahr 1952 gegründet und engagiert sich seitdem"
        f" für den Erhalt historischer Gebäude in der Region, Absatz {i}.</p>"
        for i in range(6)
    )
    + "</footer>"
)
CASES["short article, long footer"] = Case(
    "<html><head><title>T</title></head><body>"
    + NAV
    + "<main><h1>Brücke</h1>"
    + paragraphs(SHORT)
    + "</main>"
    + BIG_FOOTER
    + "</body></html>",
    SHORT,
    ["Heimatpflege"],
)
EVENT = [
    "Am Samstag, 14. Juni, lädt der Verein zum Sommerfest auf dem Marktplatz ein.",
    "Neben Musik und Essen gibt es ein Kinderprogramm mit Zauberer und Hüpfburg.",
    "Der Eintritt ist frei; bei Regen findet das Fest in der Stadthalle statt.",
]
CASES["event"] = Case(
    framed(
        '<div class="event-detail"><h1>Sommerfest</h1><div class="event-meta">'
        '<span class="date">14.06.2026</span><span class="location">Marktplatz</span></div>'
        '<div class="event-description">' + paragraphs(EVENT) + "</div></div>"
    ),
    EVENT,
    CHROME,
)


KOMMENTAR = (
    "Ich wohne direkt an der Brücke und finde es höchste Zeit, dass endlich etwas passiert, die"
    " Schlaglöcher sind seit Jahren ein Ärgernis für alle, die hier täglich unterwegs sind"
)
# class words in the site's own language: the comments outweigh the article in text
CASES["german class words"] = Case(
    framed(
        '<div class="artikel-inhalt"><h1>Brücke</h1>'
        + paragraphs(BRIDGE[:3])
        + '</div><div class="werbung-block"><p>Jetzt den günstigen Stromtarif der Stadtwerke'
        " wählen und bis zu 200 Euro im Jahr sparen, ganz ohne Risiko.</p></div>"
        '<div class="leser-kommentare"><h3>12 Kommentare</h3>'
        + "".join(f'<div class="kommentar"><p>{KOMMENTAR}, Nummer {i}.</p></div>' for i in range(8))
        + "</div>"
    ),
    BRIDGE[:3],
    [*CHROME, KOMMENTAR, "Stromtarif"],
)


SOURCES = ["Haushaltsplan 2026 der Stadt (PDF)", "Gutachten zur Standfestigkeit der Brücke"]
# a list of links that is the article's own (its sources), and one of other stories
CASES["list of links in the article"] = Case(
    framed(
        f"<article><h1>Brücke</h1>{paragraphs(BRIDGE[:3])}<h2>Quellen</h2><ul>"
        + "".join(f'<li><a href="/doc{i}">{x}</a></li>' for i, x in enumerate(SOURCES))
        + '</ul><div class="related-stories"><h3>Mehr zum Thema</h3><ul>'
        + "".join(f'<li><a href="/o{i}">{OTHER_STORY} ({i})</a></li>' for i in range(3))
        + "</ul></div></article>"
    ),
    [*BRIDGE[:3], *SOURCES],
    [*CHROME, OTHER_STORY],
)


LONG_STORY = [f"{line} ({i})" for i, line in enumerate(BRIDGE * 3)]
# a CMS writes every paragraph of the story in one class and splits the story into containers
# between an image and an ad: the lede's container sits apart from the rest
CASES["story split into containers of one paragraph class"] = Case(
    framed(
        '<article class="story"><div class="story-head"><h1>Brücke</h1>'
        '<div class="lede"><p class="story-text">'
        f"{LONG_STORY[0]}</p></div></div>"
        '<div class="ad-container"><p>Anzeige</p></div>'
        '<div class="story-main"><div class="column"><div class="story-part">'
        + "".join(f'<p class="story-text">{line}</p>' for line in LONG_STORY[1:])
        + "</div></div></div></article>"
        + '<div class="leser-kommentare">'
        + "".join(f'<div class="kommentar"><p>{KOMMENTAR}, Nummer {i}.</p></div>' for i in range(3))
        + "</div>"
    ),
    LONG_STORY,
    [*CHROME, KOMMENTAR, "Anzeige"],
)


# the same with plain paragraphs, the class on their containers (a lede block, a gallery, the
# rest of the review)
CASES["story split into containers of one class"] = Case(
    framed(
        '<article class="review"><div class="block"><div class="grid"><h1>Brücke</h1>'
        f'<div class="review-text">{paragraphs(LONG_STORY[:1])}</div></div></div>'
        '<div class="block"><div class="gallery"><a href="/g">Galerie: 14 Fotos</a></div></div>'
        '<div class="block"><div class="grid"><div class="cell">'
        f'<div class="review-text">{paragraphs(LONG_STORY[1:])}</div></div></div></div></article>'
        + '<div class="leser-kommentare">'
        + "".join(f'<div class="kommentar"><p>{KOMMENTAR}, Nummer {i}.</p></div>' for i in range(3))
        + "</div>"
    ),
    LONG_STORY,
    [*CHROME, KOMMENTAR, "Galerie"],
)


# pages that write their text in <div>s, never <p>s: an article beside a box of lines
# broken by <br> (an address, opening hours), and a page of features, each an item of a list
# with its heading, its text in a <div> and a link
ADDRESS = "Stadtverwaltung Beispielstadt, Bürgerbüro im Rathaus, Marktplatz 1, 12345 Beispielstadt"
CASES["text written in divs"] = Case(
    framed(
        '<div class="main"><h1>Brücke</h1>'
        + "".join(f'<div class="absatz">{line}</div>' for line in BRIDGE)
        + "</div>"
    )
    .replace("<p>", "<div>")
    .replace("</p>", "</div>")
    .replace(
        "</body>",
        '<div class="region"><div class="box-info">'
        + "<br>".join(f"{ADDRESS}, Zimmer {i}, geöffnet montags bis freitags" for i in range(5))
        + "</div></div></body>",
    ),
    BRIDGE,
    CHROME,
)
CASES["list of text in divs"] = Case(
    framed(
        '<main><section class="features"><h1>Brücke</h1><ul class="grid">'
        + "".join(
            f'<li class="item"><h3>Abschnitt {i} der Bauarbeiten im Überblick</h3>'
            f'<div class="item-text">{line}</div><a href="/mehr{i}">Mehr über Abschnitt {i}'
            f'</a> <a href="/plan{i}">Bauplan herunterladen (PDF, 2 MB)</a></li>'
            for i, line in enumerate(BRIDGE)
        )
        + "</ul></section></main>"
    )
    .replace("<p>", "<div>")
    .replace("</p>", "</div>"),
    BRIDGE,
    CHROME,
)

# a short story written in <div>s beside a ticker of other stories (each a linked headline
# and a summary) holding more text than the story: the ticker is no article, even once the
# weak word that names it is not trusted
CASES["short story beside a ticker of teasers"] = Case(
    framed(
        '<div class="ticker-box"><ul>'
        + "".join(
            f'<li><a href="/t{i}">Neue Öffnungszeiten im Bürgerbüro, Teil {i}</a> '
            f"<span>{TEASER}, und zwar ab dem {i + 1}. des Monats ({i}).</span></li>"
            for i in range(6)
        )
        + '</ul></div><div class="main"><h1>Brücke</h1>'
        + "".join(f"<div>{line}</div>" for line in BRIDGE[:3])
        + "</div>"
    )
    .replace("<p>", "<div>")
    .replace("</p>", "</div>"),
    BRIDGE[:3],
    [*CHROME, "Teil 3"],
)

# a short story written in <div>s above a long comment thread: the thread is never a
# measure of how long the story should be, so the story is not read again
CASES["short story in divs, long comment thread"] = Case(
    framed(
        '<div class="main"><h1>Brücke</h1>'
        + "".join(f"<div>{line}</div>" for line in BRIDGE[:2])
        + '</div><section class="comments"><h3>42 Kommentare</h3>'
        + "".join(
            f'<div class="comment-body"><div>{KOMMENTAR}, Beitrag {i}.</div></div>'
            for i in range(12)
        )
        + "</section>"
    )
    .replace("<p>", "<div>")
    .replace("</p>", "</div>"),
    BRIDGE[:2],
    [*CHROME, KOMMENTAR],
)

# a story written without <p>s whose opening lines stand on their own and whose rest (more
# than three quarters of it) sits in a box named by a weak chrome word (the part a paywall
# script would hide): the opening lines alone are too little of the page's running text
CASES["story in divs continued in a paywall box"] = Case(
    framed(
        f'<div class="article-body"><div>{LONG_STORY[0]}</div><div>{LONG_STORY[1]}</div>'
        '<div class="paywall">'
        + "".join(f"<div>{line}</div>" for line in LONG_STORY[2:9])
        + "</div></div>"
    )
    .replace("<p>", "<div>")
    .replace("</p>", "</div>"),
    LONG_STORY[:9],
    CHROME,
)

# release notes written as a list (each change a sentence, then its ticket's link), without
# class words, above a few comments written in <p>s: the comments' paragraphs are all the
# <p> text the page has, the list items are the article
CHANGES = [
    f"Die Suche im Archiv findet jetzt auch Dokumente, deren Titel Umlaute enthält, Fall {i}"
    for i in range(24)
]
CASES["release notes as a list, comments in paragraphs"] = Case(
    "<html><head><title>Neu in Version 4</title></head><body><div><h1>Neu in Version 4</h1>"
    "<ul>"
    + "".join(
        f'<li>{line} – <a href="/t/{i}">Ticket {i}</a></li>' for i, line in enumerate(CHANGES)
    )
    + "</ul></div><div><h3>Kommentare</h3>"
    + "".join(f"<blockquote><p>{KOMMENTAR}, Beitrag {i}.</p></blockquote>" for i in range(3))
    + "</div></body></html>",
    CHANGES,
    [],
)

# a post from an editor in Medium's manner: the title is an <h1>, and so is the heading of
# each section of the story
CASES["sections headed by h1s"] = Case(
    framed(
        "<article><h1>Sanierung ab Juni</h1>"
        + paragraphs(BRIDGE[:2])
        + "<h1>Was die Sanierung kostet</h1>"
        + paragraphs(BRIDGE[2:4])
        + "<h1>Wann die Brücke wieder offen ist</h1>"
        + paragraphs(BRIDGE[4:])
        + "</article>"
    ),
    [*BRIDGE, "Was die Sanierung kostet", "Wann die Brücke wieder offen ist"],
    [*CHROME, "Sanierung ab Juni"],
)

# a story whose editor writes <div>s, on a page whose only <p>s are a notice above the
# footer (a disclaimer, a legal note): the notice's paragraphs are all the <p> text there
# is, but the story is most of the page's running text and must not be left out
NOTICE = [
    "Die Informationen auf dieser Seite wurden sorgfältig geprüft, eine Gewähr für ihre"
    " Vollständigkeit und Richtigkeit kann die Stadt dennoch nicht übernehmen.",
    "Für die Inhalte verlinkter Seiten sind ausschließlich deren Betreiber verantwortlich;"
    " zum Zeitpunkt der Verlinkung waren keine Rechtsverstöße erkennbar.",
    "Rechtsverbindlich sind allein die im Amtsblatt veröffentlichten Bekanntmachungen der"
    " Stadt, die im Bürgerbüro eingesehen werden können.",
]
STORY_IN_DIVS = [f"{line} Teil {part}." for part in range(3) for line in LONG_STORY]


def story_above_notice(line: str, story: list[str] = STORY_IN_DIVS, notice: int = 4) -> str:
    """The story, each of its lines written as `line` makes it, above the notice (given
    `notice` times)."""
    return framed(
        '<div class="story"><h1>Brücke</h1>'
        + "".join(line.format(text) for text in story)
        + "</div>"
    ).replace(
        FOOTER,
        '<div class="container"><div class="row"><div class="col-md-12">'
        f"{paragraphs(NOTICE * notice)}</div></div></div>{FOOTER}",
    )


CASES["story in divs, notice in paragraphs"] = Case(
    story_above_notice("<div>{}</div>"), STORY_IN_DIVS, CHROME
)

# a short story in <p>s above a longer thread of comments written in <div>s, without class
# words: the comments outweigh the story, and no re-reading may add them to it
CASES["short story in paragraphs, comments in divs"] = Case(
    "<html><head><title>Brücke</title></head><body><div><div><h1>Brücke</h1><div>"
    + paragraphs(BRIDGE)
    + "</div></div><div><h3>Kommentare</h3>"
    + "".join(
        f"<div><div><b>Leser {i}</b></div><div>{KOMMENTAR}, Beitrag {i}.</div></div>"
        for i in range(24)
    )
    + "</div></div></body></html>",
    BRIDGE,
    [KOMMENTAR],
)

# a company page from a page builder, few blocks of text: each in its own section with its
# heading and a button, one beside an image; the best block is a fair share of the page's
# text, and the levels above it add only a heading and a button before the other sections
CASES["page builder's sections with buttons"] = Case(
    framed(
        '<div data-elementor-type="wp-page" class="elementor">'
        + builder_block(
            builder_widget("text-editor", f"<p>{BRIDGE[0]}</p>")
            + builder_widget("image", '<img src="werkstatt.jpg" alt="">'),
            0,
        )
        + "".join(
            builder_block(
                builder_widget("heading", f'<h2 class="elementor-heading-title">{head}</h2>')
                + builder_widget("text-editor", paragraphs([text, BRIDGE[i + 1]]))
                + builder_widget(
                    "button", f'<a class="elementor-button" href="/k{i}">Termin vereinbaren</a>'
                ),
                i + 1,
            )
            for i, (head, text) in enumerate(SECTIONS[:2])
        )
        + "</div>"
    ),
    [BRIDGE[0], *(line for pair in SECTIONS[:2] for line in pair), BRIDGE[1], BRIDGE[2]],
    [*CHROME, "Termin vereinbaren"],
)

# a company page from a page builder whose first section holds most of its paragraphs, the
# sections after it a paragraph or two beside counters, a list of what the company offers,
# its team and its customers' quotes: the text of those <div>s makes the first section look
# small, and the reading that adds the sections after it is not comments below a story
FEATURES = [
    "Beratung und Aufmaß direkt bei Ihnen vor Ort",
    "Fertigung ausschließlich in unserer eigenen Werkstatt",
    "Fünf Jahre Garantie auf alle Möbel aus eigener Herstellung",
]
TEAM = [
    ("Miriam Muster", "Geschäftsführerin", "Plant am liebsten Küchen, in denen gekocht wird."),
    ("Jonas Beispiel", "Werkstattleiter", "Kümmert sich um Restaurierungen und Lehrlinge."),
]
QUOTES = [
    "Unsere neue Küche ist genau so geworden, wie wir sie uns vorgestellt haben, und das Team"
    " war bei der Montage äußerst sauber und freundlich.",
    "Die Treppe aus Eiche ist das Herzstück unseres Hauses geworden, wir bekommen ständig"
    " Komplimente dafür, auch von Handwerkern.",
    "Termintreu, fair im Preis und handwerklich absolut top, wir würden die Werkstatt"
    " jederzeit wieder mit einem Auftrag betrauen.",
    "Der Einbauschrank unter der Dachschräge nutzt jeden Zentimeter aus, und die Beratung"
    " vorab hat uns vor einigen teuren Fehlern bewahrt.",
]
CASES["page builder's sections after a long first one"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Über uns</title>'
    f"</head><body>{COOKIE}{NAV}"
    + (
        '<main id="content" class="site-main post-18 page type-page hentry">'
        '<div class="page-content"><div data-elementor-type="wp-page" class="elementor">'
        + flex_block(
            builder_widget("heading", '<h2 class="elementor-heading-title">Seit 1962</h2>')
            + builder_widget("text-editor", paragraphs(BRIDGE[:3])),
            0,
        )
        + flex_block(
            "".join(
                builder_widget(
                    "counter",
                    f'<div class="elementor-counter"><span class="elementor-counter-number">'
                    f'{n}</span><div class="elementor-counter-title">{label}</div></div>',
                )
                for n, label in (("62", "Jahre Erfahrung"), ("14", "Mitarbeitende"))
            ),
            1,
        )
        + flex_block(
            builder_widget("heading", f'<h2 class="elementor-heading-title">{SECTIONS[0][0]}</h2>')
            + builder_widget("text-editor", paragraphs([SECTIONS[0][1], BRIDGE[3]]))
            + builder_widget(
                "icon-list",
                '<ul class="elementor-icon-list-items">'
                + "".join(
                    f'<li class="elementor-icon-list-item"><span class="elementor-icon-list-text">'
                    f"{feature}</span></li>"
                    for feature in FEATURES
                )
                + "</ul>",
            ),
            2,
        )
        + flex_block(
            builder_widget("heading", f'<h2 class="elementor-heading-title">{SECTIONS[1][0]}</h2>')
            + builder_widget("text-editor", f"<p>{SECTIONS[1][1]}</p>")
            + "".join(
                builder_widget(
                    "image-box",
                    f'<div class="elementor-image-box-content"><h3>{name}</h3>'
                    f'<p class="elementor-image-box-description">{role}<br>{about}</p></div>',
                )
                for name, role, about in TEAM
            ),
            3,
        )
        + flex_block(
            builder_widget("heading", '<h2 class="elementor-heading-title">Kundenstimmen</h2>')
            + "".join(
                builder_widget(
                    "testimonial",
                    '<div class="elementor-testimonial-wrapper">'
                    f'<div class="elementor-testimonial-content">{quote}</div>'
                    '<div class="elementor-testimonial-name">Familie M.</div></div>',
                )
                for quote in QUOTES
            ),
            4,
        )
        + "</div></div></main>"
    )
    + f"{FOOTER}</body></html>",
    [*BRIDGE[:4], SECTIONS[0][1], SECTIONS[1][1], *FEATURES, TEAM[0][2]],
    [*CHROME, *QUOTES],
)

# the same page under a page builder's header template (a theme builder's "site header"
# location, a <div> in its older markup) that holds a notice in a text block beside the
# logo and the menu: the reading that adds the later sections is read without the weak
# words, and the template's "location-header" is the site's masthead all the same
MASTHEAD_NOTICE = (
    "Notdienst für unsere Wartungskunden: Rufen Sie uns auch am Wochenende unter der"
    " bekannten Nummer an."
)
CASES["page builder's sections under its header template"] = Case(
    CASES["page builder's sections after a long first one"].html.replace(
        NAV,
        '<div data-elementor-type="header" class="elementor elementor-45'
        ' elementor-location-header">'
        + flex_block(builder_widget("text-editor", f"<p>{MASTHEAD_NOTICE}</p>"), 5)
        + flex_block(builder_widget("nav-menu", NAV.replace("header", "div")), 6)
        + "</div>",
    ),
    CASES["page builder's sections after a long first one"].body,
    [*CASES["page builder's sections after a long first one"].not_body, MASTHEAD_NOTICE],
)

# headings that a <header> of their own holds: HTML5's sections, and a CMS's content
# elements (TYPO3 writes each as a header with its heading, then the text)
CASES["section headings in headers"] = Case(
    framed(
        "<article><header><h1>Brücke</h1><p>Von Anna Weber, 3. März 2026</p></header>"
        f"<p>{LEDE}</p>"
        + "".join(
            f"<section><header><h2>{head}</h2></header><p>{text}</p><p>{BRIDGE[i]}</p></section>"
            for i, (head, text) in enumerate(SECTIONS)
        )
        + "</article>"
    ),
    [LEDE, *(line for pair in SECTIONS for line in pair), *BRIDGE[:3]],
    [*CHROME, "Von Anna Weber"],
)
CASES["content elements headed in headers"] = Case(
    framed(
        '<div id="content"><div id="c1" class="frame frame-type-header"><header><h1>Brücke'
        "</h1></header></div>"
        + "".join(
            f'<div id="c{10 + i}" class="frame frame-default frame-type-text"><header>'
            f"<h2>{head}</h2></header><p>{text}</p><p>{BRIDGE[i]}</p></div>"
            for i, (head, text) in enumerate(SECTIONS)
        )
        + "</div>"
    ),
    [*(line for pair in SECTIONS for line in pair), *BRIDGE[:3]],
    CHROME,
)

# the same, the story's text styled in <span>s (as WYSIWYG editors write a paragraph: a
# <div> holding a <span>), so the <div>s hold no text themselves
CASES["story in spans in divs, notice in paragraphs"] = Case(
    story_above_notice('<div><span style="font-family: Arial">{}</span></div>'),
    STORY_IN_DIVS,
    CHROME,
)

# a shorter story in <div>s above the notice: the notice's paragraphs are more than a
# quarter of all the page's text, but the story is well over twice as long as they are
SHORTER_STORY = STORY_IN_DIVS[: len(STORY_IN_DIVS) * 2 // 3]
CASES["story in divs, a long notice in paragraphs"] = Case(
    story_above_notice("<div>{}</div>", SHORTER_STORY, 5), SHORTER_STORY, CHROME
)

# a news article whose <header> holds the headline, the lede (the standfirst) and the
# byline: the lede is the article's first paragraph, the byline is not; a graphic further
# down has a header of its own, whose note is no lede
CASES["lede in the article's header"] = Case(
    framed(
        f'<article><header><h1>Brücke</h1><p class="standfirst">{LEDE}</p>'
        '<p class="byline">Von Anna Weber, 3. März 2026</p></header>'
        f"{paragraphs(BRIDGE[:3])}<section><header><h3>Die Brücke in Zahlen</h3><p>"
        f"{OTHER_STORY}, in einer Grafik der Redaktion dargestellt.</p></header>"
        f'<img src="grafik.png" alt=""></section>{paragraphs(BRIDGE[3:])}</article>'
    ),
    [LEDE, *BRIDGE],
    [*CHROME, "Von Anna Weber", OTHER_STORY],
)

# a table of data in the article (an association's list of its sites, a list article's
# table): each row's name cell is a link to the item, the other cells say what it is; a
# row of links alone (a table's pager) stays out
SITES = [
    ("Vereinsheim am Mühlbach", "Treffpunkt der Jugendgruppe, dienstags und freitags geöffnet"),
    ("Sportplatz Gartenstraße", "Rasenplatz mit Flutlicht, Training der Herrenmannschaften"),
    ("Halle im Neubaugebiet", "Turnhalle für die Kinderturngruppen und den Seniorensport"),
]
CASES["linked names in a table of data"] = Case(
    framed(
        f"<article><h1>Unsere Anlagen</h1>{paragraphs(BRIDGE[:2])}<table><tbody>"
        + "".join(
            f'<tr><th><a href="/anlage{i}">{name}</a></th><td>{1950 + 10 * i}</td>'
            f"<td>{what}</td></tr>"
            for i, (name, what) in enumerate(SITES)
        )
        + '<tr><td><a href="/anlagen?seite=2">Weitere Anlagen anzeigen</a></td></tr>'
        + f"</tbody></table>{paragraphs(BRIDGE[2:])}</article>"
    ),
    [*BRIDGE, *(line for pair in SITES for line in pair)],
    [*CHROME, "Weitere Anlagen anzeigen"],
)

# a tutorial's code, coloured by a syntax highlighter whose classes name languages and
# tokens ("language-c", "token comment", "hljs-comment"): the code is the page's text
CODE_LINES = ["// sum.c: adds two numbers", "int sum(int a, int b) {", "return a + b;"]
CASES["highlighted code in a tutorial"] = Case(
    framed(
        f"<article><h1>Sum</h1>{paragraphs(MANUAL[:2])}"
        '<pre class="language-c"><code class="language-c">'
        f'<span class="token comment">{CODE_LINES[0]}</span><br>'
        f'<span class="token keyword">int</span> sum(int a, int b) {{<br>'
        f'  <span class="token keyword">return</span> a + b;<br>}}</code></pre>'
        f'{paragraphs(MANUAL[2:])}<pre class="language-shell"><code><span class="hljs-comment">'
        f"# build it</span>\ncc -O2 sum.c -o sum</code></pre>{paragraphs(BRIDGE)}</article>"
    ),
    [*MANUAL, *CODE_LINES, "# build it", "cc -O2 sum.c -o sum", *BRIDGE],
    CHROME,
)

# a food blog's post: the story, then a recipe plugin's card whose classes say what the
# card has ("recipe-card has-image has-rating"), not that it is an image
CASES["recipe card that has an image"] = Case(
    framed(
        f'<article class="post has-post-thumbnail"><h1>Brot</h1>{paragraphs(BRIDGE[:3])}'
        '<section class="recipe-card recipe-card-has-image has-rating"><header><h2>Einfaches'
        ' Brot</h2><img src="brot.jpg" alt=""></header><div class="recipe-ingredients"><h3>'
        "Zutaten</h3><ul>"
        + "".join(f"<li>{x}</li>" for x in INGREDIENTS)
        + '</ul></div><div class="recipe-instructions"><h3>Zubereitung</h3><ol>'
        + "".join(f"<li>{x}</li>" for x in STEPS)
        + "</ol></div></section></article>"
    ),
    [*BRIDGE[:3], *INGREDIENTS, *STEPS],
    CHROME,
)

# the same code in the wrappers that static site generators and highlighters write around
# it, whose classes name the language and the highlighter (Jekyll's Rouge, pandoc, Prism's
# toolbar): code, not a language menu, a credit's source or a page's toolbar
CASES["code blocks in highlighters' wrappers"] = Case(
    framed(
        f"<article><h1>Sum</h1>{paragraphs(MANUAL[:2])}"
        '<div class="language-c highlighter-rouge"><div class="highlight"><pre class="highlight">'
        f"<code>{CODE_LINES[0]}\n{CODE_LINES[1]}\n  {CODE_LINES[2]}\n}}</code></pre></div></div>"
        f'{paragraphs(MANUAL[2:])}<div class="sourceCode" id="cb1"><pre class="sourceCode sh">'
        '<code class="sourceCode sh"><span id="cb1-1"># build it</span>\n'
        "cc -O2 sum.c -o sum</code></pre></div>"
        '<div class="code-toolbar"><pre class="language-sh"><code>make install-sum</code></pre>'
        '<div class="toolbar"><div class="toolbar-item"><button>Copy</button></div></div></div>'
        f"{paragraphs(BRIDGE)}</article>"
    ),
    [*MANUAL, *CODE_LINES, "# build it", "cc -O2 sum.c -o sum", "make install-sum", *BRIDGE],
    CHROME,
)


COOKIE_TEXT = (
    "Diese Website verwendet Cookies, um Ihr Erlebnis zu verbessern; Sie können widersprechen."
)
# a blog theme that wraps the article's column, like the sidebar's, in a sticky-sidebar
# script's wrapper inside a "layout with a sidebar" container: words of the layout, not of
# the content. The post is a newsletter's web copy, each paragraph in a table of its own
# as e-mail editors write it (no paragraph shows where the article is), and the consent
# banner's class names no cookie.
CASES["article column in a sidebar layout's wrappers"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8">'
    '<meta property="og:title" content="Die Brücke wird saniert"><title>Die Brücke wird'
    " saniert | Stadt Beispiel</title></head><body>"
    f'<div class="law-box"><div>{COOKIE_TEXT}</div><a href="#">OK</a></div>{NAV}'
    '<div class="container layout-sidebar-right"><div class="main-column">'
    '<div class="stickySidebar"><div class="post"><h1>Die Brücke wird saniert</h1>'
    + "".join(f'<table width="600"><tr><td>{line}</td></tr></table>' for line in [*BRIDGE, *STEPS])
    + '</div><div class="comments"><h3>2 Kommentare</h3>'
    + "".join(f'<div class="comment"><div>{COMMENT} ({i}).</div></div>' for i in range(2))
    + '</div></div></div><div class="side-column"><div class="stickySidebar">'
    f"{SIDEBAR}</div></div></div>{FOOTER}</body></html>",
    [*BRIDGE, *STEPS],
    [*CHROME, COMMENT, COOKIE_TEXT],
)


# a tech blog's post as Markdown platforms render it: its notes and warnings are <aside>s
# in the text, one with no class word, one named an alert; a magazine's pull quote beside
# the text repeats one of its sentences in an <aside> and is no line of its own
CALLOUT_NOTE = (
    "Die Reihenfolge ist wichtig: Erst wird die Konfiguration geprüft, dann wird der Dienst"
    " neu gestartet."
)
CALLOUT_WARNING = (
    "Ältere Versionen des Werkzeugs kennen diese Option nicht und brechen mit einem Fehler ab."
)
CASES["callouts written as asides in the text"] = Case(
    framed(
        f'<article><h1>Die Brücke</h1><div class="znc">{paragraphs(BRIDGE[:2])}'
        f'<aside class="msg message"><div class="msg-symbol">!</div><div class="msg-content">'
        f"<p>{CALLOUT_NOTE}</p></div></aside>{paragraphs(BRIDGE[2:3])}"
        f'<aside class="pullquote"><p>„{BRIDGE[0][:60]}“</p></aside>'
        f'{paragraphs(BRIDGE[3:])}<aside class="msg alert"><p>{CALLOUT_WARNING}</p></aside>'
        '</div><aside class="share-box"><p>Teilen Sie diesen Beitrag mit Ihren Freunden und'
        " Kollegen</p></aside></article>"
    ),
    [*BRIDGE, CALLOUT_NOTE, CALLOUT_WARNING],
    [*CHROME, "Teilen Sie diesen Beitrag"],
)


# a foundation's page of content blocks: a text beside a picture is a block of its own
# ("paragraph--type--image-text", WordPress's "wp-block-media-text", the picture "left"),
# its words of a picture say where the picture sits, not that the text is a caption
CASES["text blocks beside pictures"] = Case(
    framed(
        '<article><h1>Die Brücke</h1><div class="field field--name-field-paragraphs">'
        f'<div class="paragraph paragraph--type--text">{paragraphs(BRIDGE[:2])}</div>'
        '<div class="paragraph paragraph--type--image-text paragraph--image-left">'
        '<div class="field field--name-field-image"><img src="/a.jpg" alt=""></div>'
        f'<div class="field field--name-field-text">{paragraphs(BRIDGE[2:3])}</div></div>'
        '<div class="wp-block-media-text is-stacked-on-mobile">'
        '<figure class="wp-block-media-text__media"><img src="/b.jpg" alt=""></figure>'
        f'<div class="wp-block-media-text__content">{paragraphs(BRIDGE[3:])}</div></div>'
        f'<div class="image-right"><img src="/c.jpg" alt=""><p>{STEPS[0]}</p></div>'
        '<div class="image__text"><p>Die alte Brücke im Winter des Jahres 1962 aus der'
        " Luft</p></div></div></article>"
    ),
    [*BRIDGE, STEPS[0]],
    [*CHROME, "Die alte Brücke im Winter"],
)


# a parish's page of a CMS's content elements: the story in two of them, then a list of the
# latest news under a label that names where they come from; each teaser a linked
# headline, a sentence of summary and a date, deep in the list's wrappers
def news_teaser(i: int) -> str:
    return (
        '<div class="article articletype-0" itemscope itemtype="http://schema.org/Article">'
        f'<div class="header"><h3><a href="/aktuelles/{i}"><span itemprop="headline">'
        f"Neue Nachricht Nummer {i} aus der Gemeinde</span></a></h3></div>"
        '<div class="teaser-text"><div itemprop="description"><p>Die Gemeinde berichtet hier'
        f" über ein Ereignis der vergangenen Woche, Teil {i} der Reihe.</p></div></div>"
        f'<div class="footer"><p><time datetime="2024-08-0{i}">0{i}.08.2024</time></p></div>'
        "</div>"
    )


CASES["latest news under a label that names their place"] = Case(
    framed(
        '<div id="c310" class="frame frame-type-text"><h1>Die Brücke</h1>'
        f'{paragraphs(BRIDGE[:2])}</div><div id="c311" class="frame frame-type-text">'
        f"{paragraphs(BRIDGE[2:])}</div>"
        '<div id="c312" class="frame frame-type-news_pi1"><h2>Weitere Nachrichten aus dem'
        ' Pastoralen Raum</h2><div class="news"><div class="news-list-view">'
        + "".join(news_teaser(i) for i in range(1, 4))
        + "</div></div></div>"
    ),
    BRIDGE,
    [*CHROME, "Die Gemeinde berichtet hier", "Weitere Nachrichten"],
)


# a cooking site's recipe: its steps in a section under a line of times, beside the
# introduction (the cook's story), the ingredients and a tip in sections of their own; the
# line of times is no byline with other stories' teasers above it: the recipe is all of
# them
RECIPE_TIP = (
    "Für einen besonders knusprigen Boden backen Sie den Teig zehn Minuten ohne Belag vor,"
    " bevor Sie ihn belegen."
)
CASES["recipe steps below their times"] = Case(
    framed(
        '<div class="recipe-content"><div class="recipe-content__intro">'
        f"<p>{RECIPE_INTRO} {' '.join(CHRONICLE)}</p></div>"
        '<div class="recipe-ingredients"><h2>Zutaten</h2><ul>'
        + "".join(f"<li>{item}</li>" for item in INGREDIENTS)
        + '</ul></div><div class="recipe-preparation"><h2>Zubereitung</h2>'
        '<div class="recipe-preparation__times"><span>Gesamtzeit: 90 Minuten</span> '
        '<span>Backzeit: 25 Minuten</span></div><div class="recipe-steps">'
        + "".join(
            f'<div class="recipe-step"><span>Schritt {i}</span><p>{step}</p></div>'
            for i, step in enumerate([*STEPS, *BRIDGE[1:]], 1)
        )
        + '</div></div><div class="recipe-chef-tip"><h3>Tipp</h3>'
        f"<p>{RECIPE_TIP}</p></div></div>"
    ),
    [*STEPS, *BRIDGE[1:], RECIPE_INTRO, *CHRONICLE, RECIPE_TIP, *INGREDIENTS],
    CHROME,
)


# ... and the guard: a news story under its byline, in a column with other stories'
# teasers, each a linked headline and a sentence of summary: the first reading does not
# climb past the byline to them
def summary_teaser(i: int) -> str:
    return (
        f'<div><h3><a href="/story/{i}">Weitere Meldung Nummer {i} aus dem Rathaus</a></h3>'
        f"<p>Der Stadtrat hat am Dienstag über einen weiteren Antrag beraten, Folge {i},"
        " und ihn mit knapper Mehrheit angenommen.</p></div>"
    )


CASES["story under its byline beside summaries of other stories"] = Case(
    framed(
        '<div><div><div class="by">Von Max Muster, 12. Mai 2024, 14:30 Uhr</div>'
        f"<div>{paragraphs([*BRIDGE, *CHRONICLE])}</div></div>"
        + "".join(summary_teaser(i) for i in range(1, 7))
        + "</div>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "Der Stadtrat hat am Dienstag"],
)


# a council's news written as blocks of one kind, the last one named for what happens next
# ("next-steps"): a section of the text, no link to the next page as "nav-next" is
CASES["a section named for the next steps"] = Case(
    framed(
        '<div class="page"><h1>Die Brücke</h1><div class="components">'
        + "".join(
            f'<div class="block">{p}</div>'
            for p in (paragraphs(BRIDGE[:2]), paragraphs(BRIDGE[2:3]), paragraphs(CHRONICLE))
        )
        + '<div class="block" id="next-steps"><h2>Wie es weitergeht</h2>'
        f"{paragraphs(BRIDGE[3:])}</div></div>"
        '<div class="nav-next"><a href="/n/2">Nächster Artikel: Neue Radwege für die'
        " Innenstadt geplant</a></div></div>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "Nächster Artikel"],
)


# an old layout's text advertisement inside the text's cell: its label, a linked picture and
# a slogan beside it, in a table of its own between the paragraphs
CASES["a labelled advertisement between the paragraphs"] = Case(
    framed(
        '<table width="100%"><tr><td><font face="Verdana" size="2">'
        + "<br><br>".join(BRIDGE[:3])
        + '</font><table width="100%" bgcolor="#F3F3F3"><tr><td align="center">'
        '<font size="1">- Anzeige -</font><br><a href="/werbung/klick?id=3"><img src="/a.gif"'
        ' alt="Autohaus"></a><br><font size="1"><b>Autohaus Talheim:</b> Jetzt die neuen'
        " Modelle probefahren und den Wintercheck gratis sichern!</font></td></tr></table>"
        '<font face="Verdana" size="2"><br>'
        + "<br><br>".join(BRIDGE[3:] + CHRONICLE)
        + "</font></td></tr></table>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "Anzeige", "Jetzt die neuen Modelle"],
)


# a metered paywall with its meter open: the text's first paragraphs, then the rest in a
# box named "paywall" whose paragraphs are <div>s; and the meter's count in a status line
CASES["the rest of the text in an open paywall"] = Case(
    framed(
        '<article><h1>Die Brücke</h1><div class="article-body" id="article-body">'
        '<div class="meter-hint" role="status"><span>Sie haben noch 2 von 3 kostenlosen'
        ' Artikeln in diesem Monat.</span> <a href="/abo">Jetzt unbegrenzt lesen</a></div>'
        + "".join(f'<p class="article-body__paragraph">{line}</p>' for line in BRIDGE[:2])
        + '<div class="paywall" data-paywall="metered">'
        + "".join(f'<div class="text-paragraph">{line}</div>' for line in BRIDGE[2:] + CHRONICLE)
        + "</div></div></article>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "kostenlosen Artikeln", "Jetzt unbegrenzt lesen"],
)


# a listicle written as a gallery: an intro, each item a slide with a counter, a photo credit,
# a caption and the item's heading and text, and an outro
def slide(i: int, line: str) -> str:
    return (
        f'<div class="gallery-item" id="slide-{i}"><div class="gallery-item__photo">'
        f'<span class="gallery-item__counter">{i}/7</span><img src="/f{i}.jpg" alt="">'
        '<span class="gallery-item__source">Fot. Bildagentur Nord</span></div>'
        f'<div class="gallery-item__caption">Ein Bild zum Punkt {i} der Liste, aufgenommen'
        " im Frühjahr.</div>"
        f'<div class="gallery-item__description"><h2>{i}. Punkt</h2>'
        f'<div class="text">{line}</div></div></div>'
    )


CASES["a listicle's items as a gallery's slides"] = Case(
    framed(
        '<article><h1>Die Brücke</h1><div class="article-content">'
        f'<div class="article-content__intro">{paragraphs(BRIDGE[:1])}</div>'
        '<div class="gallery-module">'
        + "".join(slide(i, line) for i, line in enumerate(BRIDGE[1:] + CHRONICLE[:3], 1))
        + f'</div><div class="article-content__outro">{paragraphs(CHRONICLE[3:])}</div>'
        "</div></article>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "Fot. Bildagentur", "aufgenommen im Frühjahr", "1/7"],
)


# ... and the guard: an author's box in a short text's body, as long as the text, is no
# box of the text's lines
CASES["an author's box as long as a short text"] = Case(
    (
        '<!doctype html><html lang="de"><head><title>Die Brücke</title></head><body>'
        f'{NAV}<article><h1>Die Brücke</h1><div class="entry-content">{paragraphs(BRIDGE[:2])}'
        '<div class="author-box"><p>Max Muster schreibt seit 2009 für unsere Zeitung über'
        " Politik im Landkreis. Davor war er Reporter in Stuttgart und studierte Geschichte"
        " in Tübingen, und er schreibt am liebsten über den Verkehr, das Wohnen und die"
        " Umwelt in der Region. Er lebt mit seiner Familie am Fluss und fährt am Wochenende"
        " gern mit dem Rad in die Berge.</p></div></div></article>"
        f"{FOOTER}</body></html>"
    ),
    BRIDGE[:2],
    [*CHROME, "Max Muster schreibt"],
)


# a CMS's article written as fields: the body field with the text's opening, then a field
# of further text components, each a heading and paragraphs, then the downloads' field
def text_component(heading: str, lines: list[str]) -> str:
    return (
        '<div class="field__item"><div class="paragraph paragraph--type--text">'
        '<div class="clearfix text-formatted field field--name-field-text field__item">'
        f"<h2>{heading}</h2>{paragraphs(lines)}</div></div></div>"
    )


CASES["the text's opening in a field before its sections' field"] = Case(
    (
        '<!doctype html><html lang="de"><head><title>Die Brücke</title></head><body>'
        f'{NAV}<article class="node node--type-pressemitteilung"><h1>Die Brücke</h1>'
        '<div class="node__content"><div class="clearfix text-formatted field'
        f' field--name-body field__item">{paragraphs(BRIDGE[:2])}</div>'
        '<div class="field field--name-field-paragraphs field__items">'
        + text_component("Die Kosten", BRIDGE[2:4])
        + text_component("Die Geschichte", CHRONICLE[:2])
        + text_component("Der Verein heute", [*CHRONICLE[2:], *BRIDGE[4:]])
        + '</div><div class="field field--name-field-downloads field__items"><h3>Downloads'
        '</h3><ul><li><a href="/d/1.pdf">Positionspapier (PDF, 240 KB)</a></li><li><a'
        ' href="/d/2.pdf">Grafiken zur Pressemitteilung (ZIP, 3 MB)</a></li></ul>'
        "<p>Alle Unterlagen stehen zur freien Verwendung bei Nennung der Quelle bereit.</p>"
        f"</div></div></article>{FOOTER}</body></html>"
    ),
    [*BRIDGE, *CHRONICLE],
    CHROME,
)


# the notes a site puts above or below every text, written in the text's own <p>s: a blog
# post's affiliate disclosure, a public body's note on the reader its PDF files need
CASES["a site's notes above and below the text"] = Case(
    framed(
        '<article><h1>Die Brücke</h1><div class="entry-content"><p class="disclosure"><em>'
        "Dieser Beitrag enthält Affiliate-Links. Mehr dazu in unserer Datenschutzerklärung."
        f'</em></p>{paragraphs([*BRIDGE, *CHRONICLE])}<ul><li><a href="/d/1.pdf">'
        "Bauplan (PDF, 412 KB)</a></li></ul><p>Zum Öffnen der PDF-Dateien benötigen Sie den"
        " Adobe Acrobat Reader, den Sie kostenlos herunterladen können.</p></div></article>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "Affiliate-Links", "Adobe Acrobat Reader"],
)


# a shop's buying guide in Shopware 6's section with a sidebar: the section's class names its
# layout ("cms-section-sidebar"), the category navigation sits in its sidebar, the text in
# its main column
CASES["a guide in a section laid out with a sidebar"] = Case(
    framed(
        '<div class="cms-page"><div class="cms-sections"><div class="cms-section pos-0'
        ' cms-section-sidebar"><div class="cms-section-sidebar cms-section-sidebar-mobile-wrap'
        ' boxed row"><div class="cms-section-sidebar-sidebar-content col-lg-4"><div'
        ' class="cms-block cms-block-category-navigation"><ul><li><a href="/c/1">Wanderschuhe'
        ' für Damen und Herren</a></li><li><a href="/c/2">Zubehör und Pflegemittel für'
        ' Schuhe</a></li></ul></div></div><div class="cms-section-sidebar-main-content'
        ' col-lg-8">'
        + "".join(
            f'<div class="cms-block cms-block-text"><div class="cms-element-text">{part}</div>'
            "</div>"
            for part in (paragraphs(BRIDGE[:3]), paragraphs(BRIDGE[3:]), paragraphs(CHRONICLE))
        )
        + "</div></div></div></div></div>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "Wanderschuhe für Damen", "Zubehör und Pflegemittel"],
)


# A poll between the paragraphs, in the site's own words and hashed classes: its question
# and its tally are no part of the story, which continues after it. (the box asks for a
# choice, radio buttons inside their labels)
POLL_QUESTION = "Sollte die Brücke nach der Sanierung auch für Lastwagen freigegeben werden?"
POLL_TALLY = "Bisher haben 1.284 Leserinnen und Leser abgestimmt"
CASES["poll between the paragraphs"] = Case(
    framed(
        f'<h1>Brücke wird saniert</h1><div class="x8f2k">{paragraphs(BRIDGE[:3])}'
        f'<div class="q7w1"><h3>Abstimmung</h3><p class="q7w1-frage">{POLL_QUESTION}</p>'
        '<form class="q7w1-form"><label><input type="radio" name="a" value="1"> Ja</label>'
        '<label><input type="radio" name="a" value="2"> Nein</label>'
        f"<button>Abstimmen</button></form><p>{POLL_TALLY}</p></div>"
        f"{paragraphs(BRIDGE[3:])}</div>"
    ),
    BRIDGE,
    [*CHROME, POLL_QUESTION, POLL_TALLY],
)
# An affiliate plugin's product box between a blog's paragraphs: the product's features, its
# price and a button to the shop, linked rel="sponsored" and classed in the plugin's words.
# (and the guard: a sentence of the text around an affiliate link is the text's)
HOME_OFFICE = [
    "Wer zu Hause arbeitet, sollte zuerst in einen guten Stuhl investieren, denn auf ihm"
    " verbringt man acht Stunden am Tag.",
    "Ich habe lange mit einem alten Küchenstuhl gearbeitet, bis mein Rücken nicht mehr"
    ' mitspielte und ich mir den <a href="https://shop.example/stuhl" rel="nofollow'
    ' sponsored">ergonomischen Bürostuhl</a> aus dem Test gekauft habe.',
    "Beim Schreibtisch lässt sich dagegen sparen: eine einfache Platte auf zwei Böcken reicht"
    " für die meisten Aufgaben völlig aus.",
    "Zum Schluss noch ein Tipp für das Licht: Der Schreibtisch steht am besten seitlich zum"
    " Fenster, damit der Bildschirm nicht spiegelt.",
]
FEATURE = "Rückenlehne aus atmungsaktivem Netzstoff mit verstellbarer Neigung"
CASES["affiliate product box between the paragraphs"] = Case(
    framed(
        f'<article class="post"><h1>Homeoffice einrichten</h1><div class="entry-content">'
        f"{paragraphs(HOME_OFFICE[:2])}"
        '<div class="aawp"><div class="aawp-product"><span class="aawp-product__ribbon">'
        'Bestseller</span><a class="aawp-product__title" href="https://shop.example/p1"'
        ' rel="nofollow noopener sponsored">Bürostuhl Ergo Pro mit Lordosenstütze</a>'
        f'<div class="aawp-product__description"><ul><li>{FEATURE}</li><li>3D-Armlehnen'
        " und Sitztiefenverstellung</li></ul></div>"
        '<div class="aawp-product__footer"><span class="aawp-product__price">249,90 €</span>'
        '<a class="aawp-button" href="https://shop.example/p1" rel="nofollow sponsored">'
        "Jetzt ansehen</a><span>Letzte Aktualisierung am 14.10.2026 / Affiliate Links</span>"
        "</div></div></div>"
        f"{paragraphs(HOME_OFFICE[2:])}</div></article>"
    ),
    [
        line.replace('<a href="https://shop.example/stuhl" rel="nofollow sponsored">', "").replace(
            "</a>", ""
        )
        for line in HOME_OFFICE
    ],
    [*CHROME, FEATURE, "3D-Armlehnen", "Bestseller"],
)
# A death notice with the condolences its readers wrote below it, classed in the site's
# language ("kondolenz"): the notice is the text, the guest book of mourners is not.
NOTICE = [
    "In Liebe und Dankbarkeit nehmen wir Abschied von unserer Mutter, Großmutter und"
    " Urgroßmutter, die nach einem erfüllten Leben friedlich eingeschlafen ist.",
    "Die Trauerfeier findet am Freitag um 14 Uhr in der Friedhofskapelle statt, anschließend"
    " ist die Beisetzung im Familiengrab.",
    "Statt Blumen bitten wir im Sinne der Verstorbenen um eine Spende für den Hospizverein.",
]
CONDOLENCE = (
    "Wir werden sie als herzliche und immer hilfsbereite Nachbarin in Erinnerung behalten,"
    " unser tiefes Mitgefühl gilt der ganzen Familie"
)
CASES["condolences below a death notice"] = Case(
    framed(
        f'<div class="anzeige"><h1>Hildegard Beispiel</h1>{paragraphs(NOTICE)}</div>'
        '<section class="kondolenzbuch"><h2>Kondolenzbuch</h2>'
        + "".join(
            f'<div class="kondolenz"><div class="kondolenz__kopf"><span>Nachbar {i}</span>'
            f'</div><p class="kondolenz__text">{CONDOLENCE} ({i}).</p></div>'
            for i in range(6)
        )
        + "</section>"
    ),
    NOTICE,
    [*CHROME, CONDOLENCE],
)
# A public notice as TYPO3 writes it: each part a "frame" of its own with an empty anchor
# before it, the headline in a frame of its own, the introduction beside a picture, then the
# numbered points and a closing line. The introduction and the closing line are the text's.
NOTICE_INTRO = (
    "Der Gemeinderat hat in seiner öffentlichen Sitzung den Entwurf des Bebauungsplans"
    " gebilligt und seine öffentliche Auslegung beschlossen."
)
NOTICE_POINTS = [
    "Das Plangebiet liegt am nordöstlichen Ortsrand und umfasst die Flurstücke zwischen der"
    " Kirchbergstraße und dem Feldweg zum Wasserhochbehälter, insgesamt rund vier Hektar."
    " Es wird im Norden vom Waldrand, im Süden von der bestehenden Bebauung begrenzt.",
    "Mit dem Bebauungsplan sollen die Voraussetzungen für ein allgemeines Wohngebiet mit etwa"
    " vierzig Bauplätzen für Einzel- und Doppelhäuser geschaffen werden. Vorgesehen sind"
    " außerdem ein Spielplatz, ein Regenrückhaltebecken und eine Fußwegverbindung zur Schule.",
    "Der Entwurf liegt mit seiner Begründung und dem Umweltbericht einen Monat lang im Rathaus"
    " aus und ist in dieser Zeit auch auf der Internetseite der Gemeinde abrufbar. Auf Wunsch"
    " erläutern Mitarbeiter des Bauamts die Planung während der Öffnungszeiten.",
    "Verfügbar sind ein Umweltbericht mit Eingriffs- und Ausgleichsbilanz, eine Prüfung des"
    " Artenschutzes, ein Gutachten zum Verkehrslärm und eine Untersuchung des Baugrunds, die"
    " mit dem Entwurf ausliegen und eingesehen werden können.",
    "Während der Auslegung kann jedermann Stellungnahmen abgeben, schriftlich, zur"
    " Niederschrift im Bauamt oder per E-Mail an die Gemeindeverwaltung. Nicht fristgerecht"
    " abgegebene Stellungnahmen können bei der Beschlussfassung unberücksichtigt bleiben.",
    "Die im Rahmen der Beteiligung erhobenen personenbezogenen Daten werden ausschließlich für"
    " das Verfahren verwendet; näheres regelt das Informationsblatt zum Datenschutz, das mit"
    " dem Entwurf ausliegt und auf der Internetseite abrufbar ist.",
]
NOTICE_CLOSE = (
    "Diese Bekanntmachung ist zugleich im Amtsblatt der Gemeinde veröffentlicht und hängt"
    " während der Auslegungsfrist im Schaukasten am Rathaus aus."
)
CASES["notice in frames, numbered points between its lines"] = Case(
    "<html><head><title>Bekanntmachung</title></head><body>"
    f'{COOKIE}{NAV}<div class="row"><aside class="subnavigation"><ul>'
    + "".join(f'<li><a href="/r{i}">Rathaus und Politik {i}</a></li>' for i in range(5))
    + "</ul></aside>"
    + (
        '<main class="main-section"><div id="c1" class="frame frame-default frame-type-header">'
        '<a id="c2"></a><header><h1>Öffentliche Bekanntmachung: Bebauungsplan Am Kirchberg'
        "</h1><h2>Veröffentlichung und Auslegung des Entwurfs</h2></header></div>"
        '<div id="c3" class="frame frame-default frame-type-textpic"><a id="c4"></a>'
        '<div class="ce-textpic"><div class="ce-gallery"><figure class="image">'
        '<img src="p.jpg"><figcaption>Abgrenzung des Plangebiets</figcaption></figure></div>'
        '<div class="ce-bodytext">'
        f"<p>{NOTICE_INTRO}</p><p>Hierzu wird Folgendes bekannt gemacht:</p></div></div></div>"
        '<div id="c5" class="frame frame-default frame-type-text"><a id="c6"></a>'
        '<div class="ce-bodytext"><ol>'
        + "".join(
            f"<li><p><strong>Punkt {i}</strong><br>{line}</p></li>"
            for i, line in enumerate(NOTICE_POINTS)
        )
        + f"</ol><p>{NOTICE_CLOSE}</p><p>Beispielstadt, 27. Februar 2026</p></div></div>"
        '<div id="c7" class="frame frame-default frame-type-uploads"><a id="c8"></a><ul>'
        '<li><a href="/plan.pdf">Planzeichnung (PDF, 2 MB)</a></li><li><a href="/b.pdf">'
        "Begründung (PDF, 1 MB)</a></li></ul></div>"
        '<div id="c9" class="frame frame-teaser frame-type-news"><a id="c10"></a><h3>'
        '<a href="/n1">Neue Öffnungszeiten im Bürgerbüro</a></h3><p>Ab dem kommenden Monat'
        " ist das Bürgerbüro auch am Samstagvormittag für Sie geöffnet.</p></div></main>"
    )
    + f"</div>{FOOTER}</body></html>",
    [NOTICE_INTRO, *NOTICE_POINTS, NOTICE_CLOSE],
    [*CHROME, "Rathaus und Politik 3", "Samstagvormittag"],
)
# An opinion piece whose open paywall ("paywalled", shown to a subscriber) holds the second
# half of the text, below an introduction, an author's box and a box on the author: the
# box holds less than the rest of the article around it, still it is the text.
OPINION = [
    "Die Landesregierung feiert ihre Quote für Landärzte als Erfolg, doch die Rechnung geht"
    " so einfach nicht auf, wie sie im Wahlkampf klingt: Bis die ersten Studierenden eine"
    " Praxis übernehmen, vergehen noch Jahre, und bis dahin gehen viele Hausärzte in den"
    f" Ruhestand, ohne dass jemand ihre Praxis weiterführt, Absatz {i}."
    for i in range(7)
]
PERSON = (
    "Die Autorin, Jahrgang 1979, hat Politikwissenschaft studiert und berichtet seit vielen"
    " Jahren aus dem Landtag über Gesundheits- und Sozialpolitik."
)
CASES["opinion piece continued in an open paywall"] = Case(
    "<html><head><title>Die Quote allein wird es nicht richten</title></head><body>"
    f'{NAV}<main><article class="article"><header><h1>Die Quote allein wird es nicht richten'
    '</h1><p class="intro">Wer Hausärzte aufs Land holen will, muss mehr bieten als Plätze an'
    " den Hochschulen, meint unsere Autorin.</p></header>"
    f'<div class="article__body">{paragraphs(OPINION[:4])}<div class="paywalled">'
    f"<h2>Was das Land tun könnte</h2>{paragraphs(OPINION[4:])}</div></div>"
    f'<section class="author-box"><p>{PERSON}</p></section>'
    f'<aside class="person-box"><h3>Zur Person</h3><p>{PERSON} Sie lebt in Schwerin.</p>'
    f"</aside></article></main>{FOOTER}</body></html>",
    OPINION,
    [FOOTER_TEXT, "Bereich 3 im Überblick"],
)
# A broadcaster's video page: the video's description and its transcript are the text, in
# a "video-info" that the page's Open Graph type ("video.other") names what the page is.
VIDEO_TEXT = [
    "Vor sechs Jahren stand die Grundschule im Dorf vor dem Aus, nur noch neunzehn Kinder"
    " besuchten sie, und das Schulamt plante die Zusammenlegung.",
    "Die Eltern gründeten einen Förderverein, renovierten die Klassenräume selbst und"
    " überzeugten die Gemeinde, eine Betreuung am Nachmittag einzurichten.",
    "Heute lernen dort wieder achtundfünfzig Kinder in gemischten Klassen; unsere Reporterin"
    " hat die Schule besucht und mit Eltern, Lehrerinnen und dem Bürgermeister gesprochen.",
]
TRANSCRIPT = [
    "Halb acht im Dorf: Auf dem Schulhof ist es noch still, nur der Hausmeister schließt das"
    f" Tor auf, und wenige Minuten später kommen die ersten Kinder, Abschnitt {i}."
    for i in range(6)
]
CASES["video page: description and transcript"] = Case(
    "<html><head><title>Wie ein Dorf seine Schule rettete</title>"
    '<meta property="og:type" content="video.other"></head><body>'
    f'{COOKIE}{NAV}<main><section class="video-page"><div class="video-player">'
    '<video src="v.mp4">'
    '</video><span class="duration">04:52 Min.</span></div><div class="video-info">'
    "<h1>Wie ein Dorf seine Schule rettete</h1>"
    f'<div class="video-description">{paragraphs(VIDEO_TEXT)}</div>'
    f'<section class="transcript-section"><div class="transcript">{paragraphs(TRANSCRIPT)}'
    '</div></section></div></section><section class="more-videos"><h2>Mehr Videos</h2>'
    + "".join(
        f'<a class="video-teaser" href="/v/{i}"><h3>Neue Deiche an der Lahn {i}</h3></a>'
        for i in range(4)
    )
    + f"</section></main>{FOOTER}</body></html>",
    [*VIDEO_TEXT, *TRANSCRIPT],
    [*CHROME, "Neue Deiche an der Lahn 2"],
)
# A Spanish news site's box of links to its other stories between the paragraphs, labelled
# "Más información".
CASES["related box labelled in Spanish"] = Case(
    framed(
        '<article><h1>Brücke</h1><div class="cuerpo">'
        f'<div class="paragraph">{paragraphs(BRIDGE[:3])}</div><div class="mas-info">'
        '<h4>Más información</h4><ul><li><a href="/a/1">València prorroga la moratoria de'
        ' pisos turísticos en la ciudad</a></li><li><a href="/a/2">El precio de la vivienda'
        " marca un nuevo récord en la Comunitat</a></li></ul></div>"
        f'<div class="paragraph">{paragraphs(BRIDGE[3:])}</div></div></article>'
    ),
    BRIDGE,
    [*CHROME, "moratoria", "nuevo récord"],
)
# A section's heading whose anchor an editor shortened to two words, one of them a weak
# chrome word ("more-neighbors" for "Serving more neighbors than ever before"): the id is
# the heading's, the heading is the text's.
SECTION_HEADING = "Serving more neighbors than ever before in our region"
CASES["heading anchored by a short id with a weak word"] = Case(
    framed(
        f'<article><h1>Annual report</h1><div class="entry-content">{paragraphs(BRIDGE[:2])}'
        f'<h2 class="wp-block-heading" id="more-neighbors">{SECTION_HEADING}</h2>'
        f"{paragraphs(BRIDGE[2:])}</div></article>"
    ),
    [*BRIDGE, SECTION_HEADING],
    CHROME,
)
# A public radio's box of one related story between the paragraphs, labelled "Related Story"
# in the singular.
CASES["related story box, singular label"] = Case(
    framed(
        f"<article><h1>Brücke</h1><div class='storytext'>{paragraphs(BRIDGE[:3])}"
        '<div class="bucketwrap internallink"><div class="bucket"><h3 class="slug">Related'
        ' Story</h3><ul><li><a href="/2026/01/04/libraries">Book challenges at public'
        " libraries hit a record high last year</a></li></ul></div></div>"
        f"{paragraphs(BRIDGE[3:])}</div></article>"
    ),
    BRIDGE,
    [*CHROME, "Book challenges"],
)
# A shop's product page whose customers' reviews carry no class word the extractor knows,
# but the page's microdata names them: reviews of the product (itemprop="review"), side by
# side. (and the guard: a critic's review typed so, one review, is the page's text)
DESCRIPTION = [
    "Das Kochmesser ist aus einem Stück geschmiedet und hat eine Klinge aus rostfreiem Stahl,"
    f" die von Hand geschliffen und poliert wird, Absatz {i}."
    for i in range(4)
]
CUSTOMER_REVIEW = "Der Griff liegt gut in der Hand, nur die Holzbox zur Aufbewahrung fehlt mir"
CASES["customers' reviews named by microdata"] = Case(
    framed(
        '<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Kochmesser'
        f'</h1><div class="tab-pane" id="tab-description">{paragraphs(DESCRIPTION)}</div>'
        '<div class="tab-pane" id="tab-votes"><h3>Bewertungen</h3>'
        + "".join(
            '<div class="rv" itemprop="review" itemscope itemtype="https://schema.org/Review">'
            f'<span itemprop="author">Kunde {i}</span><p itemprop="reviewBody">'
            f"{CUSTOMER_REVIEW} ({i}).</p></div>"
            for i in range(4)
        )
        + "</div></div>"
    ),
    DESCRIPTION,
    [*CHROME, CUSTOMER_REVIEW],
)
CASES["a critic's review typed as a review"] = Case(
    framed(
        '<div itemscope itemtype="https://schema.org/Movie"><h1 itemprop="name">Der Film</h1>'
        '<article itemprop="review" itemscope itemtype="https://schema.org/Review">'
        f'<div itemprop="reviewBody">{paragraphs(BRIDGE)}</div></article></div>'
    ),
    BRIDGE,
    CHROME,
)
# ... and a page of nothing but a product's reviews: they are its text.
CASES["a page of reviews only"] = Case(
    "<html><head><title>Bewertungen</title></head><body><div itemscope"
    ' itemtype="https://schema.org/Product"><h1>Alle Bewertungen: Kochmesser</h1>'
    + "".join(f'<div itemprop="review"><p>{CUSTOMER_REVIEW} ({i}).</p></div>' for i in range(6))
    + "</div></body></html>",
    [f"{CUSTOMER_REVIEW} ({i})." for i in range(6)],
    [],
)
# A practice's services, each headed by a theme's heading module whose <h2> is classed as
# the heading's tag ("av-special-heading-tag", as Enfold writes it): the headings are the
# text's, no list of tags.
SERVICE_HEADINGS = ["Vorsorge und Gesundheits-Check-up", "Impfungen für Kinder und Erwachsene"]
CASES["headings classed as the heading's tag"] = Case(
    framed(
        '<main class="content"><h1>Unsere Leistungen</h1>'
        + "".join(
            f'<div class="av-special-heading av-special-heading-h2"><h2'
            f' class="av-special-heading-tag">{heading}</h2></div>'
            f'<section class="av_textblock_section"><div class="avia_textblock">'
            f"{paragraphs(BRIDGE[2 * i : 2 * i + 2])}</div></section>"
            for i, heading in enumerate(SERVICE_HEADINGS)
        )
        + "</main>"
    ),
    [*SERVICE_HEADINGS, *BRIDGE[:4]],
    CHROME,
)
# A FAQ written as a CMS's accordion (Bootstrap's markup): each question is the button in
# the item's "accordion-header", which is the bar that opens the answer, no page header.
CASES["faq accordion headers"] = Case(
    framed(
        f'<h1>Häufige Fragen</h1><p>{LEDE}</p><div class="accordion" id="faq">'
        + "".join(
            f'<div class="accordion-item"><div class="accordion-header" id="h{i}"><button'
            f' class="accordion-button collapsed" type="button" aria-expanded="false"'
            f' aria-controls="a{i}"><span>{q}</span></button></div><div id="a{i}"'
            f' class="accordion-collapse collapse" aria-labelledby="h{i}"><div'
            f' class="accordion-body"><p>{a}</p></div></div></div>'
            for i, (q, a) in enumerate(FAQ)
        )
        + "</div>"
    ),
    [LEDE, *(x for qa in FAQ for x in qa)],
    CHROME,
)
# A question-and-answer page whose microdata types the question (schema.org's Question, as
# such sites write it for search engines): the answers hold more text than the question,
# in a part of their own, and the question is the page's subject, its text as much.
ANSWER = [f"{line} ({i})" for i in range(3) for line in [*MANUAL, *STEPS]]
CASES["a question typed as one, its answers longer"] = Case(
    framed(
        '<div class="question-page" itemscope itemtype="https://schema.org/Question">'
        '<section class="question"><h1 itemprop="name">Router startet ständig neu</h1>'
        f'<div class="question-text" itemprop="text">{paragraphs(QUESTION)}</div>'
        '<ul class="tags"><li><a href="/t/router">Router</a></li></ul></section>'
        '<section class="answer-list"><h2>2 Antworten</h2><article class="answer"'
        ' itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">'
        f'<div class="answer-text" itemprop="text">{paragraphs(ANSWER)}</div></article>'
        "</section></div>"
    ),
    [*QUESTION, *ANSWER],
    CHROME,
)


# A shop's product page whose theme writes the tabs of the product's description below
# its summary in a "product-footer" (WooCommerce's Flatsome), the description in two
# columns: the product's text, no footer.
def product_column(lines: list[str]) -> str:
    return f'<div class="col medium-6"><div class="col-inner">{paragraphs(lines)}</div></div>'


CASES["a product's description in its product-footer"] = Case(
    framed(
        '<div class="product type-product"><div class="product-main"><div'
        ' class="product-info summary entry-summary"><h1 class="product-title">Wanderrucksack'
        ' 30 L</h1><p class="price">89,00 €</p><div class="product-short-description"><p>Leicht'
        " und robust, mit Regenhülle und Trinksystem für lange Touren in den Bergen.</p></div>"
        '</div></div><div class="product-footer"><div class="woocommerce-tabs"><div'
        ' class="woocommerce-Tabs-panel panel entry-content" id="tab-description"'
        f' role="tabpanel"><div class="row">{product_column(DESCRIPTION)}'
        f"{product_column(BRIDGE)}</div></div></div></div></div>"
    ),
    [*DESCRIPTION, *BRIDGE],
    CHROME,
)
# A recipe whose ingredients are a list to tick off, each item's text the label of its
# check box (as recipe sites built as applications write them): the ingredients are the
# recipe's text, no form's labels.
CASES["ingredients as labels of check boxes"] = Case(
    framed(
        f"<article><h1>Einfaches Brot</h1><p>{RECIPE_INTRO}</p><h2>Zutaten</h2>"
        '<ul class="ingredients">'
        + "".join(
            f'<li class="ingredient"><label class="check"><input type="checkbox">'
            f"<span>{item}</span></label></li>"
            for item in INGREDIENTS
        )
        + f"</ul><h2>Zubereitung</h2><ol>{''.join(f'<li>{s}</li>' for s in STEPS)}</ol>"
        "</article>"
    ),
    [RECIPE_INTRO, *INGREDIENTS, *STEPS],
    CHROME,
)
# ... and the guard: a newsletter's sign-up box below an article lists the topics to
# choose as check boxes in list items; it asks for an email address, and stays chrome
TOPICS = ["Verkehr und Baustellen in der Stadt", "Kultur und Veranstaltungen am Wochenende"]
CASES["a sign-up box's topics as check boxes"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1>{paragraphs(BRIDGE)}</article>"
        '<form class="box"><p>Unser Newsletter jeden Freitag</p><input type="email"'
        ' placeholder="E-Mail"><ul>'
        + "".join(f'<li><label><input type="checkbox">{t}</label></li>' for t in TOPICS)
        + "</ul><button>Abonnieren</button></form>"
    ),
    BRIDGE,
    [*CHROME, *TOPICS],
)
# A newspaper's story whose CMS writes the opening that every reader sees as a paywall's
# preview ("subscriber-preview", as BLOX does) and the rest for subscribers: the opening is
# the story's.
CASES["a story's opening as a paywall's preview"] = Case(
    framed(
        '<article><h1>Die Brücke wird saniert</h1><div class="asset-body"'
        ' itemprop="articleBody"><div class="asset-content subscriber-premium">'
        f'<div class="subscriber-preview">{paragraphs([LEDE, BRIDGE[0]])}</div>'
        f'<div class="subscriber-only">{paragraphs([*BRIDGE[1:], *MANUAL, *STEPS])}</div>'
        "</div></div></article>"
    ),
    [LEDE, *BRIDGE, *MANUAL, *STEPS],
    CHROME,
)
# A recipe whose CMS writes each step as a component of its own (Drupal's paragraphs: the
# step's number, then its text in a field's <div> around the paragraph) beside a long list
# of ingredients: the <div>s around a paragraph alone are the paragraph, and the steps,
# not the ingredients, are the recipe's running text.
LONG_INGREDIENTS = [
    *INGREDIENTS,
    *(
        f"{amount} Gramm {item}, grob gewürfelt, gewaschen und gut abgetropft"
        for amount, item in ((800, "Kalbfleisch"), (300, "Möhren"), (250, "Champignons"))
    ),
    "1 Bund Petersilie",
]
LONG_STEPS = [f"{step} {line}" for step, line in zip([*STEPS, MANUAL[0]], BRIDGE, strict=True)]
CASES["steps as components, beside a long list of ingredients"] = Case(
    framed(
        "<article><h1>Kalbsragout</h1>"
        '<section class="ingredients"><h2>Zutaten</h2><div class="field field--name-groups">'
        '<div class="paragraph paragraph--type--group"><h3>Für das Ragout</h3><ul>'
        + "".join(f"<li>{item}</li>" for item in LONG_INGREDIENTS[:-1])
        + '</ul></div><div class="paragraph paragraph--type--group"><h3>Für die Sauce</h3>'
        f"<ul><li>{LONG_INGREDIENTS[-1]}</li><li>40 g Butter</li><li>40 g Mehl</li></ul>"
        '</div></div></section><section class="preparation"><h2>Zubereitung</h2>'
        '<div class="field field--name-field-steps field__items">'
        + "".join(
            f'<div class="paragraph paragraph--type--step"><div class="step__number">Schritt'
            f' {i + 1}</div><div class="clearfix text-formatted field field--name-field-text'
            f' field__item"><p>{step}</p></div></div>'
            for i, step in enumerate(LONG_STEPS)
        )
        + "</div></section></article>"
    ),
    LONG_STEPS,
    CHROME,
)
# A firm's services page whose builder sets each service in an icon box, the boxes in an
# "iconbox-grid" (Oxygen's icon boxes): a box of a heading and a text beside an icon, no
# icon.
SERVICES = [
    "Wir erstellen Ihre Steuererklärung, prüfen Bescheide und legen Einspruch ein, wenn das"
    " Finanzamt von Ihrer Erklärung abweicht.",
    "Wir führen Ihre Finanz- und Lohnbuchhaltung, auf Wunsch vollständig digital mit einem"
    " Belegupload per App und monatlichen Auswertungen.",
    "Wir beraten Sie bei der Gründung, der Wahl der Rechtsform und der Nachfolge, damit Ihr"
    " Betrieb steuerlich gut aufgestellt ist.",
]
CASES["services in a grid of icon boxes"] = Case(
    framed(
        f"<main><h1>Unsere Leistungen</h1><p>{LEDE}</p>"
        '<div class="ct-div-block iconbox-grid">'
        + "".join(
            f'<div class="oxy-icon-box"><div class="oxy-icon-box-icon"></div><div'
            f' class="oxy-icon-box-content"><h3 class="oxy-icon-box-heading">Leistung {i}'
            f'</h3><p class="oxy-icon-box-text">{text}</p></div></div>'
            for i, text in enumerate(SERVICES)
        )
        + f"</div><h2>Über uns</h2>{paragraphs(BRIDGE)}</main>"
    ),
    [LEDE, *SERVICES, *BRIDGE],
    CHROME,
)
# A club's page whose builder closes it with a section of the latest posts under a heading
# of its own: the posts are teasers, and the heading, left last in the text, heads nothing
# of it.
LATEST = "Neuigkeiten aus dem Vereinsleben"
CASES["a heading left above teasers at the end"] = Case(
    framed(
        f'<div class="page-content"><h1>Unsere Geschichte</h1>{paragraphs(CHRONICLE)}'
        f'<section class="section"><h2>{LATEST}</h2><div class="related-posts">'
        + "".join(
            f'<div class="post-card"><h3><a href="/n{i}">Neue Öffnungszeiten {i}</a></h3>'
            f"<p>{i + 3}. Mai 2026</p></div>"
            for i in range(3)
        )
        + "</div></section></div>"
    ),
    CHRONICLE,
    [*CHROME, LATEST, "Neue Öffnungszeiten 1"],
)
# ... and the guard: an editor's note set as a heading at the end of a post, above its
# related posts, is the post's (a change to it is news)
NOTE_HEADING = "Update: Die Sperrung beginnt erst am 2. Juni"
CASES["a note set as a heading at the end"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1>{paragraphs(BRIDGE)}<h3>{NOTE_HEADING}</h3></article>"
        '<div class="related-posts"><h2>Das könnte Sie auch interessieren</h2>'
        + "".join(f'<p><a href="/n{i}">Neue Öffnungszeiten {i}</a></p>' for i in range(3))
        + "</div>"
    ),
    [*BRIDGE, NOTE_HEADING],
    [*CHROME, "Neue Öffnungszeiten 1"],
)
# A hand-written homepage whose paragraphs sit in the <body> itself, between parts of the
# frame named by ids that glue the part to a prefix ("deptnav", "sitefooter"): the parts
# are the frame, their notices no text of the page.
FRAME_NOTICE = "Anmeldungen für die Exkursion im Sommer sind bis zum 15. März möglich."
DISCLAIMER = "Die Inhalte dieser Seite geben allein die Meinung ihres Verfassers wieder."
CASES["a body of paragraphs between glued frame ids"] = Case(
    "<html><head><title>Startseite</title></head><body>"
    '<div id="deptnav"><ul><li><a href="/">Institut</a></li><li><a href="/lehre">Lehre</a>'
    f"</li></ul><p>{FRAME_NOTICE}</p></div><h1>Willkommen</h1>{paragraphs(CHRONICLE)}"
    f'<div id="sitefooter"><p>{DISCLAIMER}</p><p>Letzte Änderung: 14.09.2003</p></div>'
    "</body></html>",
    CHRONICLE,
    [FRAME_NOTICE, DISCLAIMER],
)
# A knowledge base's article with a part folded in Confluence's expand macro, which the page
# holds closed ("expand-content expand-hidden") for the reader to unfold: the article's.
CASES["a part folded in an expand macro"] = Case(
    framed(
        '<div class="wiki-content"><h1>Konfiguration</h1>'
        f"{paragraphs([*MANUAL, *STEPS, *CHRONICLE])}"
        '<div class="expand-container"><div class="expand-control"><span'
        ' class="expand-control-text">Beispiele anzeigen</span></div><div'
        ' id="expander-content-1" class="expand-content expand-hidden">'
        f"{paragraphs(BRIDGE[:2])}</div></div></div>"
    ),
    [*MANUAL, *STEPS, *CHRONICLE, *BRIDGE[:2]],
    CHROME,
)
# A municipal CMS's news page (TYPO3's news list, as town halls run it): below the article,
# a content element of its own headed "Weitere Meldungen ...", each item a linked headline,
# a line of summary and a "read on" link; the summaries are other stories' teasers.
NEWS_SUMMARY = (
    "Ab März ist die Stadtbibliothek samstags bis 16 Uhr geöffnet. Möglich macht das ein neues"
    " Selbstverbuchungssystem."
)
CASES["a news list with summaries below the article"] = Case(
    framed(
        f'<div class="frame frame-type-text"><h1>Die Brücke</h1>{paragraphs(BRIDGE)}</div>'
        '<div class="frame frame-type-news_pi1"><header class="frame-header"><h2>'
        '<span>Weitere Meldungen aus dem Rathaus</span></h2></header><div class="news">'
        + "".join(
            f'<div class="article articletype-0"><div class="header"><h3><a href="/n{i}">'
            f"Stadtbibliothek verlängert Öffnungszeiten {i}</a></h3></div>"
            f'<div class="teaser-text"><p>{NEWS_SUMMARY[:-1]} ({i}).</p></div>'
            f'<a class="more" href="/n{i}">Weiterlesen</a></div>'
            for i in range(4)
        )
        + "</div></div>"
    ),
    BRIDGE,
    [*CHROME, "Ab März ist die Stadtbibliothek", "Weitere Meldungen"],
)
# Share buttons that a library draws ("shariff", Heise's buttons that German sites use, not
# to send their readers' visits to the networks): their labels ("mail") are no text.
CASES["share buttons named by their library"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1>{paragraphs(BRIDGE)}"
        '<div class="shariff"><ul class="theme-standard">'
        '<li class="shariff-button mail"><a href="mailto:"><span class="share_text">mail'
        "</span></a></li>"
        '<li class="shariff-button print"><a href="javascript:window.print()">'
        '<span class="share_text">Druckansicht</span></a></li></ul></div></article>'
    ),
    BRIDGE,
    [*CHROME, "mail", "Druckansicht"],
)
# A product review's disclosure above the text, told by what the site earns ("we may earn
# a commission"), not by the words "affiliate links".
EARNS = "When you buy through links on our site, we may earn a commission."
REVIEW = [
    "The thermostat took ten minutes to install and another five to pair with the app, which"
    " walked us through every wire without once asking us to create an account.",
    "Over three weeks of use it kept the living room within half a degree of its target,"
    " though the motion sensor sometimes missed someone reading quietly on the sofa.",
    "At its current price it undercuts the better-known brands by a third, and its firmware"
    " updates arrive signed, which is more than some rivals can say.",
]
CASES["a disclosure of what the site earns"] = Case(
    framed(
        f'<article><h1>Aura thermostat review</h1><div class="mt-6 text-xs">{EARNS}</div>'
        f'<div class="mt-6">{paragraphs(REVIEW)}</div></article>'
    ),
    REVIEW,
    [*CHROME, EARNS],
)
# A newsletter's web version closes with its ask to pass it on, below the letter's last
# lines: the letter's frame, not its text.
PASS_ON = (
    "Dann empfehlen Sie ihn gern an Freundinnen, Kollegen und Nachbarn weiter. Jede Woche"
    " kostenlos in Ihrem Postfach."
)
CASES["a newsletter's ask to pass it on"] = Case(
    framed(
        f"<article><h1>Der Klimabrief</h1>{paragraphs([*BRIDGE, *CHRONICLE])}"
        f"<h3>Gefällt Ihnen der Klimabrief?</h3><p>{PASS_ON}</p></article>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, "Dann empfehlen Sie ihn gern", "Gefällt Ihnen der Klimabrief"],
)
# A podcast's show notes close with a box asking for the listeners' support, then the
# episode's last words: the ask is the site's.
SUPPORT_ASK = (
    "Quiet Places is independent and listener-supported. Members get ad-free episodes and a"
    " monthly bonus recording."
)
NEXT_EPISODE = "In the next episode we record the dawn chorus in a city park in early May."
CASES["a podcast's ask for its listeners' support"] = Case(
    framed(
        f"<article><h1>Episode 12: Listening to the street</h1>{paragraphs(REVIEW)}"
        f'<div class="wp-block-group qp-support-box"><p>{SUPPORT_ASK}</p>'
        '<div class="wp-block-buttons"><a class="wp-block-button__link" href="/join">Join us'
        f"</a></div></div><p>{NEXT_EPISODE}</p></article>"
    ),
    [*REVIEW, NEXT_EPISODE],
    [*CHROME, "listener-supported"],
)
# A garden blog's how-to closes with its ask to save the post on Pinterest.
PIN_ASK = "Save this guide for later! Pin it to your gardening board on Pinterest."
CASES["a blog's ask to pin the post"] = Case(
    framed(
        f"<article><h1>How to divide a hosta</h1>{paragraphs(REVIEW)}"
        f'<div class="wp-block-group bb-pin-box"><p>{PIN_ASK}</p></div></article>'
    ),
    REVIEW,
    [*CHROME, "Pin it to your gardening board"],
)
# A newspaper's page in hashed classes, where the text is too short for the reading to
# find its own part: the share buttons' labels ("Share on Facebook"), the stamps with their
# day's name and time zone, the box of topics ("Explore more on these topics") and the
# ask for the readers' money around it are the page's frame.
STAMPED = ["Sat 6 Jul 2024 07.00 BST", "Last modified on Sat 6 Jul 2024 09.41 BST"]
CASES["share labels, stamps and topics around a short text"] = Case(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The ferry</title>'
    '</head><body><main><article class="dcr-2c5f64a"><div class="dcr-ef98305"><h1>The last'
    ' ferry</h1></div><div class="dcr-e9a23cb"><details class="dcr-5fc7323"><summary><span>'
    f"{STAMPED[0]}</span></summary><span>{STAMPED[1]}</span></details><ul>"
    + "".join(
        f'<li><a href="https://example.net/share/{i}" class="dcr-edeee06"><span>{label}</span>'
        "</a></li>"
        for i, label in enumerate(["Share on Facebook", "Share via Email"])
    )
    + "</ul></div>"
    + "".join(f'<div class="dcr-9a0364b{i}"><p>{line}</p></div>' for i, line in enumerate(REVIEW))
    + '<div class="dcr-020be16"><h2>You have read 7 articles in the last month</h2><p>The'
    " Meridian is funded by readers like you. Support independent journalism from just two"
    ' pounds.</p><a href="/support">Support us</a></div><div class="dcr-d57ac45"><h2>Explore'
    " more on these topics</h2><ul>"
    + "".join(f'<li><a href="/{t.lower()}">{t}</a></li>' for t in ["Rivers", "Transport"])
    + "</ul></div></article></main></body></html>",
    REVIEW,
    [*STAMPED, "Share on Facebook", "Share via Email", "funded by readers", "Explore", "Rivers"],
)
# A photo essay: the story is told in its pictures' captions, a few paragraphs between them;
# the captions hold most of the text and are the article's.
FERRY_CAPTIONS = [f"{line} ({i})" for i, line in enumerate([*BRIDGE, *CHRONICLE])]
CASES["a photo essay told in its captions"] = Case(
    framed(
        f"<article><h1>Ein Jahr an der Brücke</h1>{paragraphs(REVIEW[:1])}"
        + "".join(
            f'<figure><img src="/b{i}.jpg" alt=""><figcaption>{line}'
            " <span>Foto: Stadtarchiv</span></figcaption></figure>"
            for i, line in enumerate(FERRY_CAPTIONS)
        )
        + f"{paragraphs(REVIEW[1:2])}</article>"
    ),
    [*REVIEW[:2], *FERRY_CAPTIONS],
    CHROME,
)
# ... and the guard: a news story's captions, long as agencies write them, hold less text
# than the story and stay out of it.
AGENCY_CAPTION = (
    "FILE - In this photo taken on 12 May, workers repair the old bridge over the Mühlbach,"
    " which the town will close in June for four months of works. (Photo: Stadtarchiv)"
)
CASES["a news story's long caption"] = Case(
    framed(
        f'<article><h1>Die Brücke</h1><figure><img src="/b.jpg" alt=""><figcaption>'
        f"{AGENCY_CAPTION}</figcaption></figure>{paragraphs(BRIDGE)}</article>"
    ),
    BRIDGE,
    [*CHROME, AGENCY_CAPTION],
)
# A shop's product page folds its care notes and its terms of shipping and returns in
# <details> panels under the description (Shopify's themes): the care notes are the
# product's text, the terms the same under every product.
CARE = [
    "Die Decke kann bei 40 Grad im Schonwaschgang gewaschen werden, bitte ohne Weichspüler.",
    "Leichtes Knittern ist typisch für gewaschenes Leinen und kein Mangel der Ware.",
]
TERMS = "Bestellungen bis 13 Uhr verlassen unser Lager noch am selben Werktag mit DHL."
CASES["a shop's folded panel of shipping terms"] = Case(
    framed(
        f'<div class="product__info-container"><h1>Sommerdecke Leinen</h1>'
        f'<div class="product__description rte">{paragraphs(DESCRIPTION)}</div>'
        '<div class="product__accordion accordion"><details><summary><h2 class="h4">'
        f"Pflegehinweise</h2></summary><div>{paragraphs(CARE)}</div></details></div>"
        '<div class="product__accordion accordion"><details><summary><h2 class="h4">'
        f"Versand &amp; Rückgabe</h2></summary><div><p>{TERMS}</p><p>Rücksendungen sind"
        " innerhalb von 30 Tagen kostenlos möglich.</p></div></details></div></div>"
    ),
    [*DESCRIPTION, *CARE],
    [*CHROME, TERMS, "Rücksendungen sind", "Versand"],
)
# A newspaper's offer of its newsletter set in the text as a box of its own, a label and
# a line of what comes by mail; and a town hall's offer of its newsletter in a line of its
# own beside the text, where no label heads it.
PITCH = "Recibe cada viernes en tu correo las claves de la crisis climática."
TOWN_PITCH = (
    "Sitzungsberichte und Veranstaltungstipps einmal pro Woche per E-Mail: Melden Sie sich"
    " jetzt für den Rathaus-Newsletter an."
)
CASES["a newsletter's offer in and beside the text"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1><p>{TOWN_PITCH}</p>{paragraphs(BRIDGE[:3])}"
        f'<div class="nl_b"><p class="nl_b_t">Newsletter Clima</p><p class="nl_b_d">{PITCH}'
        '</p><a href="/nl">Apúntate</a></div>'
        f"{paragraphs(BRIDGE[3:])}{paragraphs(CHRONICLE)}</article>"
    ),
    [*BRIDGE, *CHRONICLE],
    [*CHROME, PITCH, "Newsletter Clima", "Rathaus-Newsletter"],
)
# ... and the guard: a town's news about its new newsletter, a section of the text under
# a heading that names it, is the text
NEWSLETTER_NEWS = (
    "Seit Januar verschickt die Stadt jeden Freitag einen Newsletter per E-Mail. Er fasst die"
    " Beschlüsse des Gemeinderats zusammen, nennt die Baustellen der kommenden Woche und"
    " erinnert an die Sprechstunden des Bürgermeisters; nach drei Monaten haben ihn bereits"
    " mehr als 1.800 Haushalte abonniert, wie die Verwaltung mitteilt."
)
CASES["a town's news about its newsletter"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1>{paragraphs(BRIDGE)}<section><h2>Der neue Newsletter"
        f"</h2><p>{NEWSLETTER_NEWS}</p></section>{paragraphs(CHRONICLE)}</article>"
    ),
    [*BRIDGE, NEWSLETTER_NEWS, *CHRONICLE],
    CHROME,
)
# ... and the guard: a newsletter published as an article says where to subscribe to
# "this newsletter" among its first lines: the newsletter's own line
OWN_PITCH = "You can also subscribe to this newsletter here, and get it every morning."
CASES["a newsletter's own line about subscribing to it"] = Case(
    framed(f"<article><h1>Ten things in tech</h1><p>{OWN_PITCH}</p>{paragraphs(REVIEW)}</article>"),
    [OWN_PITCH, *REVIEW],
    CHROME,
)
# A guide's box about its author below the text, labelled "Author" and written in hashed
# classes that name nothing: the author's, not the guide's.
AUTHOR_BIO = (
    "Dana repairs game controllers and handhelds for a community repair café and has written"
    " forty guides for the site."
)
CASES["the author's box below the text, labelled"] = Case(
    framed(
        f'<article><h1>Replacing a joystick</h1><div class="css-1a2b">{paragraphs(REVIEW)}'
        '</div><div class="css-6ol6n99"><h3 class="css-10l4v0t">Author</h3><div'
        ' class="css-nup1y96"><img src="/dana.jpg" alt=""><div><a href="/u/dana">Dana Whitfield'
        f"</a><p>{AUTHOR_BIO}</p></div></div></div></article>"
    ),
    REVIEW,
    [*CHROME, AUTHOR_BIO, "Dana Whitfield"],
)
# A paywalled story in styled-components' classes: the last paragraph a reader sees fades
# out above the paywall ("Paywallstyled__Fade"), the story's text though the paywall's
# word names its box.
FADED = (
    "Auch in der Kommunalpolitik regt sich Widerstand, der Gemeinderat will das Thema noch"
    " vor Weihnachten auf die Tagesordnung setzen."
)
CASES["the paragraph that fades out above a paywall"] = Case(
    framed(
        '<article><h1>Die Brücke</h1><div class="Textstyled__Body-sc-m5d3m7-2 kPqRs">'
        + "".join(f'<p class="Textstyled__Text-sc-m5d3m7-10 heNGBa">{line}</p>' for line in BRIDGE)
        + '<div class="Paywallstyled__Fade-sc-d6zr5b-12 ecXLSs"><p class="Textstyled__Text-sc-'
        f'm5d3m7-10 heNGBa">{FADED}</p></div></div><div class="Paywallstyled__Wrapper-sc-'
        'zo7ypj-12 RUlKmt"><p>Jetzt weiterlesen mit dem Abo für 9,99 Euro im Monat.</p>'
        "</div></article>"
    ),
    [*BRIDGE, FADED],
    [*CHROME, "Jetzt weiterlesen"],
)
# A business story's table of figures in a <figure>, the table in a <div> that scrolls it
# sideways, its title and its source in classes that call them a caption and a source:
# the story's data, title and source included.
TABLE_TITLE = "Revenue and operating margin by division, year to December 31st"
TABLE_SOURCE = (
    "Source: the company's annual results. Figures are rounded and exclude one-off items."
)
CASES["a table of figures in a scrolling figure"] = Case(
    framed(
        f"<article><h1>Results</h1>{paragraphs(REVIEW[:2])}"
        '<figure class="DataTable_wrapper__m3Lq0"><figcaption class="DataTable_caption__9pWc2">'
        f'{TABLE_TITLE}</figcaption><div class="DataTable_scroll__Hh2kT"><table><thead><tr>'
        "<th>Division</th><th>Revenue (€m)</th></tr></thead><tbody>"
        "<tr><td>Dairy ingredients</td><td>1,284.6</td></tr>"
        "<tr><td>Consumer brands</td><td>862.3</td></tr></tbody></table></div>"
        f'<p class="DataTable_source__Lm0sE">{TABLE_SOURCE}</p></figure>'
        f"{paragraphs(REVIEW[2:])}</article>"
    ),
    [*REVIEW, TABLE_TITLE, TABLE_SOURCE, "Dairy ingredients"],
    CHROME,
)
# An investigation's box that says how it was done, an <aside> in the text that names it a
# methodology box: the investigation's own account of its method.
METHOD = [
    "We sent freedom of information requests to all 296 housing authorities in October.",
    "Where councils gave ranges, we used the lowest figure, so our totals are conservative.",
]
CASES["an investigation's methodology box"] = Case(
    framed(
        f'<article><h1>Families in B&amp;Bs</h1><div class="field--name-body">'
        f"{paragraphs([*REVIEW, *BRIDGE])}</div><div"
        ' class="paragraph paragraph--type--methodology"><aside class="methodology-box"><h3'
        f' class="methodology-box__title">How we did this</h3>{paragraphs(METHOD)}</aside>'
        "</div></article>"
    ),
    [*REVIEW, *BRIDGE, *METHOD],
    CHROME,
)
# A privacy policy (or terms of use) whose numbered sections are anchored by their topics,
# "cookies", "newsletter", "kommentare", "subscriptions": the sections of the text that
# people watch for changes, whatever a widget of that name would be. (the last one named
# by its heading for ARIA, its heading after a permalink's "#")
POLICY = [
    (
        "verantwortlicher",
        "1. Verantwortlicher",
        "Verantwortlich für die Datenverarbeitung ist"
        " die Beispiel GmbH, Musterstraße 1, 12345 Musterstadt.",
    ),
    (
        "cookies",
        "2. Cookies",
        "Wir setzen Cookies ein, um die Website bereitzustellen;"
        " Analyse-Cookies setzen wir nur mit Ihrer Einwilligung.",
    ),
    (
        "newsletter",
        "3. Newsletter",
        "Wenn Sie unseren Newsletter abonnieren, verarbeiten wir"
        " Ihre E-Mail-Adresse auf Grundlage Ihrer Einwilligung.",
    ),
    (
        "kommentare",
        "§ 4 Kommentarfunktion",
        "Wenn Sie einen Kommentar hinterlassen,"
        " speichern wir Ihren Namen, den Text und die IP-Adresse für sieben Tage.",
    ),
]
SUBSCRIPTIONS = (
    "Abonnements verlängern sich automatisch, bis Sie sie zum Ende der Laufzeit kündigen."
)
CASES["a policy's numbered sections named by their topics"] = Case(
    framed(
        "<article><h1>Datenschutzerklärung</h1>"
        + "".join(
            f'<section id="{anchor}"><h2>{heading}</h2><p>{text}</p></section>'
            for anchor, heading, text in POLICY
        )
        + '<section id="subscriptions" aria-labelledby="subscriptions-heading"><h2'
        ' id="subscriptions-heading"><a href="#subscriptions" aria-hidden="true">#</a>5.'
        f" Abonnements</h2><p>{SUBSCRIPTIONS}</p></section></article>"
    ),
    [*(heading for _, heading, _ in POLICY), *(text for _, _, text in POLICY), SUBSCRIPTIONS],
    CHROME,
)
# ... and the guard: a comment section anchored "comments" and headed by its count is
# the readers', not the text's
READER_COMMENT = (
    "Ich finde die Sanierung längst überfällig, aber die Umleitung über die Gartenstraße ist"
    " für die Anwohner dort eine echte Zumutung, gerade morgens im Berufsverkehr."
)


def anchored_box(ident: str, heading: str, line: str) -> str:
    """The bridge story, then a box anchored `ident` under `heading` holding three numbered
    copies of `line` (a sentence without its full stop)."""
    return framed(
        f"<article><h1>Die Brücke</h1>{paragraphs(BRIDGE)}</article>"
        f'<div id="{ident}"><h3>{heading}</h3>'
        + "".join(f"<div><p>{line} ({i}).</p></div>" for i in range(3))
        + "</div>"
    )


CASES["a comment section headed by its count"] = Case(
    anchored_box("comments", "3 Kommentare", READER_COMMENT[:-1]),
    BRIDGE,
    [*CHROME, "Ich finde die Sanierung", "3 Kommentare"],
)
# ... and the guard: a box of other stories anchored "related" and headed by a long title
# that names it stays a box of other stories (a heading of many words makes a short id its
# slug only where the element is the heading itself)
OTHER_SUMMARY = (
    "Die Stadt plant neue Radwege entlang des Mühlbachs und lädt die Bürgerinnen und Bürger"
    " zur Beteiligung ein."
)
CASES["other stories anchored by their role, with a long title"] = Case(
    anchored_box("related", "Related stories you might also like to read", OTHER_SUMMARY[:-1]),
    BRIDGE,
    [*CHROME, "Die Stadt plant neue Radwege", "Related stories"],
)
# An app store's page (and a product's or a service's): the description, the news of the
# version, the data it keeps, each in a section of one class headed by its own heading; the
# users' reviews of the app below them are no text of it.
APP_DESCRIPTION = [
    "Die App zeigt die Wasserstände von mehr als zweitausend Messstellen an Flüssen und Seen.",
    "Die Daten stammen direkt von den Hochwassermeldediensten der Länder und des Bundes.",
    "Für Kanufahrer, Angler und Anwohner bietet sie einen schnellen Überblick ohne Umwege.",
]
APP_DATA = (
    "Laut Angaben des Entwicklers werden keine Daten an Dritte weitergegeben, der Standort"
    " bleibt auf dem Gerät."
)
APP_REVIEW = (
    "Für Wanderfahrten auf der Lahn unverzichtbar, ich schaue jeden Morgen kurz auf den Pegel"
    " in Diez"
)


def app_section(kind: str, heading: str, inner: str) -> str:
    return (
        f'<section class="app-section app-{kind}"><h2 class="app-section__title">{heading}</h2>'
        f"{inner}</section>"
    )


CASES["an app's page in sections of one class, its users' reviews below"] = Case(
    framed(
        '<h1>Pegelfuchs</h1><div class="app-detail__main">'
        + app_section(
            "description",
            "Über diese App",
            '<div class="app-description__text">' + "<br>".join(APP_DESCRIPTION) + "</div>",
        )
        + app_section("datasafety", "Datenschutz", f"<p>{APP_DATA}</p>")
        + app_section(
            "reviews",
            "Bewertungen",
            "".join(
                f'<article class="review"><p>{APP_REVIEW} ({i}).</p></article>' for i in range(3)
            ),
        )
        + "</div>"
    ),
    [*APP_DESCRIPTION, "Datenschutz", APP_DATA],
    [*CHROME, "Für Wanderfahrten auf der Lahn", "Bewertungen"],
)
# ... and the guard: sections of the same class that hold other pages' teasers, headed by
# their links, stay out
CASES["teasers in sections of the body's class, headed by their links"] = Case(
    framed(
        '<h1>Die Brücke</h1><div class="page">'
        + app_section("text", "Die Sperrung", paragraphs(BRIDGE))
        + "".join(
            f'<section class="app-section app-teaser"><h2 class="app-section__title">'
            f'<a href="/story-{i}">{OTHER_STORY} ({i})</a></h2><p>{OTHER_SUMMARY}</p></section>'
            for i in range(2)
        )
        + "</div>"
    ),
    BRIDGE,
    [*CHROME, "Eine ganz andere Geschichte", "Die Stadt plant neue Radwege"],
)
# A FAQ in an accordion whose panels a site builder calls "dropdowns" (Squarespace's
# "accordion-item__dropdown"): the answers are the page's text.
FEE_ANSWERS = [
    "No. Questions by phone, email or WhatsApp are included in every monthly plan, however"
    " many you have.",
    "There is no minimum term, and you can leave with one month's notice at any time.",
]
CASES["a FAQ's answers in an accordion's dropdowns"] = Case(
    framed(
        "<h1>How our fees work</h1>"
        + paragraphs(MANUAL)
        + '<ul class="accordion-items-container">'
        + "".join(
            f'<li class="accordion-item"><h4 class="accordion-item__title-wrapper"><button '
            f'class="accordion-item__click-target"><span class="accordion-item__title">Question'
            f' {i}?</span></button></h4><div class="accordion-item__dropdown accordion-item__'
            f'dropdown--open" role="region"><div class="accordion-item__description"><p>{answer}'
            f"</p></div></div></li>"
            for i, answer in enumerate(FEE_ANSWERS)
        )
        + "</ul>"
    ),
    [*MANUAL, *FEE_ANSWERS],
    CHROME,
)
# A product's or a company's page showing its blog's latest posts below its text, headed
# "From the blog": their summaries are other pages'.
CASES["the latest posts from the blog below a page"] = Case(
    framed(
        "<h1>Quarry</h1>"
        + paragraphs(MANUAL)
        + '<section class="py-20"><h2 class="text-2xl">From the blog</h2><div class="grid">'
        + "".join(
            f'<article class="flex"><time>Nov {i}, 2024</time><h3><a href="/blog/{i}">Why'
            f" columnar storage works so well, part {i}</a></h3><p>{OTHER_SUMMARY}</p></article>"
            for i in range(1, 4)
        )
        + "</div></section>"
    ),
    MANUAL,
    [*CHROME, "Die Stadt plant neue Radwege", "From the blog", "columnar storage"],
)
# A page builder's post whose column beside the text ends with a newsletter's offer: its
# heading and its line, each a text widget of the kind the post is written in, then the
# form's widget.
TRAVEL_PITCH = (
    "Einmal im Monat schicken wir dir unsere neuesten Reiseberichte und Packlisten als PDF"
)
CASES["a builder's newsletter offer in text widgets beside its form"] = Case(
    framed(
        '<div data-elementor-type="single-post" class="elementor">'
        + builder_block(
            "".join(builder_widget("text-editor", f"<p>{line}</p>") for line in BRIDGE)
            + builder_widget(
                "heading", '<h3 class="elementor-heading-title">Reisepost abonnieren</h3>'
            )
            + builder_widget("text-editor", f"<p>{TRAVEL_PITCH}.</p>")
            + builder_widget(
                "form",
                '<form class="elementor-form"><input type="email" name="email">'
                "<button>Eintragen</button></form>",
            ),
            0,
        )
        + "</div>"
    ),
    BRIDGE,
    [*CHROME, TRAVEL_PITCH, "Reisepost abonnieren"],
)
# ... and the guard: a contact form's own introduction, which offers no subscription, stays
CASES["a builder's contact form after the text's last widget"] = Case(
    framed(
        '<div data-elementor-type="wp-page" class="elementor">'
        + builder_block(
            "".join(builder_widget("text-editor", f"<p>{line}</p>") for line in BRIDGE)
            + builder_widget("text-editor", f"<p>{SECTIONS[2][1]}</p>")
            + builder_widget(
                "form",
                '<form class="elementor-form"><input type="email" name="email">'
                "<textarea></textarea><button>Senden</button></form>",
            ),
            0,
        )
        + "</div>"
    ),
    [*BRIDGE, SECTIONS[2][1]],
    CHROME,
)
# A restaurant's menu, as restaurant plugins and builders' apps write it: sections and
# items in classes named "menu", the dishes and their descriptions, no link among them.
DISHES = [
    ("Kürbissuppe", "Muskatkürbis aus Merdingen mit Ingwer, Kürbiskernöl und gerösteten Kernen"),
    ("Rehragout", "Geschmortes Reh vom Schauinsland mit Wacholder, Preiselbeeren und Spätzle"),
    ("Maronen-Knöpfle", "Knöpfle mit Esskastanien aus der Ortenau, Bergkäse und Röstzwiebeln"),
    (
        "Tarte Tatin",
        "Karamellisierte Äpfel von der Streuobstwiese, warm serviert mit Crème fraîche",
    ),
]
CASES["a restaurant's menu in classes named a menu"] = Case(
    framed(
        "<h1>Speisekarte</h1><p>Seit Oktober kochen wir mit allem, was der Herbst im Breisgau"
        " hergibt, und die Karte wechselt alle sechs Wochen.</p>"
        '<div class="fdm-menu"><button class="fdm-menu-toggle">Karte wählen</button>'
        + "".join(
            f'<div class="fdm-menu-item"><p class="fdm-item-title">{name}</p>'
            f'<p class="fdm-item-content">{text}</p><span class="fdm-item-price">{9 + i},50 €'
            "</span></div>"
            for i, (name, text) in enumerate(DISHES)
        )
        + "</div>"
    ),
    [text for _, text in DISHES],
    [*CHROME, "Karte wählen"],
)
# ... and the guard: a menu of links, or a menu's toggle alone, stays out
CASES["a site's menu of links and a menu's toggle"] = Case(
    framed(
        '<div class="mobile-menu-toggle">Menü öffnen und schließen</div>'
        '<div class="footer-menu-links">'
        + "".join(
            f'<div class="menu-entry"><a href="/m{i}">{text}</a></div>'
            for i, (_, text) in enumerate(DISHES)
        )
        + "</div><h1>Die Brücke</h1>"
        + paragraphs(BRIDGE)
    ),
    BRIDGE,
    [*CHROME, "Menü öffnen", *(text for _, text in DISHES)],
)
# A Slovak or Czech news site's story: its call for tips closing the text, the readers'
# discussion ("diskusia") below it, the feed of more news from the region after that.
SK_TIP = (
    "Viete o niečom, čo by sme mali preveriť? Napíšte nám na redakcia@noviny.sk alebo nám"
    " pošlite správu."
)
SK_COMMENT = "Zasa cez víkend, keď ide pol mesta na chaty, nedalo sa to robiť v noci"
CZ_TEASER = "Trasa měří čtrnáct kilometrů a vede kolem sedmi sklepů otevřených o víkendech"
CASES["a Slavic news site's tip call, discussion and more news"] = Case(
    framed(
        f'<article class="article"><h1>Most bude uzavretý</h1>{paragraphs(REVIEW)}'
        f'<div class="article-tip">{SK_TIP}</div></article>'
        '<section class="box" id="diskusia"><h2>Diskusia (3)</h2>'
        + "".join(
            f'<div class="discussion-item"><strong>user{i}</strong><p>{SK_COMMENT} ({i})?</p></div>'
            for i in range(3)
        )
        + '</section><section class="feed"><h2>Další zprávy z jižní Moravy</h2>'
        + "".join(
            f'<article><a href="/c/{i}"><h3>Znojmo otevře novou stezku {i}</h3></a>'
            f"<p>{CZ_TEASER} ({i}).</p></article>"
            for i in range(3)
        )
        + "</section>"
    ),
    REVIEW,
    [*CHROME, "Viete o niečom", "Zasa cez víkend", "Trasa měří", "Diskusia"],
)
# A delivery portal's restaurant page in CSS modules' classes: the menu, then its
# customers' reviews in a "Reviews_root" section
CASES["customers' reviews named first in a CSS module's class"] = Case(
    framed(
        '<h1>Pizzeria Da Salvatore</h1><section class="Menu_root__a1B2c">'
        + "".join(
            f'<div class="MenuItem_body__k4HnZ"><h3>{name}</h3><p class="MenuItem_description'
            f'__x6RbM">{text}</p></div>'
            for name, text in DISHES
        )
        + '</section><section class="Reviews_root__cH5Dw"><h2>Bewertungen</h2>'
        + "".join(
            f'<div class="Review_root__k3Tpn"><p class="Review_text__Ur5Wk">{APP_REVIEW} ({i}).'
            "</p></div>"
            for i in range(3)
        )
        + "</section>"
    ),
    [text for _, text in DISHES],
    [*CHROME, "Für Wanderfahrten auf der Lahn"],
)
# A TYPO3 page whose content elements each carry the theme's background colour: a section
# on the theme's second colour ("frame-background-secondary", Bootstrap's "secondary") is
# the text's, no secondary column.
CASES["a section on the theme's second colour"] = Case(
    framed(
        "<h1>Preisanpassung zum 1. Januar</h1>"
        f'<div class="frame frame-type-text frame-background-none">{paragraphs(REVIEW)}</div>'
        '<div class="frame frame-type-textpic frame-background-secondary"><div class="textpic">'
        '<div class="textpic-item textpic-gallery"><figure class="image"><img src="i.png" alt="">'
        '</figure></div><div class="textpic-item textpic-text"><header class="frame-header"><h2>'
        f"Strom</h2></header><p>{MANUAL[0]}</p></div></div></div>"
        f'<div class="frame frame-type-text frame-background-none">{paragraphs(CHRONICLE)}</div>'
    ),
    [*REVIEW, MANUAL[0], *CHRONICLE],
    CHROME,
)
# A DIY portal's guide with a product box between its steps, labelled an advertisement with
# what it recommends ("Werbung · Unsere Werkzeug-Empfehlung"), and a regional paper's ask to
# report a mistake below the text.
TOOL_BOX_LINE = "Mit Zugeisen, Schlagklotz und 40 Abstandskeilen im praktischen Koffer"
ERROR_ASK = "Vous avez repéré une erreur dans cet article ? Signalez-la à notre rédaction."
CASES["an advertised product's box labelled with what it recommends"] = Case(
    framed(
        f"<article><h1>Laminat verlegen</h1>{paragraphs(STEPS[:2])}"
        '<div class="hw-product-box"><span class="hw-product-box__label">Werbung · Unsere'
        ' Werkzeug-Empfehlung</span><div><p class="hw-product-box__name">Profi-Verlegeset, 41-'
        f'teilig</p><p class="hw-product-box__desc">{TOOL_BOX_LINE}.</p></div></div>'
        f"{paragraphs(STEPS[2:])}<p><em>{ERROR_ASK}</em></p></article>"
    ),
    STEPS,
    [*CHROME, TOOL_BOX_LINE, "Werbung", "Profi-Verlegeset", "Signalez-la"],
)
# A shop's product page with its customers' questions and the shop's answers in a tab
# below the description ("product-questions")
CUSTOMER_QUESTION = "Is the fly compatible with the older model from 2021"
CASES["a shop's customers' questions about the product"] = Case(
    framed(
        f'<h1>Talus 2 Tent</h1><div class="product-description">{paragraphs(DESCRIPTION)}</div>'
        '<div class="product-questions"><ul class="question-list">'
        + "".join(
            f'<li class="question-item"><p class="question-text">{CUSTOMER_QUESTION} ({i})?</p>'
            '<p class="answer-text">Yes, the fly and footprint fit both versions of the tent.</p>'
            "</li>"
            for i in range(3)
        )
        + "</ul></div>"
    ),
    DESCRIPTION,
    [*CHROME, CUSTOMER_QUESTION, "the fly and footprint"],
)
# A tour operator's itinerary, day by day in an accordion: each day ("Tag" in German) in an
# element named so, its panel anchored "tag-2"; the article's tags below are tags.
TOUR_DAYS = [
    "Linienflug nach Catania und Transfer in unser Hotel in der Altstadt, am Abend treffen wir"
    " uns zum gemeinsamen Essen.",
    "Der Vormittag gehört Catania: Wir besuchen den Fischmarkt und den Dom, am Nachmittag"
    " wandern wir über die Krater am Südhang des Ätna.",
    "Transfer zum Flughafen Catania, etwa eine Stunde Fahrt, und Rückflug nach Deutschland.",
]
CASES["an itinerary's days named a German day, a Tag"] = Case(
    framed(
        f'<h1>Sizilien</h1>{paragraphs(REVIEW)}<h2>Reiseverlauf</h2><div class="reiseverlauf">'
        + "".join(
            f'<div class="reiseverlauf__tag accordion-item"><h3 class="accordion-header">{i}. Tag'
            f'</h3><div id="tag-{i}" class="accordion-collapse collapse"><div class="accordion-'
            f'body"><p>{text}</p></div></div></div>'
            for i, text in enumerate(TOUR_DAYS, start=1)
        )
        + '</div><div class="article__tag"><a href="/t/sizilien">Sizilien</a></div>'
        '<div class="article__tag"><a href="/t/wandern">Wanderreisen im Frühjahr</a></div>'
    ),
    [*REVIEW, *TOUR_DAYS],
    [*CHROME, "Wanderreisen im Frühjahr"],
)
# A petition's claim and its reasons, each a section of one block in BEM's names
# ("petition-text__claim", "petition-text__reasoning"), each under its heading
PETITION_CLAIM = (
    "Wir fordern den Landtag auf, die Förderung der Suchtberatung so zu erhöhen, dass alle"
    " Beratungsstellen erhalten bleiben."
)
CASES["a petition's claim and reasons in sections of one block"] = Case(
    framed(
        "<h1>Suchtberatung retten</h1>"
        f'<section class="petition-text__claim"><h2>Forderung</h2><div class="petition-text__'
        f'body">{PETITION_CLAIM}</div></section><section class="petition-text__reasoning"><h2>'
        f'Begründung</h2><div class="petition-text__body">{paragraphs(REVIEW)}</div></section>'
    ),
    [PETITION_CLAIM, *REVIEW],
    CHROME,
)
# A practice's page whose section of patients' quotes the reading leaves out: its heading,
# between the text's sections, heads nothing of the text.
CASES["a heading whose whole section was left out, between two sections"] = Case(
    framed(
        "<h1>Unsere Leistungen</h1><section><h2>Physiotherapie</h2>"
        f"{paragraphs(DESCRIPTION)}</section><section><h2>Was unsere Patienten sagen</h2>"
        '<div class="testimonials-slider">'
        + "".join(f'<p class="testimonial-text">{APP_REVIEW} ({i}).</p>' for i in range(3))
        + f"</div></section><section><h2>Praxis</h2>{paragraphs(CHRONICLE)}</section>"
    ),
    [*DESCRIPTION, "Physiotherapie", *CHRONICLE, "Praxis"],
    [*CHROME, "Was unsere Patienten sagen", "Für Wanderfahrten"],
)
# ... and the guard: a story that closes on a mistake found, not on the site's ask to
# report one, keeps its last line; the ask as a question goes
MISTAKE_FOUND = "Researchers found a mistake in the data and corrected the figures last week."
CASES["a story that closes on a mistake found"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1>{paragraphs([*REVIEW, MISTAKE_FOUND])}"
        "<p>Spotted an error in this story? Tell the newsroom.</p></article>"
    ),
    [*REVIEW, MISTAKE_FOUND],
    [*CHROME, "Spotted an error"],
)
# ... and the guard: an old blog theme's sidebar heads its teasers with the site's name in
# an <h1> and holds more text than the post; the site's name is no headline, so the sidebar
# stays chrome
CASES["site name in a sidebar's h1"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8">'
    "<title>Die Brücke wird saniert - Stadtblog</title></head><body>"
    '<div id="wrapper"><div id="sidebar" class="sidebar"><h1>Stadtblog</h1>'
    + "".join(f'<div class="item"><div>{TEASER} ({i}).</div></div>' for i in range(8))
    + '</div><div id="content"><h2>Die Brücke wird saniert</h2>'
    f"{paragraphs(BRIDGE)}</div></div></body></html>",
    BRIDGE,
    [TEASER],
)


FIELD_REST = [f"{line} ({i})" for i in range(4) for line in [*STEPS, *QUESTION]]
# a landing-page CMS writes each field of a post in a wrapper named after the field's type,
# here a rich-text field that is one of the template's "meta" fields: a weak chrome word
# beside an article word, on a part of a long text (lines broken by <br> in a <div> of the
# field) that is not most of it
CASES["rich-text field named a meta field"] = Case(
    framed(
        '<div class="post"><h1>Die Brücke wird saniert</h1><div class="post-column">'
        '<span class="cms-field cms-meta-field cms-type-rich-text"><div>'
        + "<br><br>".join([*BRIDGE, *DESCRIPTION, *MANUAL])
        + "</div></span><div>"
        + "<br><br>".join(FIELD_REST)
        + "</div></div></div>"
    ),
    [*BRIDGE, *DESCRIPTION, *MANUAL, *FIELD_REST],
    CHROME,
)


# a blog post that names its sources as web addresses, each a link in a paragraph of its
# own: the article's, unlike a menu's or a teaser's links, which show names
SOURCES = [
    "Quelle: www.beispielstadt.de/pressemitteilungen/bruecke",
    "https://www.land.example/foerderprogramme/infrastruktur-2026",
]
CASES["sources written as web addresses"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1>{paragraphs(BRIDGE)}"
        '<p>Quelle: <a href="https://www.beispielstadt.de/pressemitteilungen/bruecke">'
        "www.beispielstadt.de/pressemitteilungen/bruecke</a></p>"
        '<p><a href="https://www.land.example/foerderprogramme/infrastruktur-2026">'
        "https://www.land.example/foerderprogramme/infrastruktur-2026</a></p>"
        '<p><a href="/weiter">Weitere Meldungen aus dem Rathaus</a></p></article>'
    ),
    [*BRIDGE, *SOURCES],
    [*CHROME, "Weitere Meldungen aus dem Rathaus"],
)


# a news story whose sentences link most of their words to the sources they cite: a
# sentence that opens with its own words and ends as a sentence is the story's; a line that
# opens with its link, or a prompt's label before a headline, is another page's teaser
LINKED = (
    "Die Stadt hatte die Sanierung bereits 2019 "
    '<a href="/archiv/2019/bruecke">im Haushaltsentwurf für das kommende Jahrzehnt angekündigt,'
    " aber wegen fehlender Fördermittel verschoben</a>."
)
CASES["sentences that link most of their words"] = Case(
    framed(
        f"<article><h1>Die Brücke</h1>{paragraphs(BRIDGE[:3])}<p>{LINKED}</p>"
        f"{paragraphs(BRIDGE[3:])}"
        '<p><a href="/n1">Neue Radwege für die Innenstadt geplant</a> (12. Mai)</p>'
        '<p>Auch interessant: <a href="/n2">Wie die Stadt ihre Straßen unterhält</a></p>'
        "</article>"
    ),
    [*BRIDGE, "Die Stadt hatte die Sanierung bereits 2019 im Haushaltsentwurf"],
    [*CHROME, "Neue Radwege für die Innenstadt", "Wie die Stadt ihre Straßen unterhält"],
)


# a public body's or a company's legal notice: the page is named after what it is, and so is
# its content's container, with a word that names that part of every other page's footer
IMPRESSUM = [
    "Stadtverwaltung Beispiel",
    "Marktplatz 1, 12345 Beispielstadt",
    "Vertreten durch den Bürgermeister Max Mustermann",
    "Umsatzsteuer-Identifikationsnummer: DE123456789",
]
CASES["legal notice named after itself"] = Case(
    framed(
        '<div id="impressum" class="impressum"><h1>Impressum</h1>'
        + "<br>".join(IMPRESSUM)
        + "</div>"
    ).replace("<title>Seite</title>", "<title>Impressum | Stadt Beispiel</title>"),
    IMPRESSUM,
    CHROME,
)
# ... and the guard: a story whose (long) title names a part of the page's chrome keeps that
# part out (a story on social media: the social-sharing box stays a share box)
SHARE_TEXT = (
    "Share this story with your friends and family on every social network, so that as many"
    " people as possible hear about it"
)
SOCIAL_TITLE = "Social media and the city: how the council shares news of its building sites"
CASES["story titled with a chrome word"] = Case(
    framed(
        f"<article><h1>{SOCIAL_TITLE}</h1>{paragraphs(BRIDGE)}"
        f'<div class="social-share"><p>{SHARE_TEXT}</p></div></article>'
    ).replace("<title>Seite</title>", f"<title>{SOCIAL_TITLE}</title>"),
    BRIDGE,
    [*CHROME, SHARE_TEXT],
)

# A CMS's fields say what their label does ("field--label-hidden": the field's label is not
# shown), and the lede is a field of its own beside the fields of the rest of the text.
LEDE = (
    "Der Gemeinderat hat am Dienstag beschlossen, die Brücke über den Mühlbach ab Juni zu"
    " sanieren; die Arbeiten dauern vier Monate."
)
CASES["field whose label is hidden"] = Case(
    framed(
        "<article><h1>Brücke wird saniert</h1>"
        '<div class="field field--name-body field--label-hidden field__item">'
        f"<p><strong>{LEDE}</strong></p></div>"
        '<div class="field field--name-field-text field--label-hidden field__items">'
        f'<div class="paragraph paragraph--type--text paragraph--view-mode--default">'
        f"{paragraphs(BRIDGE)}</div></div></article>"
    ),
    [LEDE, *BRIDGE],
    CHROME,
)
# Content elements whose headings sit in a wrapper named after what they are: a header
# (TYPO3's "csc-header", a site builder's heading with "header" in its id).
SECTION_HEADINGS = ["Umleitung während der Bauzeit", "Kosten und Zeitplan"]
CASES["headings in header wrappers"] = Case(
    framed(
        '<h1>Brücke wird saniert</h1><div class="csc-default">'
        f"{paragraphs(BRIDGE[:2])}</div>"
        f'<div class="csc-default"><div class="csc-header csc-header-n2"><h2>'
        f"{SECTION_HEADINGS[0]}</h2></div>{paragraphs(BRIDGE[2:4])}</div>"
        f'<div class="csc-default"><h2 id="cc-m-header-2">{SECTION_HEADINGS[1]}</h2>'
        f"{paragraphs(BRIDGE[4:])}</div>"
    ),
    [*SECTION_HEADINGS, *BRIDGE],
    CHROME,
)


# Content elements as TYPO3's most used theme writes them: each heading in a <header> named
# for what it is ("frame-header"), the heading itself an "element-header".
def frame(inner: str, i: int) -> str:
    return (
        f'<div id="c{i}" class="frame frame-default frame-type-text frame-layout-0">'
        f'<div class="frame-container"><div class="frame-inner">{inner}</div></div></div>'
    )


CASES["headings in a content element's frame header"] = Case(
    framed(
        '<main id="page-content">'
        + frame(f'<h1 class="element-header">Brücke</h1>{paragraphs(BRIDGE[:2])}', 1)
        + "".join(
            frame(
                f'<header class="frame-header"><h2 class="element-header"><span>{heading}'
                f"</span></h2></header>{paragraphs(lines)}",
                i + 2,
            )
            for i, (heading, lines) in enumerate(
                zip(SECTION_HEADINGS, (BRIDGE[2:4], BRIDGE[4:]), strict=True)
            )
        )
        + "</main>"
    ),
    [*SECTION_HEADINGS, *BRIDGE],
    CHROME,
)
# Atomic CSS from a build (CSS-in-JS, publishing platforms): classes of short hashes, one of
# which may spell a chrome word ("sr", "ad").
ATOMIC = "ab sr cd ef gh ij kl ad mn"
CASES["atomic css classes"] = Case(
    framed(
        '<h1>Brücke wird saniert</h1><div class="qx zt">'
        + "".join(
            f'<p class="pw-paragraph {ATOMIC}">{line}</p>'
            if i % 2
            else f'<p class="{ATOMIC} op">{line}</p>'
            for i, line in enumerate(BRIDGE)
        )
        + f'<h2 class="{ATOMIC}">{SECTION_HEADINGS[0]}</h2><p class="{ATOMIC} op">{LEDE}</p>'
        "</div>"
    ),
    [*BRIDGE, SECTION_HEADINGS[0], LEDE],
    CHROME,
)
# Utility CSS with variants (Tailwind's "print:", "md:", a documentation platform's own):
# each paragraph of the text styled for print and for screens whose words alone would
# call it chrome ("print", "hidden"); a menu hidden on small screens is seen on large ones.
VARIANTS = "mx-auto print:break-inside-avoid md:max-w-3xl max-md:hidden-scrollbar"
WORKS = [
    ("Bauzeit", "April bis Oktober, in zwei Abschnitten"),
    ("Umleitung", "Über die Bahnhofstraße und den Mühlweg"),
    ("Kosten", "1,8 Millionen Euro, davon 60 Prozent Förderung"),
    ("Fußgänger", "Behelfssteg auf der Nordseite der Brücke"),
    ("Radverkehr", "Freigegeben über den Behelfssteg, Schieben vorgeschrieben"),
    ("Busse", "Linien 3 und 7 mit geänderten Haltestellen am Mühlweg"),
    ("Anlieger", "Zufahrt zu den Grundstücken jederzeit über die Südseite"),
    ("Bauherr", "Stadt Beispiel, Tiefbauamt, Abteilung Brücken und Stützbauwerke"),
    ("Planung", "Ingenieurbüro Muster aus Beispielstadt nach Ausschreibung"),
    ("Auskunft", "Bürgertelefon des Tiefbauamts werktags von 8 bis 16 Uhr"),
]
CASES["utility classes with variants"] = Case(
    (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Brücke</title>'
        f"</head><body>{NAV}"
        '<main class="relative min-w-0 flex-1"><header class="mb-6 space-y-3">'
        '<h1 class="text-4xl font-bold">Brücke wird saniert</h1></header>'
        '<div class="grid whitespace-normal pt-4 pb-8">'
        + "".join(f'<p class="{VARIANTS}">{line}</p>' for line in BRIDGE)
        + '<div class="relative overflow-auto"><table><tbody>'
        + "".join(f"<tr><td>{name}</td><td>{value}</td></tr>" for name, value in WORKS)
        + f"</tbody></table></div></div></main>{FOOTER}</body></html>"
    ),
    [*BRIDGE, *(line for row in WORKS for line in row)],
    CHROME,
)
# A site builder writes the article's opening as a row of its own above the rows of the
# rest (Squarespace, Wix, Elementor): the largest row is not the whole article.
OPENING = (
    "Wir freuen uns, dass Sie unsere Praxis für Ihre Behandlung gewählt haben; auf dieser Seite"
    " finden Sie alles, was Sie vor dem ersten Termin wissen sollten."
)
COLUMN = '<div class="col span-{}"><div class="sqs-html-content">{}</div></div>'
PRACTICE = "Praxis Dr. Beispiel, Hauptstraße 1, 12345 Musterstadt, Telefon 01234 56789"
HOURS = "Sprechzeiten: Montag bis Freitag von 8 bis 12 Uhr, Dienstag und Donnerstag 15 bis 18 Uhr"
CASES["opening in a row of its own"] = Case(
    '<!doctype html><html lang="de"><head><title>Neue Patienten</title></head><body>'
    f"{NAV}<main><article>"
    '<div class="sqs-layout"><div class="row sqs-row">'
    + COLUMN.format(12, f'<h2>Neue Patienten</h2><p class="">{OPENING}</p>')
    + '</div><div class="row sqs-row">'
    + COLUMN.format(6, "".join(f'<p class="">{line}</p>' for line in BRIDGE))
    + COLUMN.format(6, "".join(f'<p class="">{line}</p>' for line in STEPS))
    + "</div></div></article></main><footer>"
    + COLUMN.format(12, f'<p class="">{PRACTICE}</p><p class="">{HOURS}</p>')
    + "</footer></body></html>",
    [OPENING, *BRIDGE, *STEPS],
    [PRACTICE, HOURS],
)
# A box that asks whether the page helped is no part of it.
FEEDBACK = "Ihre Rückmeldung hilft uns, unsere Seiten verständlicher zu machen und zu verbessern."
CASES["feedback box"] = Case(
    framed(
        f"<h1>Brücke wird saniert</h1><div>{paragraphs(BRIDGE)}</div>"
        '<div class="sp-bewertung"><h2>War diese Information hilfreich?</h2>'
        f"<p>{FEEDBACK}</p></div>"
        '<div class="page-feedback"><p>Haben Sie einen Fehler auf dieser Seite gefunden? Schreiben'
        " Sie uns, damit wir ihn so schnell wie möglich beheben können.</p></div>"
    ),
    BRIDGE,
    [*CHROME, FEEDBACK, "Haben Sie einen Fehler"],
)

# A forum's replies marked as comments in the page's own microdata (schema.org), their
# classes the first post's.
REPLIES = [
    f"Bei mir war es das Netzteil, nach dem Austausch lief alles wieder stabil, Antwort {i}."
    for i in range(1, 4)
]
CASES["replies marked as comments"] = Case(
    framed(
        '<h1>Router startet ständig neu</h1><div class="topic" itemscope'
        ' itemtype="http://schema.org/DiscussionForumPosting">'
        f'<div class="topic-body" id="post_1"><div class="post" itemprop="articleBody">'
        f"{paragraphs(QUESTION)}</div></div>"
        + "".join(
            f'<div class="topic-body" id="post_{i + 2}" itemprop="comment" itemscope'
            ' itemtype="http://schema.org/Comment"><div class="post" itemprop="text">'
            f"<p>{reply}</p></div></div>"
            for i, reply in enumerate(REPLIES)
        )
        + "</div>"
    ),
    QUESTION,
    [*CHROME, *REPLIES],
)
# A shop's customer reviews under the product's description, named after what they are.
CUSTOMER_REVIEWS = [
    "Wir haben den Rucksack auf einer Alpenüberquerung getragen und sind sehr zufrieden.",
    "Die Träger drücken nach ein paar Stunden etwas, sonst ein tolles Produkt für den Preis.",
]
CASES["customer reviews"] = Case(
    framed(
        '<div class="product-detail"><h1>Wanderrucksack 30 L</h1>'
        f'<div class="product-description">{paragraphs(DESCRIPTION)}</div>'
        '<div class="product-detail-review-list">'
        + "".join(
            f'<div class="product-detail-review-item"><p class="h5">Sehr gut</p>'
            f'<p class="product-detail-review-item-content">{review}</p></div>'
            for review in CUSTOMER_REVIEWS
        )
        + '</div><div class="customer-reviews"><p>'
        + CUSTOMER_REVIEWS[0].replace("Alpenüberquerung", "Wanderung im Harz")
        + "</p></div></div>"
    ),
    DESCRIPTION,
    [*CHROME, *CUSTOMER_REVIEWS, "Wanderung im Harz"],
)
# ... and the guard: a review that is the article (a magazine's test of a product) is the
# body, its classes naming a review of a product.
CASES["review of a product"] = Case(
    framed(
        '<article class="product-review"><h1>Im Test: Wanderrucksack 30 L</h1>'
        f'<div class="review-body">{paragraphs(DESCRIPTION)}</div></article>'
    ),
    DESCRIPTION,
    CHROME,
)
# Documentation whose section ids are their headings' text (and so hold words that name
# chrome elsewhere: "sharing", "only", "related"), and whose headings carry a permalink
# mark ("¶", "#") that is no part of their text.
SLUG_SECTIONS = ["Sharing results with other users", "Reading only some sections"]
CASES["sections named after their headings"] = Case(
    "<html><head><title>Configuration — Project 2.1 documentation</title></head><body>"
    '<div class="sphinxsidebar" role="navigation"><h1 class="logo"><a href="/">Project</a>'
    '</h1></div><div class="body" role="main"><section id="configuration">'
    '<h1>Configuration<a class="headerlink" href="#configuration">¶</a></h1>'
    f"<p>{MANUAL[0]}</p>"
    + "".join(
        f'<section id="{heading.lower().replace(" ", "-")}"><span id="s{i}"></span>'
        f'<h2>{heading}<a class="headerlink" href="#s{i}">¶</a></h2><p>{line}</p></section>'
        for i, (heading, line) in enumerate(zip(SLUG_SECTIONS, MANUAL[1:], strict=True))
    )
    + f'<h2 id="related-settings-in-detail">Related settings in detail<a href="#x">#</a></h2>'
    f"<p>{STEPS[0]}</p></section>"
    # (an id that names a role keeps its words: its heading says something else)
    f'<div id="related-posts-list"><h3>More from the project</h3><p>{TEASER}</p></div>'
    "</div></body></html>",
    [*MANUAL, *SLUG_SECTIONS, "Related settings in detail", STEPS[0]],
    ["¶", "detail#", TEASER],
)
# An FAQ written as an accordion (WAI-ARIA's pattern): each question is a button in a
# heading, each answer a panel.
QUESTIONS = ["Wie wird mein Abschlag berechnet?", "Kann ich meinen Abschlag selbst ändern?"]
CASES["questions in accordion buttons"] = Case(
    framed(
        '<h1>Häufige Fragen</h1><div class="accordion">'
        + "".join(
            f'<div class="accordion__item"><h3 class="accordion__heading"><button type="button"'
            f' class="accordion__trigger" aria-expanded="true" aria-controls="p{i}">'
            f'<span class="accordion__title">{question}</span><svg aria-hidden="true"></svg>'
            f'</button></h3><div id="p{i}" role="region" class="accordion__panel">'
            f"<p>{answer}</p></div></div>"
            for i, (question, answer) in enumerate(zip(QUESTIONS, BRIDGE, strict=False))
        )
        + '</div><button type="button">Alle Fragen anzeigen</button>'
    ),
    [*QUESTIONS, *BRIDGE[:2]],
    [*CHROME, "Alle Fragen anzeigen"],
)
# ... the same, as ARIA's accordion pattern writes it without headings: each question a
# button that opens its answer, each answer a region labelled by it and hidden until then;
# a button that opens a panel without asking ("Brief lesen") and a hidden menu stay out.
MOBILE_MENU_TEXT = "Unsere Sprechzeiten am Wochenende erfahren Sie telefonisch in der Zentrale"
CASES["answers hidden until their question is opened"] = Case(
    framed(
        '<h1>Häufige Fragen</h1><div class="faq">'
        + "".join(
            f'<div class="faq-item"><button type="button" class="faq-item__question"'
            f' aria-expanded="false" aria-controls="a{i}" id="q{i}"><span>{question}</span>'
            f'</button><div class="faq-item__answer" id="a{i}" role="region"'
            f' aria-labelledby="q{i}" aria-hidden="true" hidden><p>{answer}</p></div></div>'
            for i, (question, answer) in enumerate(zip(QUESTIONS, BRIDGE, strict=False))
        )
        + '</div><button type="button" aria-expanded="false" aria-controls="letter">Brief'
        f' lesen</button><div id="letter" hidden><p>{BRIDGE[2]}</p></div>'
        '<div id="mobile-menu" class="offcanvas" hidden><ul><li><a href="/">Start</a></li>'
        f"</ul><p>{MOBILE_MENU_TEXT}.</p></div>"
    ),
    [*QUESTIONS, *BRIDGE[:2]],
    [*CHROME, "Brief lesen", BRIDGE[2], MOBILE_MENU_TEXT],
)
# A recipe's ingredients in a table styled as one with a header row ("table-header").
CASES["table styled with a header"] = Case(
    framed(
        '<h1>Brot backen</h1><div class="recipe"><table class="ingredients table-header">'
        + "".join(
            f'<tr><td class="td-left">{amount}</td><td class="td-right">{name}</td></tr>'
            for amount, name in (("500 g", "Weizenmehl, Type 550"), ("1 TL", "feines Meersalz"))
        )
        + f"</table>{paragraphs(STEPS)}</div>"
    ),
    [*STEPS, "Weizenmehl, Type 550", "feines Meersalz"],
    CHROME,
)
# ... and a recipe's ingredients in tables of their own, each under a heading row ("Für den
# Teig"), in a part of the page beside the steps' part.
DOUGH = [("500 g", "Weizenmehl, Type 550"), ("1 TL", "feines Meersalz")]
TOPPING = [("2 EL", "Sesam, ungeschält"), ("1", "Eigelb zum Bestreichen")]
CASES["ingredients in tables of their own beside the steps"] = Case(
    framed(
        '<h1>Brot backen</h1><div class="recipe-layout"><section class="recipe-ingredients">'
        "<h2>Zutaten</h2>"
        + "".join(
            f'<table class="ingredients"><thead><tr><th colspan="2"><h3>{heading}</h3></th>'
            "</tr></thead><tbody>"
            + "".join(f"<tr><td>{amount}</td><td>{name}</td></tr>" for amount, name in rows)
            + "</tbody></table>"
            for heading, rows in (("Für den Teig", DOUGH), ("Zum Bestreuen", TOPPING))
        )
        + '</section><section class="recipe-steps"><h2>Zubereitung</h2>'
        f"{paragraphs(STEPS)}</section></div>"
    ),
    [*STEPS, *(name for _, name in DOUGH + TOPPING)],
    CHROME,
)
# A company's press release: the notes on the company ("boilerplate") and the press contact
# under every release are no part of it, nor is a share box named in German ("teilen").
ABOUT_COMPANY = (
    "Die Beispiel AG mit Sitz in Musterstadt entwickelt seit 1998 Messgeräte für Kliniken"
    " und beschäftigt weltweit rund 1.400 Mitarbeitende."
)
PRESS_CONTACT = "Pressekontakt: Erika Muster, Leiterin Unternehmenskommunikation, Telefon 0123 4567"
SHARE_PROMPT = "Teilen Sie diese Meldung mit Ihren Freunden, Kolleginnen und Kollegen im Netz"
CASES["press release's boilerplate"] = Case(
    framed(
        f'<h1>Beispiel AG eröffnet neues Werk</h1><div class="text">{paragraphs(BRIDGE)}</div>'
        f'<div class="text boilerplate"><h3>Über die Beispiel AG</h3><p>{ABOUT_COMPANY}</p></div>'
        f'<div class="pressekontakt"><p>{PRESS_CONTACT}</p></div>'
        f'<div class="teilen"><p class="teilen__titel">{SHARE_PROMPT}</p></div>'
    ),
    BRIDGE,
    [*CHROME, ABOUT_COMPANY, PRESS_CONTACT, SHARE_PROMPT],
)
# A sign-up box inside the article whose classes say nothing (hashed, or an email
# provider's): it asks for an email address. (and the guard: an article whose own container
# holds such a form keeps its text)
SIGN_UP = "Die wichtigsten Nachrichten aus der Stadt jeden Morgen um sechs Uhr in Ihrem Postfach."
CASES["sign-up box without class words"] = Case(
    framed(
        f'<h1>Brücke wird saniert</h1><div class="css-1x2y3z">{paragraphs(BRIDGE[:3])}'
        f'<div class="css-9k8j7h"><p class="css-a1">Der Morgen-Newsletter</p><p>{SIGN_UP}</p>'
        '<form class="css-b2"><input type="email" placeholder="Ihre E-Mail-Adresse">'
        "<button>Anmelden</button></form></div>"
        f"{paragraphs(BRIDGE[3:])}</div>"
    ),
    BRIDGE,
    [*CHROME, SIGN_UP, "Der Morgen-Newsletter"],
)
CASES["article holding a form with an email field"] = Case(
    framed(
        f"<h1>Brücke wird saniert</h1><div>{paragraphs(BRIDGE)}"
        '<form><input type="email" name="newsletter"></form></div>'
    ),
    BRIDGE,
    CHROME,
)
# A documentation page's notes and warnings, styled as alert boxes (Docusaurus' admonitions
# carry Infima's "alert" classes).
NOTE = "A value of zero turns the cache off for that route even when a default is configured."
CASES["documentation notes styled as alerts"] = Case(
    '<html><head><title>Caching</title></head><body><nav class="navbar"><a href="/">Docs</a>'
    '</nav><main><article><div class="theme-doc-markdown markdown"><h1>Caching</h1>'
    f"<p>{MANUAL[0]}</p>"
    '<div class="theme-admonition theme-admonition-note admonition_x1 alert alert--secondary">'
    f'<div class="admonitionHeading_y2">note</div><div class="admonitionContent_z3"><p>{NOTE}'
    f"</p></div></div><p>{MANUAL[1]}</p></div></article></main>"
    '<div class="alert alert--warning" role="alert"><p>This is documentation for an old'
    " version of the project, which is no longer maintained.</p></div></body></html>",
    [MANUAL[0], NOTE, MANUAL[1]],
    ["no longer maintained"],
)
# A forum whose every post, the first too, is classed a comment ("CommentPost", as Flarum
# writes them): no reading by class words finds a sentence, the page's structure does.
CASES["forum whose posts are all comments"] = Case(
    '<html><head><title>Router startet ständig neu</title></head><body><div class="App">'
    '<main class="App-content"><h1>Router startet ständig neu</h1><div class="PostStream">'
    '<div class="PostStream-item"><article class="CommentPost Post"><div class="Post-body">'
    f"{paragraphs(QUESTION)}</div></article></div>"
    '</div><div class="DiscussionPage-reply">Zum Antworten anmelden</div></main>'
    "</div></body></html>",
    QUESTION,
    [],
)

# A forum thread whose posts share one markup (XenForo's "message"), the replies typed as
# schema.org's comments in their microdata: the thread's first post is the article.
REPLY = (
    "Bei uns lief das Gerät nach dem Zurücksetzen wieder stabil, vielleicht hilft dir das"
    " auch weiter, wenn du es noch einmal versuchst"
)


def forum_post(itemtype: str, author: str, body: str, number: int | None = None) -> str:
    typed = f' itemscope itemtype="https://schema.org/{itemtype}"' if itemtype else ""
    ident = f' id="js-post-{number}"' if number is not None else ""
    return (
        f'<article class="message message--post js-post" data-author="{author}"{ident}'
        f'{typed}><div class="message-inner">'
        '<div class="message-cell message-cell--user"><section class="message-user">'
        f'<h4 class="message-name"><a href="/members/{author}/">{author}</a></h4>'
        "<dl><dt>Registriert</dt><dd>Jan. 2016</dd></dl></section></div>"
        '<div class="message-cell message-cell--main"><div class="message-content">'
        f'<article class="message-body"><div class="bbWrapper">{body}</div></article>'
        "</div></div></div></article>"
    )


def forum_thread(first_type: str, reply_type: str) -> str:
    replies = "".join(
        forum_post(reply_type, f"user{i}", f"{REPLY} ({i}).<br><br>{REPLY} [{i}].")
        for i in range(4)
    )
    return (
        "<html><head><title>Router startet ständig neu</title></head><body>"
        f'{NAV}<div class="p-body"><h1 class="p-title-value">Router startet ständig neu</h1>'
        '<div class="block-body js-replyNewMessageContainer">'
        + forum_post(first_type, "daniel", "<br><br>".join(QUESTION))
        + replies
        + f"</div></div>{FOOTER}</body></html>"
    )


CASES["forum replies typed as comments"] = Case(
    forum_thread("DiscussionForumPosting", "Comment"), QUESTION, [*CHROME, REPLY]
)
# (and one that types every post a comment, the first too: its posts are its text)
CASES["forum whose posts are all typed as comments"] = Case(
    forum_thread("Comment", "Comment"), QUESTION, [FOOTER_TEXT]
)
# A forum thread as XenForo writes it, without microdata: every post in one markup, the
# posts numbered by their ids ("js-post-1402231"); the first is the article.
CASES["forum posts numbered by their ids, untyped"] = Case(
    "<html><head><title>Router startet ständig neu</title></head><body>"
    f'{NAV}<div class="p-body"><h1 class="p-title-value">Router startet ständig neu</h1>'
    '<div class="block-body js-replyNewMessageContainer">'
    + forum_post("", "daniel", "<br><br>".join(QUESTION), 1402231)
    + "".join(
        forum_post("", f"user{i}", f"{REPLY} ({i}).<br><br>{REPLY} [{i}].", 1402240 + i)
        for i in range(4)
    )
    + f"</div></div>{FOOTER}</body></html>",
    QUESTION,
    [*CHROME, REPLY],
)

# A press release's quote set as a figure (a <blockquote> with its attribution in the
# <figcaption>, as HTML's own example and WordPress's pull quotes write it), in a site whose
# classes are hashes: the quote is text, an image's caption is not.
QUOTE = "Mit dem neuen Werk verdoppeln wir unsere Kapazität und rücken näher an unsere Kunden."
CAPTION = "Das neue Werk im Gewerbegebiet Süd aus der Luft, aufgenommen im Frühjahr."
CASES["quotation set as a figure"] = Case(
    framed(
        f'<h1>Beispiel AG eröffnet neues Werk</h1><div class="sc-9fe83f-0">'
        f"{paragraphs(BRIDGE[:3])}"
        f'<figure class="sc-c48e92-0"><blockquote class="sc-3cc885-0"><p>„{QUOTE}“</p>'
        '</blockquote><figcaption class="sc-1bb04f-0">Erika Muster, Vorständin</figcaption>'
        f'</figure>{paragraphs(BRIDGE[3:])}<figure class="sc-d1e2f3-0">'
        f'<img src="werk.jpg" alt=""><figcaption>{CAPTION}</figcaption></figure></div>'
    ),
    [*BRIDGE, QUOTE],
    [*CHROME, CAPTION],
)

# A company's news post built with a page builder, its text in widgets, with the builder's
# grid of other posts below it (Elementor's "posts" widget; block themes' "latest-posts"
# and "post-template" lists read alike): each card an <article> with a linked title and
# an excerpt that is no link. (a grid's word is "posts", the plural of the post it lists)
EXCERPT = (
    "Zum ersten September haben sechs junge Menschen bei uns ihre Ausbildung zur"
    " Fachkraft für Lagerlogistik begonnen, so viele wie noch nie"
)
CASES["page builder's grid of other posts"] = Case(
    framed(
        builder_widget("heading", "<h1>Brücke über den Mühlbach</h1>")
        + "".join(builder_widget("text-editor", f"<p>{line}</p>") for line in BRIDGE)
        + builder_widget("heading", "<h3>Weitere Neuigkeiten</h3>")
        + builder_widget(
            "posts",
            '<div class="elementor-posts-container elementor-posts elementor-grid">'
            + "".join(
                f'<article class="elementor-post elementor-grid-item"><div class='
                f'"elementor-post__text"><h3 class="elementor-post__title"><a href="/p{i}">'
                f'Neuigkeit {i}</a></h3><div class="elementor-post__excerpt"><p>{EXCERPT} ({i}).'
                "</p></div></div></article>"
                for i in range(3)
            )
            + "</div>",
        )
    ),
    BRIDGE,
    [*CHROME, EXCERPT],
)

# A box in a dialog's role inside the article (a newsletter or subscription prompt a script
# lays over the page), its classes a vendor's that name nothing: the <dialog> it stands for.
PROMPT = (
    "Bleiben Sie informiert und erhalten Sie jeden Morgen die wichtigsten Nachrichten aus"
    " der Stadt und dem Umland kostenlos in Ihr Postfach"
)
CASES["prompt in a dialog's role"] = Case(
    framed(
        f"<article><h1>Brücke</h1>{paragraphs(BRIDGE[:3])}"
        f'<div class="tp-container-inner" role="dialog" aria-label="Newsletter"><p>{PROMPT}.'
        f'</p><a href="/nl">Anmelden</a></div>{paragraphs(BRIDGE[3:])}</article>'
    ),
    BRIDGE,
    [*CHROME, PROMPT],
)

# A shop's product whose text is hidden only in some view (Shopify's default theme hides the
# product on phones in one layout and its description in the "quick add" box; Bootstrap's
# "hidden-xs", "hide-for-print"): it is seen everywhere else, so it is no hidden part.
PRODUCT_TEXT = [
    "Der Becher wird von Hand auf der Töpferscheibe gedreht, jedes Stück ist ein wenig"
    " anders, weil die Glasur beim Brand in eigenen Bahnen verläuft.",
    "Die grüne Glasur erinnert an Moos auf alten Steinen im Wald, innen ist der Becher"
    " hell und glatt, so dass man die Farbe des Tees gut sieht.",
    "Fassungsvermögen etwa 350 Milliliter, spülmaschinenfest und für die Mikrowelle geeignet",
]
TAX_NOTE = "Inklusive Mehrwertsteuer, die Versandkosten werden an der Kasse berechnet"
CASES["product hidden only in some views"] = Case(
    framed(
        '<main><div class="product product--large product--mobile-hide grid">'
        '<div class="product__info-wrapper"><div class="product__title"><h1>Becher Moos</h1>'
        '</div><div class="price"><span class="price-item">24,00 €</span></div>'
        f'<div class="product__tax caption rte">{TAX_NOTE}</div>'
        '<div class="product__description rte quick-add-hidden">'
        f"<p>{PRODUCT_TEXT[0]}</p><p>{PRODUCT_TEXT[1]}</p><ul><li>{PRODUCT_TEXT[2]}</li></ul>"
        '</div><div class="hidden-xs product__accordion"><p>Jede Bestellung verpacken wir in'
        " Papier aus Altpapier und versenden sie innerhalb von drei Werktagen.</p></div>"
        "</div></div></main>"
    ),
    PRODUCT_TEXT,
    [*CHROME, TAX_NOTE],
)

# A forum's posts with their authors' signatures below them (vBulletin's "signature",
# phpBB's "signature" div): a line the author wrote once for every post, no part of any.
# The posts are numbered by their ids ("post_1"), as forums number them: the first is the
# thread's question, the rest are replies to it, whatever their classes say.
SIGNATURE = (
    "Baue seit zwanzig Jahren Häuser und schreibe hier nur in meiner Freizeit, Beratung"
    " bitte nicht per Nachricht"
)
CASES["forum posts with signatures"] = Case(
    framed(
        '<h1>Router startet ständig neu</h1><ol id="posts" class="posts">'
        + "".join(
            f'<li class="postbitlegacy postcontainer" id="post_{i}"><div class="userinfo">'
            f'<a class="username" href="/u/{i}">Nutzer {i}</a></div><div class="postdetails">'
            f'<div class="postbody"><div class="content"><blockquote class="postcontent restore">'
            f"{'<br><br>'.join(QUESTION) if i == 0 else REPLY}</blockquote></div>"
            f'<blockquote class="signature restore"><div class="signaturecontainer">'
            f"{SIGNATURE} ({i}).</div></blockquote></div></div></li>"
            for i in range(3)
        )
        + "</ol>"
    ),
    QUESTION,
    [*CHROME, SIGNATURE, REPLY],
)

# A news site whose classes are hashes (styled-components, CSS modules) names its parts in
# test ids: the list of other stories set inside the article is "related" only there.
RELATED_TITLE = "Neue Buslinie verbindet ab Dezember die Innenstadt mit dem Klinikum am Berg"
CASES["related stories named by a test id"] = Case(
    framed(
        f'<div class="sc-1a2b3c-0 kXyZab"><h1 class="sc-1a2b3c-1 dEfGhi">Brücke</h1>'
        f"{paragraphs(BRIDGE[:3])}"
        '<div class="sc-6a5b4c-0 rTyUiO" data-testid="related-inline"><strong class='
        '"sc-6a5b4c-1 kLzXcV">Lesen Sie auch:</strong><ul class="sc-6a5b4c-2 nMqWeR">'
        + "".join(f'<li><a href="/n/{i}">{RELATED_TITLE} ({i})</a></li>' for i in range(2))
        + f"</ul></div>{paragraphs(BRIDGE[3:])}</div>"
    ),
    BRIDGE,
    [*CHROME, RELATED_TITLE],
)

# A documentation generator (or a blog theme, or a README) writes each section's heading as
# a link to the section itself: the headings are the text's, not links away from the page.
BACKUP_SECTIONS = {
    "creating-a-backup": "Creating a backup of the database",
    "restoring-a-backup": "Restoring a backup on another machine",
    "checking-a-backup": "Checking that a backup can be read",
}
BACKUP_TEXT = (
    "The backup command writes every table of the database to one compressed file, which"
    " can be copied to another machine and read there without the original server"
)
ON_THIS_PAGE = "Jump to the section about this"
CASES["documentation headings that link to their sections"] = Case(
    framed(
        '<nav class="toc"><p>On this page</p><ul>'
        + "".join(
            f'<li><a href="#{anchor}">{ON_THIS_PAGE}: {title}</a></li>'
            for anchor, title in BACKUP_SECTIONS.items()
        )
        + "</ul></nav><main><h1>Backups</h1>"
        + "".join(
            f'<h2 id="{anchor}"><a class="header" href="#{anchor}">{title}</a></h2>'
            f"<p>{BACKUP_TEXT} ({anchor}).</p><p>{BACKUP_TEXT}, step two ({anchor}).</p>"
            for anchor, title in BACKUP_SECTIONS.items()
        )
        + "</main>"
    ),
    [*BACKUP_SECTIONS.values(), BACKUP_TEXT],
    [*CHROME, ON_THIS_PAGE],
)

# Markdown's alert syntax ("> [!WARNING]") as renderers write it: GitHub and the renderers
# that follow it as a "markdown-alert" box, mdBook as an "alert" box around a quotation. A
# site's own alert banner (an old browser, a call for donations) stays chrome.
NOTE_TEXT = "Restoring replaces every table of the target database, so copy it before you start"
WARNING_TEXT = "A backup written by a newer version cannot be restored by an older one at all"
OLD_BROWSER = "You are using an outdated browser, please upgrade it to read this site"
CASES["notes written in Markdown's alert syntax"] = Case(
    framed(
        f'<div class="alert alert-warning" role="alert">{OLD_BROWSER}.</div>'
        "<main><h1>Backups</h1>"
        f"<p>{BACKUP_TEXT} (one).</p>"
        '<div class="markdown-alert markdown-alert-note"><p class="markdown-alert-title">Note'
        f"</p><p>{NOTE_TEXT}.</p></div>"
        f"<p>{BACKUP_TEXT} (two).</p>"
        '<div class="alert alert-warning"><blockquote><p class="alert-title">Warning</p>'
        f"<p>{WARNING_TEXT}.</p></blockquote></div>"
        f"<p>{BACKUP_TEXT} (three).</p></main>"
    ),
    [NOTE_TEXT, WARNING_TEXT, BACKUP_TEXT],
    [*CHROME, OLD_BROWSER],
)

# News portals follow the article with a "stream" of other stories, each a headline that
# links away and a summary that does not (cut off where the card ends), in a list that no
# other word names: "Stream", "js-stream-content". Its summaries are running text.
STREAM_SUMMARY = (
    "Der Gemeinderat hat am Dienstagabend nach langer Debatte beschlossen, das Freibad im"
    " kommenden Sommer wieder zu öffnen, nachdem die Sanierung der Becken und der"
)
CASES["a stream of other stories below the article"] = Case(
    framed(
        '<div id="Main" class="content-main"><div class="applet article-applet">'
        f"<h1>Brücke wird erneuert</h1>{paragraphs(BRIDGE)}</div>"
        '<div class="applet stream-applet"><h2>Für Sie empfohlen</h2>'
        '<ul id="Stream" class="list-reset divided">'
        + "".join(
            f'<li class="js-stream-content item-{i}"><div class="card-body">'
            f'<h3><a href="/story/{i}">Freibad öffnet wieder ({i})</a></h3>'
            f"<p>{STREAM_SUMMARY} ({i})</p></div>"
            f'<div class="attribution"><span class="source">Lokalzeitung</span></div></li>'
            for i in range(6)
        )
        + "</ul></div></div>"
    ),
    BRIDGE,
    [*CHROME, STREAM_SUMMARY],
)

# phpBB's posts: each a heading, the post's buttons (their labels for screen readers only),
# an author line ("Beitrag von ... » date") classed "author" and the text in <br>-broken
# lines; the first post's lines read whole, without its buttons or its author line.
AUTHOR_DATE = "Mo 3. Feb 2025, 19:44"


def phpbb_post(number: int, lines: list[str]) -> str:
    return (
        f'<div id="p{number}" class="post has-profile bg{number % 2 + 1}"><div class="inner">'
        f'<dl class="postprofile"><dt><a class="username" href="/u/{number}">Nutzer {number}'
        "</a></dt><dd><strong>Beiträge:</strong> 42</dd></dl>"
        f'<div class="postbody"><div id="post_content{number}">'
        f'<h3 class="first"><a href="#p{number}">Router startet ständig neu</a></h3>'
        '<ul class="post-buttons"><li><a href="/posting?mode=quote" class="button">'
        '<span class="sr-only">Zitieren</span></a></li></ul>'
        f'<p class="author"><a class="unread" href="#p{number}" title="Beitrag"><i class="icon'
        ' fa-file" aria-hidden="true"></i><span class="sr-only">Beitrag</span></a>'
        f'<span class="responsive-hide">von <strong><a class="username" href="/u/{number}">'
        f'Nutzer {number}</a></strong> » </span><time datetime="2025-02-03T18:44:10+00:00">'
        f"{AUTHOR_DATE}</time></p>"
        f'<div class="content">{"<br>".join(lines)}</div>'
        '</div></div></div><div class="back2top"><a href="#top">Nach oben</a></div></div>'
    )


ONLINE = (
    "Insgesamt sind 214 Besucher online: 12 sichtbare Mitglieder, 3 unsichtbare Mitglieder und"
    " 199 Gäste, basierend auf den aktiven Besuchern der letzten fünf Minuten."
)
FORUM_STATISTICS = (
    '<div class="stat-block online-list"><h3>Wer ist online?</h3>'
    f"<p>{ONLINE}</p><p>Mitglieder in diesem Forum: Bing [Bot], Google [Bot] und zehn weitere"
    " angemeldete Mitglieder, die gerade Themen lesen oder beantworten.</p></div>"
    '<div class="stat-block statistics"><h3>Statistik</h3><p>Beiträge insgesamt 48213, Themen'
    " insgesamt 5120, Mitglieder insgesamt 2231, unser neuestes Mitglied heißt Kellerkind.</p>"
    "</div>"
)
RECENT_PREVIEW = (
    "Seit dem Umzug in die neue Wohnung verliert mein Drucker ständig die Verbindung zum Netz"
)
CASES["forum posts with their author lines"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Router startet ständig'
    f' neu</title></head><body>{NAV}<div id="page-body" class="page-body">'
    '<h2 class="topic-title">Router startet ständig neu</h2>'
    '<div class="action-bar bar-top"><a href="/reply" class="button">Antworten</a></div>'
    + phpbb_post(0, ["Hallo zusammen,", *QUESTION, "Danke im Voraus!", "Gruß aus Bielefeld"])
    + "".join(phpbb_post(i, [REPLY]) for i in (1, 2))
    + FORUM_STATISTICS
    + '</div><aside class="sidebar"><h3>Neueste Themen</h3><ul>'
    + "".join(
        f'<li><a href="/t/{i}">Drucker im WLAN ({i})</a> {RECENT_PREVIEW} ({i}).</li>'
        for i in range(8)
    )
    + f"</ul></aside>{FOOTER}</body></html>",
    QUESTION,
    [*CHROME[1:], AUTHOR_DATE, "Zitieren", REPLY, ONLINE],
)

# Site builders and utility CSS class the text by its typeface: Wix writes every paragraph
# as "font_8", Tailwind sites style theirs "font-serif"; the control that changes the
# text's size is a "font-resizer".
RESIZER = "Schrift vergrößern oder verkleinern"
CASES["paragraphs classed by their typeface"] = Case(
    framed(
        '<div class="font-resizer"><span>' + RESIZER + '</span><a href="#">A+</a></div>'
        '<section class="comp-kx8d2k3 wixui-section"><div data-testid="richTextElement"'
        ' class="KcpHeO comp-lq3k2x wixui-rich-text"><h1 class="font_0">Brücke</h1>'
        + "".join(
            f'<p class="font_8 wixui-rich-text__text"><span class="wixui-rich-text__text">'
            f"{line}</span></p>"
            for line in BRIDGE[:3]
        )
        + '</div></section><article class="mx-auto max-w-prose">'
        + "".join(f'<p class="font-serif text-lg leading-8">{line}</p>' for line in BRIDGE[3:])
        + "</article>"
    ),
    BRIDGE,
    [*CHROME, RESIZER],
)

# The author's box below a story, named in the site's language: "bloc-auteur" (French),
# "autor-box" (German, Spanish, Polish), "box-autore" (Italian).
AUTHOR_BIO = (
    "Correspondante du journal dans le pays de la rivière, elle suit la vie des communes"
    " rurales depuis 2017"
)
CASES["author boxes named in other languages"] = Case(
    framed(
        f'<article class="article"><h1>Brücke</h1><div class="article__corps">{paragraphs(BRIDGE)}'
        '</div><div class="bloc-auteur"><p class="bloc-auteur__nom"><a href="/a/1">Camille'
        f' Martin</a></p><p class="bloc-auteur__bio">{AUTHOR_BIO}.</p></div>'
        f'<div class="autor-box"><p>{AUTHOR_BIO} (autor).</p></div></article>'
    ),
    BRIDGE,
    [*CHROME, AUTHOR_BIO],
)

# An event's facts (time, place, price) as terms and their values beside its description,
# in the news item that holds both (TYPO3's news, with its date line, teaser and picture):
# what a reader looks for, and what changes when the event moves.
PLACE = "Kulturbahnhof am Mühlbach, Saal im Obergeschoss"
CASES["an event's facts beside its description"] = Case(
    framed(
        '<div class="news news-single"><div class="article" itemscope'
        ' itemtype="http://schema.org/Article"><div class="header"><h1>Lesung am Mühlbach</h1>'
        '</div><div class="footer"><p><span class="news-list-date"><time datetime="2024-02-26">'
        '26.02.2024</time></span><span class="news-list-category">Lesungen</span>'
        '<span class="news-list-author">von Team Kulturbahnhof</span></p></div>'
        '<div class="news-event-details"><dl class="news-event-info"><dt>Datum</dt>'
        "<dd>Fr, 19.04.</dd><dt>Veranstalter</dt><dd>Kulturverein</dd><dt>Uhrzeit</dt>"
        f"<dd>19:30 Uhr, Einlass ab 19 Uhr</dd><dt>Ort</dt><dd>{PLACE}</dd><dt>Eintritt</dt>"
        "<dd>12 Euro, ermäßigt 8 Euro</dd><dt>Vorverkauf</dt><dd>Buchhandlung am Markt</dd>"
        '</dl></div><div class="teaser-text" itemprop="description"><p>Eine Autorin liest'
        ' aus ihrem Roman.</p></div><div class="news-img-wrap"><div class="outer"><img'
        ' src="/a.jpg" alt=""><p class="news-img-caption">Die Autorin (Foto: Verlag)</p></div>'
        '</div><div class="news-text-wrap" itemprop="articleBody">'
        f"{paragraphs(BRIDGE + CHRONICLE)}</div>"
        '<div class="news-related-wrap"><a href="/">Zurück zur Übersicht</a></div></div></div>'
    ),
    [PLACE, "19:30 Uhr, Einlass ab 19 Uhr", "12 Euro, ermäßigt 8 Euro", *BRIDGE, *CHRONICLE],
    CHROME,
)

# Where an embedded map or video will load, a consent tool puts its notice ("map-placeholder",
# Complianz's "cmplz-blocked-content-notice", Borlabs' "_brlbs-content-blocker"): the same
# words on every page with a map, no line of this one.
CONSENT_NOTICE = (
    "Die Karte wird erst geladen, wenn Sie zustimmen. Dabei werden Daten an den Kartendienst"
    " übertragen"
)
CASES["a consent tool's notice where a map will load"] = Case(
    framed(
        f"<article><h1>Brücke</h1>{paragraphs(BRIDGE[:3])}"
        '<div class="map-placeholder"><div class="map-placeholder__inner"><p'
        f' class="map-placeholder__text">{CONSENT_NOTICE}.</p><button>Karte anzeigen</button>'
        f'</div></div>{paragraphs(BRIDGE[3:])}<div class="cmplz-blocked-content-notice"><p>'
        f"{CONSENT_NOTICE} (Video).</p></div></article>"
    ),
    BRIDGE,
    [*CHROME, CONSENT_NOTICE],
)

# A shop's product with its specifications in a tab of their own beside the description's: a
# table of names and values ("Zusätzliche Informationen", "More Information"), in a sibling
# panel right beside the description or in panels of one class, each in wrappers.
SPECIFICATIONS = [
    ("Gewicht", "0,9 kg"),
    ("Abmessungen", "52 × 30 × 20 cm"),
    ("Farbe", "Moosgrün, Schiefergrau"),
    ("Material", "Recyceltes Polyamid mit PU-Beschichtung"),
]
SPECIFICATION_ROWS = "".join(
    f'<tr><th class="label">{name}</th><td class="value"><p>{value}</p></td></tr>'
    for name, value in SPECIFICATIONS
)
SPECIFICATION_LINES = [line for row in SPECIFICATIONS for line in row]
CASES["a product's specifications in a tab beside its description"] = Case(
    framed(
        '<div class="product-detail"><h1>Wanderrucksack 30 L</h1><div class="price">89,90 €'
        '</div><button>In den Warenkorb</button><div class="product-tabs">'
        '<ul class="tabs" role="tablist"><li><a href="#tab-description">Beschreibung</a></li>'
        '<li><a href="#tab-info">Zusätzliche Informationen</a></li></ul>'
        '<div class="panel" id="tab-description" role="tabpanel"><h2>Beschreibung</h2>'
        f'{paragraphs(DESCRIPTION)}</div><div class="panel" id="tab-info" role="tabpanel">'
        '<h2>Zusätzliche Informationen</h2><table class="product-attributes"><tbody>'
        f"{SPECIFICATION_ROWS}</tbody></table></div></div></div>"
    ),
    [*DESCRIPTION, *SPECIFICATION_LINES],
    [*CHROME, "In den Warenkorb"],
)
# ... and as a list of named values in an accordion's panel beside the description's (the
# description long enough that only the part of the page around it is read at first).
LONG_DESCRIPTION = [
    *DESCRIPTION,
    "Die Hüftflossen tragen das Gewicht, zwei seitliche Taschen nehmen Riegel, Karte und"
    " Telefon auf, und der breite Deckel schließt auch bei vollem Packsack sicher ab.",
    "Alle Reißverschlüsse laufen in Garagen, die Nähte sind verklebt, und die"
    " Trinkblasenhalterung im Rücken fasst Systeme bis drei Liter.",
]
LABELLED_SPECIFICATIONS = [f"{name}: {value}" for name, value in SPECIFICATIONS]


def shop_page(main: str) -> str:
    """A shop's page: banner, navigation, the product, a footer; no sidebar, so that the
    description is most of the page's paragraph text and the part around it is read
    first, not the whole page."""
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Shop</title>'
        f'</head><body>{COOKIE}{NAV}<main class="content-main">{main}</main>{FOOTER}'
        "</body></html>"
    )


CASES["a product's specifications as named values in a panel beside its description"] = Case(
    shop_page(
        '<div class="product-detail"><h1>Wanderrucksack 30 L</h1><div class="price">89,90 €'
        '</div><div class="product-detail-tabs"><details class="accordion" open><summary>'
        '<h2>Produktbeschreibung</h2></summary><div class="description-text">'
        f'{paragraphs(LONG_DESCRIPTION)}</div></details><details class="accordion"><summary>'
        '<h2>Technische Daten</h2></summary><div class="properties"><ul class="properties-list">'
        + "".join(
            f'<li><span class="label">{name}:</span> <span class="value">{value}</span></li>'
            for name, value in SPECIFICATIONS
        )
        + "</ul></div></details></div></div>"
    ),
    [*LONG_DESCRIPTION, *LABELLED_SPECIFICATIONS],
    [*CHROME, "In den Warenkorb"],
)
# (the specifications are the body's neighbour, never a part of what draws the body up to
# the wrapper of the tabs, where the reviews' panel is)
REVIEW_NOTE = "Bewerten können nur Käufer dieses Artikels"
LONG_SPECIFICATIONS = [
    ("Material", "Recyceltes Polyamid mit PU-Beschichtung"),
    ("Rückensystem", "Verstellbares Netz mit Aluminiumrahmen"),
    ("Verschlüsse", "Wasserabweisende Reißverschlüsse in Garagen"),
    ("Lieferumfang", "Regenhülle, Trinkblasenhalterung, Pfeife"),
]
CASES["a product's specifications in a panel of the description's kind"] = Case(
    shop_page(
        '<div class="product-info-main"><h1>Wanderrucksack 30 L</h1><span class="price">89,90'
        ' €</span></div><div class="product info detailed"><div class="product data items">'
        '<div class="data item title"><a href="#description">Details</a></div>'
        '<div class="data item content" id="description"><div class="product attribute'
        f' description"><div class="value">{paragraphs(LONG_DESCRIPTION)}</div></div></div>'
        '<div class="data item title"><a href="#additional">Mehr Informationen</a></div>'
        '<div class="data item content" id="additional"><div class="table-wrapper">'
        '<table class="data table additional-attributes"><caption>Mehr Informationen'
        "</caption><tbody>"
        + "".join(
            f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in LONG_SPECIFICATIONS
        )
        + "</tbody></table></div></div>"
        '<div class="data item title"><a href="#reviews">Bewertungen</a></div>'
        '<div class="data item content" id="reviews"><div class="block review-add">'
        f'<p class="note">{REVIEW_NOTE}</p></div></div></div></div>'
    ),
    [*LONG_DESCRIPTION, *(line for row in LONG_SPECIFICATIONS for line in row)],
    [*CHROME, REVIEW_NOTE],
)
# ... and the description written by the shop's page builder, in rows and columns of its
# own inside the description's panel (three levels more between the text and the panels)
CASES["a product's specifications beside a page builder's description"] = Case(
    CASES["a product's specifications in a panel of the description's kind"].html.replace(
        f'<div class="value">{paragraphs(LONG_DESCRIPTION)}</div>',
        '<div class="value"><div data-content-type="row" data-element="main"><div'
        ' class="row-full-width-inner" data-element="inner"><div data-content-type="text"'
        f' data-element="main">{paragraphs(LONG_DESCRIPTION)}</div></div></div></div>',
    ),
    CASES["a product's specifications in a panel of the description's kind"].body,
    CASES["a product's specifications in a panel of the description's kind"].not_body,
)
# A recipe community's page of boxes: the ingredients in a box of their own, a table for
# each part of the dish under a heading and a control for the servings, a box of the
# author beside it, the steps in a box of the same kind below: each table alone is a
# small part of its box, all of them are the box.
DISH_PARTS = [
    ("Für den Teig", [("500 g", "Mehl, Type 405"), ("1 Würfel", "Hefe, frisch"),
                      ("300 ml", "Wasser, lauwarm")]),
    ("Für den Belag", [("200 g", "Bergkäse, frisch gerieben"), ("2", "Zwiebeln, in Ringen")]),
    ("Zum Bestreuen", [("1 Bund", "Schnittlauch, in Röllchen"), ("1 Prise", "Salz, grob")]),
]  # fmt: skip
CASES["a recipe's ingredient tables in a box beside the steps"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Brot</title></head>'
    f'<body>{NAV}<div class="ds-grid"><article class="ds-box ds-col-12 recipe-header">'
    '<h1 class="ds-h1">Brot mit Käse</h1></article>'
    '<article class="ds-box ds-col-12 ds-col-m-8 recipe-ingredients"><h2>Zutaten</h2>'
    '<form class="recipe-servings"><label>für</label><input name="portionen" value="4">'
    "<span>Portionen</span><button>Umrechnen</button></form>"
    + "".join(
        f'<table class="ingredients table-header"><thead><tr><th colspan="2"><h3>{part}</h3>'
        "</th></tr></thead><tbody>"
        + "".join(f"<tr><td>{amount}</td><td>{name}</td></tr>" for amount, name in rows)
        + "</tbody></table>"
        for part, rows in DISH_PARTS
    )
    + '<div class="recipe-ingredients__shopping"><a href="/liste">Auf die Einkaufsliste</a>'
    '</div></article><aside class="ds-col-12 ds-col-m-4"><div class="ds-box recipe-author">'
    '<h3>Rezept von</h3><a href="/user/1">Bäckerin</a><p>Mitglied seit 2007</p></div></aside>'
    '<article class="ds-box ds-col-12 ds-col-m-8 recipe-preparation"><h2>Zubereitung</h2>'
    f'<div class="ds-box">{"<br><br>".join(STEPS)}</div></article></div>{FOOTER}</body></html>',
    [*STEPS, *(name for _, rows in DISH_PARTS for _, name in rows)],
    CHROME,
)
# A recipe site's readers' reviews below the steps, in the recipe's wrapper, each a rating
# and a text in classes that name neither a comment nor a customer ("com-item")
READER_REVIEW = (
    "Ausgezeichnetes Rezept, genau wie bei meiner Großmutter, ich habe noch etwas Speck"
    " dazugegeben und alle waren begeistert"
)
CASES["a recipe's reviews by its readers"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Brot</title></head>'
    f'<body>{NAV}<main><div class="recipe-page"><h1>Einfaches Brot</h1>'
    f'<p class="recipe-intro">{RECIPE_INTRO}</p><h2>Zutaten</h2><ul>'
    + "".join(f"<li>{x}</li>" for x in INGREDIENTS)
    + '</ul><h2>Zubereitung</h2><div class="recipe-step-list">'
    + "".join(f'<div class="recipe-step-list__container"><p>{x}</p></div>' for x in STEPS)
    + '</div><section class="recipe-reviews"><h2>Bewertungen</h2><div class="list">'
    + "".join(
        f'<div class="com-item"><div class="com-item__header"><span>Leserin {i}</span>'
        f'<span>5/5</span></div><p class="com-item__text">{READER_REVIEW} ({i}).</p></div>'
        for i in range(6)
    )
    + f"</div></section></div></main>{FOOTER}</body></html>",
    [RECIPE_INTRO, *INGREDIENTS, *STEPS],
    [*CHROME, READER_REVIEW],
)
# A question-and-answer site's question, and below it the form for a reader's answer with
# its prompt to help the asker: no comment, no reply by its words
ANSWER_PROMPT = (
    "Du kennst dich aus? Hilf der Fragestellerin weiter und teile dein Wissen mit der Community."
)
CASES["a question above the form for an answer"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Router</title></head>'
    f'<body>{NAV}<main class="Question"><article class="Question-main">'
    '<h1 class="Question-title">Router startet ständig neu</h1>'
    f'<div class="Question-body">{paragraphs(QUESTION)}</div></article>'
    '<section class="AnswerList"><h2>4 Antworten</h2>'
    + "".join(
        f'<article class="Answer"><div class="Answer-author">Nutzer {i}</div>'
        f'<div class="Answer-body"><p>{line}</p></div></article>'
        for i, line in enumerate(BRIDGE[:4])
    )
    + '</section><section class="AnswerForm"><h2>Deine Antwort</h2>'
    f'<p class="AnswerForm-hint">{ANSWER_PROMPT}</p><form action="/antworten"><textarea>'
    f"</textarea><button>Antwort absenden</button></form></section></main>{FOOTER}"
    "</body></html>",
    QUESTION,
    [*CHROME, ANSWER_PROMPT],
)
# A project's release notes, and below them its other releases, each a link and the line
# that sums it up, in a list named for the other pages ("other-releases")
CHANGES = [
    "Templates can now include other templates from the same directory.",
    "The status command shows which files differ from their source.",
    "Fixed a crash when the configuration file was empty.",
    "Dropped support for configuration files in the old format.",
]
OTHER_RELEASES = [
    "Fixes a crash when a template contained an empty conditional block.",
    "Added encrypted files and a new command that shows their state.",
    "Introduced hooks that run before and after each change is applied.",
]
CASES["release notes above the other releases"] = Case(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Release 3.0</title>'
    f'</head><body>{NAV}<div class="main"><main><h1>Release 3.0</h1>'
    f"<p>{BRIDGE[0]}</p><h2>Changes</h2><ul>"
    + "".join(f"<li>{change}</li>" for change in CHANGES)
    + f"</ul><p>{BRIDGE[1]}</p><hr>"
    '<div class="other-releases"><h3>Other releases</h3><ul class="list-style-none">'
    + "".join(
        f'<li><a href="/releases/2.{9 - i}/"><strong>Release 2.{9 - i}</strong></a> · {line}</li>'
        for i, line in enumerate(OTHER_RELEASES)
    )
    + f"</ul></div></main></div>{FOOTER}</body></html>",
    [BRIDGE[0], BRIDGE[1], *CHANGES],
    [*CHROME, *OTHER_RELEASES],
)
# A news site's calls to follow it on a channel below the last paragraph, written as the
# story's own paragraphs
FOLLOW_CALLS = [
    "Sie wollen nichts verpassen? Folgen Sie uns auf WhatsApp und erhalten Sie die wichtigsten"
    " Nachrichten des Tages direkt auf Ihr Handy.",
    "Dziękujemy za przeczytanie artykułu. Chcesz być na bieżąco? Obserwuj nas w"
    " Wiadomościach Google.",
    "Bilder aus Proben und Konzerten gibt es auf @stadtchor_beispiel.",
]
CASES["a call to follow the site below the text"] = Case(
    framed(
        '<article class="story"><h1>Brücke wird saniert</h1><div class="story-text">'
        + paragraphs(BRIDGE)
        + f"<p><strong>{FOLLOW_CALLS[0]}</strong></p>"
        + f"<p>{FOLLOW_CALLS[1]}</p><p>{FOLLOW_CALLS[2]}</p></div></article>"
    ),
    BRIDGE,
    [*CHROME, *FOLLOW_CALLS],
)
# A regional broadcaster's call for its readers' tips in a box closing the article
TIP_CALLS = [
    "Heb je een tip voor de redactie?",
    "Har du synpunkter på artikeln eller ett tips till redaktionen?",
    "Stuur je foto, video of nieuwstip via WhatsApp naar 06 12 34 56 78 of mail naar de redactie.",
]
CASES["a call for the readers' tips below the text"] = Case(
    framed(
        '<article class="article"><h1>Brücke wird saniert</h1><div class="article__body">'
        + paragraphs(BRIDGE)
        + '</div><div class="tip-box">'
        + f'<p class="tip-box__title">{TIP_CALLS[0]}</p><p class="tip-box__text">'
        + f"{TIP_CALLS[2]}</p><p>{TIP_CALLS[1]}</p></div></article>"
    ),
    BRIDGE,
    [*CHROME, *TIP_CALLS],
)
# A dealer's vehicle page: its sections are panels of one class, the description in one,
# the features in another as lists of short items in columns (no labels, no links)
VEHICLE_FEATURES = [
    ["Rückfahrkamera mit dynamischen Hilfslinien", "Spurhalteassistent", "Müdigkeitserkennung"],
    ["Sitzheizung vorn", "Navigationssystem mit Sprachsteuerung", "Induktive Ladeschale"],
]
VEHICLE_DESCRIPTION = [
    "Der gepflegte Kombi stammt aus erster Hand und wurde stets in einer Vertragswerkstatt"
    " gewartet; das digitale Serviceheft liegt vollständig vor.",
    "Vor der Auslieferung durchläuft das Fahrzeug unseren Gebrauchtwagencheck, und Sie"
    " erhalten zwölf Monate Garantie ohne Begrenzung der Kilometer.",
]
OFFICE_HOURS = ["Montag bis Freitag geöffnet", "Samstag nach Vereinbarung", "Sonntag Schautag"]
CASES["features in a panel beside the description"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Kombi</title></head>'
    f'<body>{NAV}<main class="vehicle"><h1>Kombi 2.0 TDI</h1>'
    '<section class="vd-section vd-equipment"><h2>Ausstattung</h2><div class="row">'
    + "".join(
        '<div class="col-md-6"><h3>Gruppe</h3><ul class="vd-list">'
        + "".join(f"<li>{item}</li>" for item in column)
        + "</ul></div>"
        for column in VEHICLE_FEATURES
    )
    + '</div></section><section class="vd-section vd-description"><h2>Beschreibung</h2>'
    f'<div class="vd-text">{paragraphs(VEHICLE_DESCRIPTION)}</div></section>'
    '<section class="vd-section vd-similar"><h2>Ähnliche Fahrzeuge</h2><ul>'
    + "".join(f'<li><a href="/f{i}">{line}</a></li>' for i, line in enumerate(OTHER_RELEASES))
    + '</ul></section></main><aside class="dealer"><h3>Öffnungszeiten</h3><ul>'
    + "".join(f"<li>{line}</li>" for line in OFFICE_HOURS)
    + f"</ul></aside>{FOOTER}</body></html>",
    [*VEHICLE_DESCRIPTION, *VEHICLE_FEATURES[0], *VEHICLE_FEATURES[1]],
    [*CHROME, *OTHER_RELEASES, *OFFICE_HOURS],
)
# A council information system's proposal: its sections, then a table row that links the
# proposals it follows from, named by its label only
LINKED_PROPOSALS = ["VO/2024/0318 – Planungsauftrag Brücke Mühlbach", "VO/2024/0455 – Haushalt"]
CASES["proposals linked below a council's proposal"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Vorlage</title></head>'
    f'<body>{NAV}<table class="risdeco"><tr><td class="menu"><a href="/si">Sitzungen</a></td>'
    '<td><h1>Sanierung der Brücke</h1><div id="risContent"><div class="ris-section">'
    f'<h3>Sachverhalt</h3>{paragraphs(BRIDGE[:3])}</div><div class="ris-section">'
    f'<h3>Begründung</h3>{paragraphs(BRIDGE[3:])}</div><table class="tk1 risnavbottom">'
    '<tr><td class="kb1">Verknüpfte Vorlagen:</td><td class="text4">'
    + "<br>".join(f'<a href="/vo{i}">{line}</a>' for i, line in enumerate(LINKED_PROPOSALS))
    + f"</td></tr></table></div></td></tr></table>{FOOTER}</body></html>",
    BRIDGE,
    [*CHROME, *LINKED_PROPOSALS],
)
# A listing's tool inside its text column: a calculator of the loan's or the move's costs,
# with a sentence of its own
CALCULATOR_LINE = (
    "Wie viel kostet Ihr Umzug in die neue Wohnung? Jetzt kostenlose Angebote von"
    " Umzugsfirmen aus der Region vergleichen."
)
CASES["a costs calculator in a listing's text"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Wohnung</title></head>'
    f'<body>{NAV}<main><div class="expose"><h1>Drei Zimmer am Park</h1>'
    f'<div class="expose-text"><h3>Objektbeschreibung</h3>{paragraphs(BRIDGE[:3])}'
    f"<h3>Lage</h3>{paragraphs(BRIDGE[3:])}</div>"
    '<div class="expose-costs-calculator"><h3>Umzugskosten berechnen</h3>'
    f'<p>{CALCULATOR_LINE}</p><a href="/umzug">Angebote einholen</a></div>'
    f"</div></main>{FOOTER}</body></html>",
    BRIDGE,
    [*CHROME, CALCULATOR_LINE],
)
# ... and its map, with a note under it
MAP_NOTE = "Die genaue Adresse der Wohnung erhalten Sie auf Anfrage vom Anbieter."
CASES["a map's note in a listing's text"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Wohnung</title></head>'
    f'<body>{NAV}<main><div class="expose"><h1>Drei Zimmer am Park</h1>'
    f'<div class="expose-text"><h3>Objektbeschreibung</h3>{paragraphs(BRIDGE[:3])}'
    '<h3>Lage</h3><div class="expose-map"><img src="/karte.png" alt="Karte">'
    f'<p class="expose-map__hint">{MAP_NOTE}</p></div>{paragraphs(BRIDGE[3:])}</div>'
    f"</div></main>{FOOTER}</body></html>",
    BRIDGE,
    [*CHROME, MAP_NOTE],
)
# ... and the guard: a column of the layout without a class word, beside the article's, that
# holds a table of names and values among other things (a club's training times beside
# its news) is the site's, not the article's. (A short article: the whole page is read.)
TRAINING_TIMES = [("Montag", "18 bis 20 Uhr, Halle Nord"), ("Donnerstag", "19 bis 21 Uhr")]
CLUB_LINKS = ["Anfahrt zur Halle Nord", "Mitglied werden im Verein", "Satzung und Beiträge"]
CASES["a layout column's table beside the article"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Brücke</title></head>'
    f'<body>{COOKIE}{NAV}<div class="container"><div class="row"><div class="col-md-8">'
    '<div class="news-single"><h1>Brücke</h1><div class="news-text">'
    f'{paragraphs(BRIDGE[:2])}</div></div></div><div class="col-md-4"><h3>Trainingszeiten</h3>'
    "<table><tbody>"
    + "".join(f"<tr><td>{day}</td><td>{time}</td></tr>" for day, time in TRAINING_TIMES)
    + "</tbody></table><h3>Der Verein</h3><ul>"
    + "".join(f'<li><a href="/{i}">{link}</a></li>' for i, link in enumerate(CLUB_LINKS))
    + f"</ul></div></div></div>{FOOTER}</body></html>",
    BRIDGE[:2],
    [*CHROME, "Trainingszeiten", "18 bis 20 Uhr, Halle Nord", *CLUB_LINKS],
)

# An application that writes the whole page with scripts, holding its text for readers
# without them in <noscript> (a forum's topic served to a browser: its crawler view inside
# the script's shell); the replies, typed as comments, stay out as on the plain view.
NOSCRIPT_NOTICE = (
    "Diese Seite braucht JavaScript: Bitte aktivieren Sie es in Ihrem Browser, damit alle"
    " Funktionen des Forums zur Verfügung stehen"
)
CASES["the page's text for readers without scripts"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Netzteil defekt?'
    '</title></head><body><section id="main"></section><div id="data-preloaded"'
    ' data-preloaded="{}"></div><noscript><header class="d-header"><a href="/">Forum</a>'
    f'</header>{NAV}<div id="main-outlet" class="wrap" role="main"><h1>Netzteil defekt?</h1>'
    '<div id="post_1" class="topic-body crawler-post"><div class="crawler-post-meta">'
    '<span class="creator">Fragesteller</span></div><div class="post" itemprop="text">'
    f"{paragraphs(QUESTION)}</div></div>"
    + "".join(
        f'<div id="post_{i + 2}" class="topic-body crawler-post" itemprop="comment"'
        ' itemscope itemtype="http://schema.org/Comment"><div class="post"'
        f' itemprop="text"><p>{reply}</p></div></div>'
        for i, reply in enumerate(REPLIES)
    )
    + f"</div>{FOOTER}</noscript><script>window.app.start()</script></body></html>",
    QUESTION,
    [*CHROME, *REPLIES],
)
# ... and the guard: a page whose article is in its markup keeps <noscript> out, however much
# text it holds.
CASES["a notice for readers without scripts beside the article"] = Case(
    framed(
        f"<article><h1>Brücke</h1>{paragraphs(BRIDGE)}</article>"
        f'<noscript><div class="notice"><p>{NOSCRIPT_NOTICE}.</p>'
        f"<p>{NOSCRIPT_NOTICE} (2).</p><p>{NOSCRIPT_NOTICE} (3).</p>"
        f"<p>{NOSCRIPT_NOTICE} (4).</p></div></noscript>"
    ),
    BRIDGE,
    [*CHROME, NOSCRIPT_NOTICE],
)

# A box of teasers for other stories inside the article, named by nothing but its label (a
# site built with CSS modules): the label's links, or titles beside linked pictures.
RELATED_TITLES = ["Neue Radwege für die Südstadt geplant", "Stadtrat beschließt Haushalt 2025"]
CASES["a box of other stories known by its label"] = Case(
    framed(
        f'<article class="a3f9Xk"><h1>Brücke</h1><div class="b7Qz1p">{paragraphs(BRIDGE[:3])}'
        '<div class="c2Lm8r"><p class="d4Hh0s">【Lesen Sie auch】</p><ul class="e9Tt3v">'
        + "".join(f'<li><a href="/n{i}">{t}</a></li>' for i, t in enumerate(RELATED_TITLES))
        + f"</ul></div>{paragraphs(BRIDGE[3:])}</div>"
        '<div class="f1Rr5w"><h3>Das könnte Sie auch interessieren</h3><div class="g6Pp2n">'
        + "".join(
            f'<div class="h8Kk4m"><a href="/m{i}"><img src="/m{i}.jpg" alt=""></a>'
            f'<div class="i3Jj7q">{t} ({i})</div></div>'
            for i, t in enumerate(RELATED_TITLES)
        )
        + "</div></div></article>"
    ),
    BRIDGE,
    [*CHROME, *RELATED_TITLES, "Lesen Sie auch", "auch interessieren"],
)
# ... and the guard: a label followed by sentences opens a section of the article (the label,
# a prompt, goes), and a reference work's "see also" list is its own.
SEE_ALSO = ["Liste der Brücken im Landkreis", "Mühlbach (Fluss)"]
CASES["a label followed by sentences, and a list of entries to see"] = Case(
    framed(
        f"<article><h1>Brücke</h1>{paragraphs(BRIDGE[:3])}"
        f"<div><h3>Mehr zum Thema</h3>{paragraphs(BRIDGE[3:])}</div>"
        "<div><h3>Siehe auch</h3><ul>"
        + "".join(f'<li><a href="/w{i}">{t}</a></li>' for i, t in enumerate(SEE_ALSO))
        + "</ul></div></article>"
    ),
    [*BRIDGE, *SEE_ALSO],
    CHROME,
)

# A short report above a long thread of readers' comments on a site whose classes are
# hashes: the thread is a section named by its heading ("comments-title"), as ARIA's
# landmarks are, and nothing else says what it is.
READER_COMMENTS = [
    f"Leserkommentar {i}: Ich wohne seit Jahren an der Brücke und finde, dass die Stadt"
    " viel zu lange gewartet hat, bis sie endlich mit der Sanierung beginnt; die"
    " Umleitung über die Gartenstraße wird für alle Anwohner eine echte Belastung."
    for i in range(6)
]
CASES["a thread of comments named by its heading"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Brücke wird'
    f' gesperrt</title></head><body>{COOKIE}{NAV}<main><article class="x7Hq2a">'
    f'<h1>Brücke wird gesperrt</h1><div class="k3Lp9z">{paragraphs(BRIDGE)}</div>'
    '</article><section class="m1Wd4e" aria-labelledby="comments-title">'
    '<h2 id="comments-title">Kommentare (6)</h2><ol class="q8Zr5t">'
    + "".join(
        f'<li class="v2Nc7y"><div class="u5Xb1k">Leser {i} · 14.05.2024, 09:{10 + i} Uhr'
        f"</div><p>{comment}</p></li>"
        for i, comment in enumerate(READER_COMMENTS)
    )
    + f"</ol></section></main>{FOOTER}</body></html>",
    BRIDGE,
    [*CHROME, *READER_COMMENTS],
)

# A block editor's table in a <figure> ("wp-block-table"): the post's data, not an image's
# caption; a page builder's list drawn with icons ("fusion-checklist type-icons"): a list
# of the post's, no icon; and documentation's "see also" note, as Sphinx writes it (an
# admonition named "seealso"): its text.
RESULTS = [("U17", "Linus Hartwig, Solo-Attacke in der letzten Runde"), ("U19", "Mara Voss")]
PROGRAMME = ["Führungen auf die Orgelempore in kleinen Gruppen", "Kaffee und Kuchen im Pfarrheim"]
SEE_ALSO_NOTE = (
    "The monitoring guide describes how to alert on a growing queue before it turns into a backlog."
)
CASES["a table block, a list drawn with icons and a see-also note"] = Case(
    framed(
        f'<article class="post"><h1>Vereinsmeisterschaft</h1>{paragraphs(BRIDGE[:3])}'
        '<figure class="wp-block-table is-style-stripes"><table><thead><tr><th>Klasse</th>'
        "<th>Name</th></tr></thead><tbody>"
        + "".join(f"<tr><td>{k}</td><td>{n}</td></tr>" for k, n in RESULTS)
        + '</tbody></table></figure><ul class="fusion-checklist type-icons">'
        + "".join(
            '<li class="fusion-li-item"><span class="icon-wrapper"><i class="fa-check"></i>'
            f'</span><div class="fusion-li-item-content">{item}</div></li>'
            for item in PROGRAMME
        )
        + f'</ul>{paragraphs(BRIDGE[3:])}<div class="admonition seealso"><p'
        f' class="admonition-title">See also</p><p>{SEE_ALSO_NOTE}</p></div></article>'
    ),
    [*BRIDGE, *(n for _, n in RESULTS), *PROGRAMME, SEE_ALSO_NOTE],
    CHROME,
)

# ... and the guard: parts a page numbers itself ("p1", "p2": an editor's paragraphs, a
# WordPress archive's "post-1", "post-2") are no thread's posts.
CASES["parts numbered by the page itself"] = Case(
    framed(
        '<article class="entry"><h1>Brücke</h1>'
        + "".join(f'<div id="p{i + 1}"><p>{line}</p></div>' for i, line in enumerate(BRIDGE))
        + "</article>"
    ),
    BRIDGE,
    CHROME,
)


# A site builder's page (Webflow's markup: classes named by the builder, text in <div>s, its
# lines parted by <br>s): each section holds one block of the text, the first one beside a
# picture's caption in the next column; the text's common wrapper is the page's body, and
# the caption's line on the way up to it is no byline above a list of teasers.
# (the sections after the first: a heading, two lines of text)
BUILDER_SECTIONS = [
    (SECTIONS[0][0], BRIDGE[0], BRIDGE[1]),
    (SECTIONS[1][0], BRIDGE[2], BRIDGE[3]),
    (SECTIONS[2][0], BRIDGE[4], STEPS[0]),
    ("Backen", STEPS[1], STEPS[2]),
    ("Fertig", STEPS[3], RECIPE_INTRO),
]
CASES["site builder's sections, the first beside a caption"] = Case(
    f'<!doctype html><html lang="de"><head><title>Über uns</title></head><body>{COOKIE}{NAV}'
    '<div class="section hero"><div class="w-container"><h1 class="heading-7">Über uns</h1>'
    "</div></div>"
    '<div class="section"><div class="w-container"><div class="w-row">'
    '<div class="w-col w-col-7"><h2 class="heading-3">Geschichte</h2>'
    f'<div class="text-block-3">{"<br><br>".join(CHRONICLE)}</div></div>'
    '<div class="w-col w-col-5"><img src="werkstatt.jpg" alt="">'
    '<div class="text-block-13">Die erste Werkstatt, um 1960</div></div></div></div></div>'
    + "".join(
        f'<div class="section"><div class="w-container"><h2 class="heading-3">{head}</h2>'
        f'<div class="text-block-{4 + i}">{one}<br><br>{two}</div></div></div>'
        for i, (head, one, two) in enumerate(BUILDER_SECTIONS)
    )
    + f"{FOOTER}</body></html>",
    [*CHRONICLE, *(line for _, *lines in BUILDER_SECTIONS for line in lines)],
    [FOOTER_TEXT, "Wir verwenden Cookies", "Bereich 3 im Überblick"],
)

# Notes of the text in boxes whose names call them notices or alerts (a Bootstrap theme's
# "alert alert-info", GOV.UK's "help-notice" in the role of a note): text of the article;
# a notice that links to another page, inside the article or out, is not.
NOTE = (
    "Hinweis: Zur Informationsveranstaltung bringen Sie bitte keine Unterlagen mit, alle"
    " Pläne liegen im Saal aus und können dort eingesehen werden."
)
WARNING = (
    "Betreten Sie die Baustelle auch an Wochenenden nicht, selbst wenn dort gerade niemand"
    " arbeitet und der Zaun geöffnet ist."
)
SITE_ALERT = (
    "Das Bürgerbüro bleibt wegen einer Umstellung der Software am Freitag ganztägig"
    " geschlossen, Termine werden verschoben."
)
LINKED_NOTICE = "Lesen Sie auch, wie die Stadt im vergangenen Jahr die Schulen saniert hat"
CASES["notes of the text in notice and alert boxes"] = Case(
    framed(
        f'<div class="alert alert-warning site-alert"><p>{SITE_ALERT}'
        ' <a href="/buergerbuero">Mehr erfahren</a></p></div>'
        f'<article class="item-page"><h1>Brücke</h1>{paragraphs(BRIDGE[:2])}'
        f'<div class="alert alert-info"><strong>Hinweis:</strong>{NOTE[8:]}</div>'
        f"{paragraphs(BRIDGE[2:4])}"
        '<div role="note" aria-label="Warnung" class="application-notice help-notice">'
        f"<p>{WARNING}</p></div>"
        f'<div class="notice"><p><a href="/schulen">{LINKED_NOTICE}</a></p></div>'
        f"{paragraphs(BRIDGE[4:])}</article>"
    ),
    [*BRIDGE, NOTE, WARNING],
    [*CHROME, SITE_ALERT, LINKED_NOTICE],
)


# A page laid out in a table (an "Amtsblatt" of a small municipality): the announcement in
# the middle cell, a menu and a box of opening hours in the left one, other announcements
# under their linked titles in the right one. The side cells are no columns of the text...
ANNOUNCEMENTS = [
    (
        "Haushaltssatzung 2025",
        "Die vom Gemeinderat beschlossene Haushaltssatzung wurde vom Landratsamt als"
        " Rechtsaufsichtsbehörde bestätigt und liegt eine Woche lang im Rathaus zur Einsicht aus.",
    ),
    (
        "Sperrung der Wasserleitung",
        "Wegen Arbeiten am Hochbehälter kann es am Donnerstag zwischen acht und zwölf Uhr im"
        " gesamten Ortsteil Unterdorf zu Druckschwankungen und kurzen Unterbrechungen kommen.",
    ),
]
HOURS = "Montag bis Freitag von acht bis zwölf Uhr, donnerstags auch von vierzehn bis achtzehn Uhr"


def layout_table(middle: str, right: str, *, menu: bool = True) -> str:
    left = (
        '<td width="190" valign="top">'
        + "".join(f'<a href="/m{i}">Menüpunkt {i}</a><br>' for i in range(8))
        + f'<table class="kasten"><tr><td><b>Öffnungszeiten</b><br>{HOURS}</td></tr></table>'
        "</td>"
    )
    return (
        '<html><head><title>Bekanntmachung</title></head><body><table width="960"><tr>'
        f'{left if menu else ""}<td width="560" valign="top"><font face="Verdana">{middle}'
        f'</font></td><td width="210" valign="top">{right}</td></tr></table></body></html>'
    )


CASES["table layout with side columns"] = Case(
    layout_table(
        "<b>Öffentliche Bekanntmachung</b><br><br>" + "<br><br>".join([*BRIDGE, *CHRONICLE]),
        "<b>Weitere Bekanntmachungen</b><br>"
        + "".join(
            f'14.02.2025<br><a href="/b{i}"><b>{title}</b></a><br>{text}<br><br>'
            for i, (title, text) in enumerate(ANNOUNCEMENTS)
        ),
    ),
    [*BRIDGE, *CHRONICLE],
    [HOURS, "Menüpunkt 3", *(text for _, text in ANNOUNCEMENTS)],
)

# ... but a cell that goes on with the text beside the first (an essay set in two columns)
# is one, shorter as it may be.
CASES["table layout with the text in two columns"] = Case(
    layout_table("<br><br>".join([*BRIDGE, *CHRONICLE]), "<br><br>".join(STEPS[:3]), menu=False),
    [*BRIDGE, *CHRONICLE, *STEPS[:3]],
    [],
)

# A course's page with the courses like it below, named so in German ("Ähnliche Kurse",
# "aehnliche-kurse"): other pages' descriptions, however long.
OTHER_COURSE = (
    "An einem Vormittag lernen Sie die wichtigsten Funktionen der Kamera-App kennen, von der"
    " Belichtung bis zum Porträtmodus, und üben sie gleich draußen auf dem Marktplatz"
)
CASES["courses like this one, named in German"] = Case(
    framed(
        f'<div class="kurs-detail"><h1>Fotografie am Abend</h1>{paragraphs(BRIDGE)}</div>'
        '<section class="kw-aehnliche-kurse"><h2>Ähnliche Kurse</h2>'
        + "".join(
            f'<article><h3><a href="/k{i}">Smartphone-Fotografie {i}</a></h3>'
            f"<p>{OTHER_COURSE} ({i}).</p></article>"
            for i in range(4)
        )
        + "</section>"
    ),
    BRIDGE,
    [*CHROME, OTHER_COURSE],
)


# A job board's vacancy: the posting in wrappers named for a job's advertisement
# ("job-ad-display", as boards name it), which is the page's text, not advertising space.
CASES["job board's posting named a job ad"] = Case(
    framed(
        '<main class="listing"><h1>Projektleitung Tiefbau (m/w/d)</h1>'
        '<div class="job-ad-display"><div class="job-ad-display__body">'
        f'<section class="job-ad-display__section"><p>{JOB_INTRO}</p></section>'
        '<section class="job-ad-display__section"><h2>Ihre Aufgaben</h2><ul>'
        + "".join(f"<li>{t}</li>" for t in TASKS)
        + '</ul></section><section class="job-ad-display__section"><h2>Ihr Profil</h2><ul>'
        + "".join(f"<li>{t}</li>" for t in REQ)
        + '</ul></section></div></div><a class="btn" href="/bewerben">Jetzt bewerben</a>'
        "</main>"
    ),
    [JOB_INTRO, *TASKS, *REQ],
    CHROME,
)


# ... and the board's offer to send more jobs like it, in the listing's namespace ("content"
# in every class) below the posting: a subscription, as a newsletter's box is
JOB_ALERT = [
    "Lassen Sie sich neue Stellen wie diese kostenlos per E-Mail schicken, sobald sie online"
    " gehen.",
    "Mit der Aktivierung stimmen Sie unseren Nutzungsbedingungen zu und bestätigen, die"
    " Datenschutzerklärung gelesen zu haben.",
]
CASES["job board's offer of job alerts below the posting"] = Case(
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Stelle</title></head>'
    f'<body>{NAV}<div class="listing-content-provider-x1"><h1>Projektleitung Tiefbau (m/w/d)'
    f'</h1><div class="listing-content-provider-x2"><p>{JOB_INTRO}</p><h2>Ihre Aufgaben</h2>'
    "<ul>"
    + "".join(f"<li>{t}</li>" for t in TASKS)
    + "</ul><h2>Ihr Profil</h2><ul>"
    + "".join(f"<li>{t}</li>" for t in REQ)
    + '</ul></div><section class="listing-content-provider-job-alert"><h3>Nichts mehr'
    f' verpassen</h3><p>{JOB_ALERT[0]}</p><form><input type="email"><button>Aktivieren'
    f'</button></form><p class="listing-content-provider-ja-legal">{JOB_ALERT[1]}</p>'
    f"</section></div>{FOOTER}</body></html>",
    [JOB_INTRO, *TASKS, *REQ],
    [*CHROME, *JOB_ALERT],
)


# A CMS template's content elements marked by what they hold ("only-text", a section with
# no picture): "only" first in a class token names no screen-reader text, as "sr-only" does.
CASES["content elements that hold only text"] = Case(
    framed(
        '<div class="detail-content"><h1>Brücke</h1>'
        f'<div class="element piece only-text"><div class="text">{paragraphs(BRIDGE[:1])}'
        "</div></div>"
        '<div class="element piece"><h2>Die Kosten</h2><div class="text">'
        f"{paragraphs(BRIDGE[1:])}</div></div>"
        '<div class="element piece"><h2>Der Verein</h2><div class="visual"><img src="b.jpg"'
        ' alt=""><p class="subtitle">Die alte Brücke im Winter 1962</p></div>'
        f'<div class="text">{paragraphs(CHRONICLE)}</div></div></div>'
    ),
    [*BRIDGE, *CHRONICLE],
    CHROME,
)


# A site builder that writes each text element in a block of its own, as Wix and builders
# like it do (a heading's block, a paragraph's block, each positioned in the section's
# grid): the article's paragraphs share one class, and the headings of its sections stand
# in blocks between them. A newsletter's heading in the last section heads other text.
def text_element(inner: str, i: int) -> str:
    return (
        f'<div id="comp-{i}" class="Kc{i} comp-{i} rich-text" data-testid="richTextElement">'
        f"{inner}</div>"
    )


MOTTO = "Brot wie früher, aus dem Holzofen."
BUILDER_HEADINGS = ["Wie alles begann", "Unsere Arbeit heute", "Besuchen Sie uns"]
NEWSLETTER_HEADING = "Neuigkeiten per Post"
NEWSLETTER_TEXT = (
    "Wir schreiben Ihnen, wenn das Backhaus wieder anheizt und frisches Brot aus dem Ofen holt."
)
CASES["site builder's text elements, each in a block"] = Case(
    framed(
        '<div class="page-sections">'
        + "".join(
            '<section class="builder-section"><div class="layers"><div class="underlay"></div>'
            '</div><div class="inline-content"><div class="grid">'
            + (
                text_element('<h1 class="font_0">Unser Backhaus</h1>', 1)
                + text_element(f'<p class="font_7"><span>{MOTTO}</span></p>', 2)
                if n == 0
                else text_element(f'<h2 class="font_2">{heading}</h2>', 10 * n)
            )
            + text_element(
                '<p class="font_8"><span>\u200b</span></p>'.join(
                    f'<p class="font_8">{line}</p>' for line in lines
                ),
                10 * n + 1,
            )
            + "</div></div></section>"
            for n, (heading, lines) in enumerate(
                zip(BUILDER_HEADINGS, (BRIDGE[:3], BRIDGE[3:], CHRONICLE), strict=True)
            )
        )
        + '<section class="builder-section"><div class="inline-content"><div class="grid">'
        + text_element(f'<h5 class="font_5">{NEWSLETTER_HEADING}</h5>', 90)
        + text_element(f'<p class="font_9">{NEWSLETTER_TEXT}</p>', 91)
        + "</div></div></section></div>"
    ),
    [*BUILDER_HEADINGS[1:], *BRIDGE, *CHRONICLE],
    [*CHROME, NEWSLETTER_HEADING, NEWSLETTER_TEXT],
)


# A Drupal node promoted to the front page ("node-promoted", Drupal's default for articles):
# the notice itself, a paragraph and a table of dates, on a municipality's page whose
# footer (named in Spanish, "pie", so no word calls it chrome) holds running text too.
VACCINATION = (
    "El Ayuntamiento organiza la campaña anual de vacunación para perros y gatos en varios"
    " puntos del municipio. Los propietarios deberán acudir con la cartilla sanitaria del"
    " animal, y el precio de la vacuna se abonará en efectivo en el mismo lugar. Los perros"
    " deberán ir sujetos con correa y, en el caso de razas potencialmente peligrosas, con"
    " bozal; quien no pueda acudir en las fechas previstas podrá vacunar a su animal en"
    " cualquier clínica veterinaria autorizada antes del final de junio."
)
NOTICE_DATES = ["Sábado 13 de abril", "Plaza de España, junto al mercado", "Domingo 14 de abril"]
FOOTER_LINES = [
    "Horario de atención al público: de lunes a viernes de nueve a dos, y los jueves por la tarde.",
    "Este portal ha sido cofinanciado por el fondo europeo de desarrollo regional.",
    "Las oficinas de registro atienden con cita previa, por teléfono o en la sede electrónica.",
]
CASES["a CMS's node promoted to the front page"] = Case(
    '<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Aviso</title></head>'
    '<body><div id="header"><ul class="menu">'
    + "".join(f'<li><a href="/m{i}">Servicio municipal {i}</a></li>' for i in range(8))
    + '</ul></div><div id="main"><h1 class="title">Campaña de vacunación</h1>'
    '<div class="region region-content"><div id="node-6612" class="node node-aviso'
    ' node-promoted clearfix"><div class="submitted">Publicado el 2 de abril</div>'
    '<div class="content"><div class="field field-name-body field-type-text-with-summary">'
    f'<div class="field-items"><div class="field-item even"><p>{VACCINATION}</p><table><tbody>'
    f"<tr><td>{NOTICE_DATES[0]}</td><td>{NOTICE_DATES[1]}</td></tr>"
    f"<tr><td>{NOTICE_DATES[2]}</td><td>Centro social</td></tr></tbody></table>"
    '</div></div></div></div></div></div></div><div id="pie">'
    + "".join(
        f'<div class="pie-columna"><h3>Sección {i}</h3><ul>'
        + "".join(f'<li><a href="/p{i}{k}">Enlace {i}{k}</a></li>' for k in range(5))
        + "</ul></div>"
        for i in range(4)
    )
    + f'<div class="pie-datos">{paragraphs(FOOTER_LINES)}</div></div></body></html>',
    [VACCINATION, *NOTICE_DATES],
    [*FOOTER_LINES, "Servicio municipal 3"],
)


# A note in the text drawn with an icon, as design systems' utility classes name the icon
# ("fr-icon-information-line" on a callout, a theme's "icon-box" around a tip): the box is
# the text's, no icon.
DUPLICATE_NOTE = "Ein Duplikat hat denselben Wert wie das ursprüngliche Familienbuch."
CASES["notes drawn with an icon"] = Case(
    framed(
        f'<div class="guide-content"><h1>Familienbuch</h1>{paragraphs(BRIDGE[:2])}'
        '<div class="fr-callout fr-icon-information-line"><h3 class="fr-callout__title">'
        f'Gut zu wissen</h3><p class="fr-callout__text">{DUPLICATE_NOTE}</p></div>'
        f"{paragraphs(BRIDGE[2:4])}"
        '<div class="wp-block-theme-icon-box common-icon-box information-box">'
        f"<p>{CHRONICLE[0]}</p></div>{paragraphs(BRIDGE[4:])}"
        '<ul class="social-icon">'
        + "".join(f'<li><a href="/s{i}">Teilen auf Netzwerk {i}</a></li>' for i in range(3))
        + "</ul></div>"
    ),
    [DUPLICATE_NOTE, CHRONICLE[0], *BRIDGE],
    [*CHROME, "Teilen auf Netzwerk 1"],
)


# A page builder that marks each block by its neighbours ("el_before_av_image",
# "el_after_av_heading", as Enfold does): the block before a picture is no picture.
def neighbour_block(inner: str, before: str) -> str:
    return (
        '<section class="av_textblock_section"><div class="avia_textblock'
        f' el_after_av_heading el_before_av_{before}">{inner}</div></section>'
    )


CASES["blocks named after their neighbours"] = Case(
    framed(
        '<main class="template-page content"><div class="entry-content-wrapper">'
        f"<h1>Brücke</h1>{neighbour_block(paragraphs(BRIDGE[:2] + CHRONICLE), 'heading')}"
        f"<h2>Umleitung</h2>{neighbour_block(paragraphs(BRIDGE[2:3]), 'image')}"
        '<div class="avia-image-container"><img src="b.jpg" alt=""></div>'
        f"<h2>Verein</h2>{neighbour_block(paragraphs(BRIDGE[3:]), 'textblock')}"
        "</div></main>"
    ),
    [*BRIDGE, *CHRONICLE],
    CHROME,
)


# A site builder that names every block of the page a "widget" (CM4all's "cm-widget
# cm-widget_text", as hosting providers' builders write it): the article's blocks of text
# share one class, the largest holds a plausible body's share of the text, the smaller ones
# beside pictures and in columns are the article's too.
def text_widget(inner: str) -> str:
    return (
        '<div class="module module-text cm-widget cm-widget_text"><div class="module__inner">'
        f"{inner}</div></div>"
    )


CASES["a builder's text widgets of one class"] = Case(
    framed(
        '<div class="cm-content__inner">'
        '<div class="cm_column_wrapper"><div class="cm_column">'
        + text_widget(f"<h2>Die Brücke</h2>{paragraphs(BRIDGE[:2])}")
        + '</div><div class="cm_column"><div class="module module-image cm-widget'
        ' cm-widget_image"><img src="b.jpg" alt=""></div></div></div>'
        + text_widget(f"<h2>Die Arbeiten</h2>{paragraphs(BRIDGE[2:])}")
        + text_widget(f"<h2>Der Verein</h2>{paragraphs(CHRONICLE[:2])}")
        + '<div class="module module-testimonials cm-widget"><p>'
        f"{OTHER_STORY}.</p></div></div>"
    ),
    [*BRIDGE, *CHRONICLE[:2]],
    [*CHROME, OTHER_STORY],
)


CALL_TO_ACTION = (
    "Sie möchten wissen, was eine Sanierung Ihrer Brücke kosten würde? Vereinbaren Sie ein"
    " kostenloses Erstgespräch mit unseren Ingenieuren"
)


def module(inner: str) -> str:
    """A module of a company site's drag-and-drop builder: every block a "widget"."""
    return (
        '<div class="row-fluid"><div class="span12 widget-span widget-type-custom_widget'
        f' dnd-module"><div class="hs_cos_wrapper hs_cos_wrapper_widget">{inner}</div></div>'
        "</div>"
    )


CASES["a company page's call to action after the text"] = Case(
    framed(
        '<div class="body-container-wrapper"><div class="body-container">'
        + module(f"<h1>Über uns</h1>{paragraphs(BRIDGE[:2])}")
        + module(f"<h2>Was wir tun</h2>{paragraphs(BRIDGE[2:])}")
        + module(
            f'<div class="cta-banner"><h2>Ihr Projekt</h2><p class="cta-banner__text">'
            f'{CALL_TO_ACTION}.</p><a class="cta-banner__button" href="/kontakt">Termin'
            "</a></div>"
        )
        + "</div></div>"
    ),
    BRIDGE,
    [*CHROME, CALL_TO_ACTION],
)


FOLDED_ANSWER = (
    "Nein, während der Bauarbeiten bleibt der Wochenmarkt auf dem Marktplatz, nur die Zufahrt"
    " für die Händler ändert sich"
)


CASES["a guide's questions in an accordion whose panels a class folds"] = Case(
    framed(
        '<article class="entry"><div class="entry-content">'
        + paragraphs(BRIDGE[:3])
        + "<h2>Häufige Fragen</h2>"
        + '<div class="wp-block-kadence-accordion"><div class="kt-accordion-pane">'
        '<h3 class="kt-accordion-header-wrap"><button class="kt-blocks-accordion-header"'
        ' type="button">Zieht der Wochenmarkt während der Bauarbeiten um?</button></h3>'
        '<div class="kt-accordion-panel kt-accordion-panel-hidden"><div class="kt-accordion-'
        f'panel-inner"><p>{FOLDED_ANSWER}.</p></div></div></div></div>'
        + paragraphs(BRIDGE[3:])
        + "</div></article>"
    ),
    [*BRIDGE, "Zieht der Wochenmarkt während der Bauarbeiten um?", FOLDED_ANSWER],
    CHROME,
)

CASES["a box named for where its picture sits"] = Case(
    framed(
        '<article class="entry"><div class="entry-content">'
        + paragraphs(BRIDGE[:2])
        + '<div class="wp-block-kadence-infobox"><div class="kt-blocks-info-box-link-wrap'
        ' kt-blocks-info-box-media-align-left"><div class="kt-infobox-textcontent">'
        f"<h2>Das Wichtigste in Kürze</h2><ul><li>{CHRONICLE[0]}</li><li>{CHRONICLE[1]}</li>"
        "</ul></div></div></div>" + paragraphs(BRIDGE[2:]) + "</div></article>"
    ),
    [*BRIDGE, *CHRONICLE[:2]],
    CHROME,
)


TABLE_CAPTION = "Sperrzeiten der Brücke nach Bauabschnitt und Verkehrsart im Überblick"


CASES["a table of data with its caption"] = Case(
    framed(
        '<main class="usa-layout-docs"><div class="usa-prose">'
        + paragraphs(BRIDGE[:3])
        + f'<table class="usa-table"><caption>{TABLE_CAPTION}</caption><thead><tr>'
        "<th>Abschnitt</th><th>Autos</th><th>Fußgänger</th></tr></thead><tbody>"
        "<tr><td>Nordrampe</td><td>Juni bis Juli</td><td>frei</td></tr>"
        "<tr><td>Brückenbogen</td><td>Juli bis September</td><td>über den Steg</td></tr>"
        "</tbody></table>" + paragraphs(BRIDGE[3:]) + "</div></main>"
    ),
    [*BRIDGE, TABLE_CAPTION],
    CHROME,
)


def block(kind: str, inner: str) -> str:
    """A block of a block editor's public page: each block its own <div> of a kind."""
    return f'<div class="notion-selectable notion-{kind}-block"><div>{inner}</div></div>'


CASES["a block editor's headings in header blocks"] = Case(
    framed(
        '<div class="notion-page-content">'
        + "".join(block("text", line) for line in BRIDGE[:2])
        + block("header", "<h2>Wie der Verkehr umgeleitet wird</h2>")
        + "".join(block("text", line) for line in BRIDGE[2:])
        + "</div>"
    ),
    [*BRIDGE, "Wie der Verkehr umgeleitet wird"],
    CHROME,
)

CASES["a table whose class says what it lacks"] = Case(
    framed(
        '<div class="fr-container"><div class="sp-chapter">'
        + paragraphs(BRIDGE[:3])
        + '<div class="fr-table fr-table--no-caption"><table><thead><tr><th>Abschnitt</th>'
        "<th>Umleitung</th></tr></thead><tbody><tr><td>Nordrampe</td><td>Über die"
        " Gartenstraße und den Parkplatz am Bahnhof</td></tr><tr><td>Brückenbogen</td><td>"
        "Über den provisorischen Steg neben der Baustelle</td></tr></tbody></table></div>"
        + paragraphs(BRIDGE[3:])
        + "</div></div>"
    ),
    [
        *BRIDGE,
        "Über die Gartenstraße und den Parkplatz am Bahnhof",
        "Über den provisorischen Steg neben der Baustelle",
    ],
    CHROME,
)


ANSWERED = (
    "Danke für den Vorschlag, ich würde die alte Konfiguration aber noch eine Version lang"
    " lesen können, bevor wir sie ganz entfernen"
)


def email(kind: str, author: str, body: str) -> str:
    """A message of a mailing list's web archive, its header and its text."""
    return (
        f'<div class="email {kind}"><div class="email-header"><span class="email-author">'
        f'{author}</span><span class="email-date">14. Mai 2024</span></div>'
        f'<div class="email-body">{body}</div></div>'
    )


CASES["a mailing list's message and the replies below it"] = Case(
    framed(
        '<div class="row"><div class="col-sm-12">'
        + email("email-first", "Anna Berg", paragraphs(BRIDGE))
        + '<div class="replies">'
        + email("email-reply", "Jonas Weber", f"<p>{ANSWERED}.</p>")
        + email("email-reply", "Petra Lind", f"<p>{OTHER_STORY}.</p>")
        + "</div></div></div>"
    ),
    BRIDGE,
    [*CHROME, ANSWERED, OTHER_STORY],
)


FACTS = [
    "Bauzeit: Juni bis September, die Fußgänger nutzen solange einen Steg",
    "Kosten: rund 2,4 Millionen Euro, davon trägt das Land den größeren Teil",
]


CASES["a news story's box of facts written as an aside"] = Case(
    framed(
        '<article class="Article_article__7hRvL"><div class="ArticleBody_body__Pp4Hs">'
        + paragraphs(BRIDGE[:3])
        + '<aside class="InfoBox_box__Jm8Ke"><h3 class="InfoBox_title__Ud2Sx">Die Brücke in'
        ' Zahlen</h3><ul class="InfoBox_list__eR0pW">'
        + "".join(f"<li>{fact}</li>" for fact in FACTS)
        + "</ul></aside>"
        + paragraphs(BRIDGE[3:])
        + '</div><aside class="related"><h3>Mehr aus der Stadt</h3>'
        f'<ul><li><a href="/o">{OTHER_STORY}</a></li></ul></aside></article>'
    ),
    [*BRIDGE, *FACTS],
    [*CHROME, OTHER_STORY],
)


def text_block(inner: str, i: int) -> str:
    """A block of a news CMS's story: each paragraph, list and heading in a column of its
    own, the paragraphs styled by a class that qualifies their styles."""
    return (
        f'<div class="mc-column content-text active-extra-styles" data-block-id="{i}">{inner}</div>'
    )


DETOURS = [
    "Autos fahren über die Gartenstraße und den Ring zum Neubaugebiet, ab der Ampel am"
    " Friedhof ist die Strecke ausgeschildert",
    "Busse halten an einer Ersatzhaltestelle vor dem Rathaus am Markt, die Linien 3 und 5"
    " fahren im Zehnminutentakt",
    "Lieferverkehr erreicht die Altstadt nur von Norden über die Kirchgasse, morgens"
    " zwischen sechs und zehn Uhr",
    "Radfahrer schieben ihr Rad über den Steg oder nehmen den Weg am Ufer entlang bis zur"
    " Mühle am Stadtrand",
    "Rettungswagen und Feuerwehr fahren über eine eigene Zufahrt hinter dem Sportplatz, die"
    " für alle anderen gesperrt bleibt",
    "Anwohner der Brückenstraße erhalten Parkausweise für den Platz vor der Schule, solange"
    " die Arbeiten dauern",
]


LINKED_TEASERS = [
    "Neue Ampel an der Schulstraße: was sich für Radfahrer jetzt ändert",
    "Sperrung am Bahnhof: die Busse fahren eine Umleitung über den Ring",
]


CASES["a story in blocks styled with extra styles, and a read-also list as a block"] = Case(
    framed(
        '<article itemprop="articleBody">'
        + "".join(
            text_block(f'<p class="content-text__container">{line}</p>', i)
            for i, line in enumerate(BRIDGE[:3])
        )
        + text_block('<p class="content-text__container"><strong>Lesen Sie auch:</strong></p>', 3)
        + '<div class="mc-column content-unordered-list" data-block-id="4"><ul>'
        + "".join(f'<li><a href="/s/{i}">{t}</a></li>' for i, t in enumerate(LINKED_TEASERS))
        + "</ul></div>"
        + '<div class="mc-column content-intertitle"><h2>Der Steg für Fußgänger</h2></div>'
        + "".join(
            text_block(f'<p class="content-text__container">{line}</p>', 5 + i)
            for i, line in enumerate(BRIDGE[3:])
        )
        + '<div class="mc-column content-intertitle"><h2>Umleitungen</h2></div>'
        + '<div class="mc-column content-ordered-list"><ol>'
        + "".join(f"<li>{way}</li>" for way in DETOURS)
        + "</ol></div></article>"
    ),
    [*BRIDGE, "Der Steg für Fußgänger", *DETOURS],
    [*CHROME, *LINKED_TEASERS, "Lesen Sie auch"],
)


SERVICE = [
    "Die Mensa der Grundschule bietet an jedem Schultag ein warmes Mittagessen an, das"
    " in der Küche des Rathauses frisch gekocht wird.",
    "Anmelden können sich alle Familien, deren Kinder die Grundschule oder den Hort der"
    " Gemeinde besuchen.",
]
FEES = [
    "Ein Essen kostet je nach dem Einkommen der Familie zwischen einem und fünf Euro, den"
    " Betrag legt die Gemeinde jedes Jahr im Frühjahr neu fest.",
    "Für das dritte Kind, das an der Mensa teilnimmt, gilt ein Nachlass von dreißig Prozent"
    " auf den Betrag, der sonst zu zahlen wäre.",
    "Bezahlt wird am Ende jedes Monats für die Tage, an denen das Kind gegessen hat, per"
    " Lastschrift von dem Konto, das die Familie angegeben hat.",
    "Familien, die Unterstützung vom Sozialamt erhalten, zahlen nichts; den Nachweis legen"
    " sie einmal im Jahr im Bürgerbüro vor.",
]
MENU_PLAN = [
    "Der Speiseplan wechselt alle vier Wochen und wird vorher mit den Eltern des"
    " Elternbeirats und einer Ernährungsberaterin abgestimmt.",
    "An jedem Tag gibt es ein Gericht ohne Fleisch, und wer eine Allergie hat, bekommt nach"
    " Absprache mit der Küche ein eigenes Essen.",
    "Obst, Gemüse und Brot kommen, so weit es die Jahreszeit erlaubt, von Höfen und"
    " Bäckereien aus der Gemeinde und ihrer Umgebung.",
]
FURTHER = [
    "Wer sein Kind bis halb zehn nicht anmeldet, zahlt für diesen Tag kein Essen: eine"
    " Abmeldung im Büro ist daher nicht nötig.",
    "Bei offenen Beträgen über fünfzig Euro erhalten die Familien eine Erinnerung per"
    " E-Mail und danach einen Brief der Kasse.",
]


CASES["a public service page's section of further information"] = Case(
    framed(
        '<div class="col-lg-8"><h1>Anmeldung zur Schulmensa</h1>'
        '<section class="it-page-section mb-30" id="description">'
        f"<h2>Was ist das</h2>{paragraphs(SERVICE)}</section>"
        '<section class="it-page-section mb-30" id="costs">'
        f"<h2>Kosten</h2>{paragraphs(FEES)}</section>"
        '<section class="it-page-section mb-30" id="meals">'
        f"<h2>Speiseplan</h2>{paragraphs(MENU_PLAN)}</section>"
        '<section class="it-page-section mb-30" id="submit-request"><h2>Zugang</h2>'
        "<p>Die Anmeldung ist online mit der Bürgerkarte möglich.</p>"
        '<button type="button">Online anmelden</button></section>'
        '<section class="it-page-section mb-30" id="more-info">'
        f"<h2>Weitere Informationen</h2>{paragraphs(FURTHER)}"
        '<p class="text-paragraph-small">Zuletzt aktualisiert: 18.04.2024, 11:42</p>'
        "</section></div>"
    ),
    [*SERVICE, *FEES, *MENU_PLAN, *FURTHER],
    CHROME,
)


CLUB_DATES = [
    ("Sa, 20.07.2024", "Sommerfest am Vereinsheim mit Musik und Kinderprogramm"),
    ("So, 04.08.2024", "Radtour zum Stausee, Treffpunkt ist der Parkplatz an der Kirche"),
    ("Fr, 13.09.2024", "Jahreshauptversammlung im Saal des Gasthauses zur Linde"),
]
CONCERTS = ["Samstag, 20. Juli 2024, 20:30 Uhr", "Sonntag, 21. Juli 2024, 20:00 Uhr"]
INVITATION = (
    "Der Verein lädt alle Mitglieder, ihre Familien und Gäste zu den Veranstaltungen des"
    " Sommers ein; Anmeldungen nimmt der Vorstand bis eine Woche vorher entgegen."
)


CASES["a club's schedule: dates alone in table cells and list items"] = Case(
    framed(
        f"<article><h1>Termine 2024</h1><p>{INVITATION}</p><table><tbody>"
        + "".join(f"<tr><td>{day}</td><td>{what}</td></tr>" for day, what in CLUB_DATES)
        + "</tbody></table><h2>Konzerte im Schlosspark</h2><ul>"
        + "".join(f"<li>{when}</li>" for when in CONCERTS)
        + f"</ul><p>{BRIDGE[0]}</p>"
        '<p class="updated">14.03.2024</p></article>'
    ),
    [INVITATION, *(day for day, _ in CLUB_DATES), *(w for _, w in CLUB_DATES), *CONCERTS],
    [*CHROME, "14.03.2024"],
)


GRINDER = [
    "Die Handmühle mahlt mit einem Kegelmahlwerk aus gehärtetem Stahl, das die Bohnen"
    " gleichmäßig zerkleinert und dabei kaum Wärme entwickelt.",
    "Der Mahlgrad lässt sich an einem Ring unter der Kurbel in vierzig Stufen einstellen,"
    " vom feinen Pulver für Espresso bis zum groben Schrot.",
    "Das Gehäuse aus Aluminium liegt gut in der Hand, und der Behälter für das Pulver hält"
    " mit einem Magneten, damit beim Abnehmen nichts danebengeht.",
]
REVIEWS = [
    "Ich mahle seit einem Monat jeden Morgen damit und bin sehr zufrieden, auch wenn es für"
    " eine Kanne Filterkaffee fast eine Minute dauert und die Arme danach müde sind."
    " Geschmacklich ist der Unterschied zum fertigen Pulver aus dem Supermarkt enorm.",
    "Für Espresso braucht man etwas Geduld, die Einstellung ist fein genug, aber das Mahlen"
    " geht schwer. Nach dem Urlaub mit dem Wohnmobil kann ich sagen, dass sie robust ist"
    " und nichts klappert, der Beutel schützt sie gut.",
    "Das Gewinde am Einstellring hat nach zwei Wochen etwas Spiel bekommen, der Händler hat"
    " mir aber ohne Fragen ein neues Teil geschickt, das seitdem hält. Dafür gibt es einen"
    " Stern Abzug, sonst ist alles so, wie es beschrieben wurde.",
    "Wir haben die Mühle für das Büro gekauft, wo sie jetzt von sechs Leuten benutzt wird."
    " Niemand hat sich bisher beschwert, nur das Reinigen mit dem Pinsel dauert, wenn man"
    " gründlich sein will, und das Pulver verteilt sich gern auf dem Tisch.",
    "Als Geschenk für meinen Vater gekauft, der seit Jahren von einer richtigen Mühle"
    " spricht. Er mahlt jetzt jeden Sonntag für die ganze Familie und erklärt allen, warum"
    " der Kaffee so viel besser schmeckt, was wir inzwischen auswendig können.",
]


def product_review(text: str) -> str:
    return (
        '<div class="product-detail-review-item"><div class="product-detail-review-item-info">'
        '<p><small>03.02.2024</small></p><p class="text-success">Verifizierter Kauf</p></div>'
        f'<p class="product-detail-review-item-content">{text}</p></div>'
    )


CASES["a shop's description beside longer customer reviews in the shop's namespace"] = Case(
    framed(
        '<div class="product-detail"><h1 class="product-detail-name">Handmühle Kegel Pro</h1>'
        # (the block of the gallery and the buy box left open, as a template's slip leaves
        # it: the tabs below sit inside it)
        '<div class="cms-block cms-block-gallery-buybox"><div class="product-detail-media">'
        '<img src="/m.jpg" alt=""></div>'
        '<div class="product-detail-tabs"><div class="tab-content">'
        '<div class="tab-pane active" id="description-tab-pane" role="tabpanel">'
        f'<div class="product-detail-description">{paragraphs(GRINDER)}</div></div>'
        '<div class="tab-pane" id="review-tab-pane" role="tabpanel">'
        '<div class="product-detail-review-list">'
        + "".join(map(product_review, REVIEWS))
        + "</div></div></div></div></div></div>"
    ),
    GRINDER,
    [*CHROME, *REVIEWS, "Verifizierter Kauf"],
)


KEY_POINTS = [
    "Die Brücke über den Mühlbach bleibt bis mindestens Freitagabend für alle gesperrt.",
    "Busse der Linien 3 und 5 fahren eine Umleitung über die Gartenstraße und den Ring.",
    "Die Grundschule am Markt ist über den Steg am Ufer zu Fuß weiter zu erreichen.",
    "Ein Gutachter prüft am Donnerstag, ob die Pfeiler bei dem Hochwasser gelitten haben.",
]
ENTRIES = [
    (
        "18:40 Uhr",
        "Die Feuerwehr hat am Abend die letzten Äste aus dem Wasser unter der Brücke geholt."
        " Der Pegel des Mühlbachs ist seit dem Nachmittag um zwanzig Zentimeter gefallen.",
    ),
    (
        "16:15 Uhr",
        "Der Bürgermeister hat die Baustelle besucht und sich bei den Helfern bedankt. Die"
        " Stadt will bis zum Wochenende entscheiden, wann die Brücke wieder frei ist.",
    ),
    (
        "14:05 Uhr",
        "Anwohner berichten von Wasser in den Kellern der Mühlenstraße. Das Technische"
        " Hilfswerk pumpt seit dem Mittag, die Straße bleibt bis auf Weiteres gesperrt.",
    ),
    (
        "15:30 Uhr",
        "Ein Kran hebt am Nachmittag einen Baumstamm aus dem Bach, der sich vor dem mittleren"
        " Pfeiler verkeilt hatte. Die Arbeiten dauern nach Angaben der Stadt bis zum Abend.",
    ),
    (
        "13:20 Uhr",
        "Die Stadtwerke haben die Gasleitung, die unter der Brücke verläuft, vorsorglich"
        " abgesperrt. Betroffen sind rund vierzig Haushalte in der Altstadt am Ufer.",
    ),
    (
        "12:50 Uhr",
        "Der Bauhof stellt Sandsäcke am Parkplatz hinter der Stadthalle bereit. Wer Hilfe beim"
        " Tragen braucht, kann sich bei der Freiwilligen Feuerwehr im Gerätehaus melden.",
    ),
    (
        "12:10 Uhr",
        "Die Schulleitung der Grundschule am Markt hat die Eltern gebeten, ihre Kinder über den"
        " Steg am Ufer zu bringen, der von Helfern des Roten Kreuzes gesichert wird.",
    ),
    (
        "11:30 Uhr",
        "Wegen des Hochwassers hat die Stadt die Brücke am Vormittag gesperrt. Treibgut hatte"
        " sich an den Pfeilern verfangen, und das Wasser stand knapp unter dem Geländer.",
    ),
]


CASES["a live blog's key points above its entries"] = Case(
    # (a frame whose chrome holds no paragraphs: the page is read from the part that holds
    # them, the entries, as a live blog's long page is)
    '<!doctype html><html lang="de"><head><title>Hochwasser</title></head><body>'
    f"{NAV}<main>"
    + (
        '<article class="article article--liveblog"><header><h1>Hochwasser am Mühlbach:'
        " alle Entwicklungen</h1></header>"
        '<section class="liveblog-summary"><h2>Das Wichtigste in Kürze</h2><ul>'
        + "".join(f"<li>{point}</li>" for point in KEY_POINTS)
        + '</ul></section><div class="liveblog" id="liveblog">'
        + "".join(
            f'<div class="liveblog-entry"><time>{when}</time><div class="liveblog-entry__body">'
            f"<p>{text}</p></div></div>"
            for when, text in ENTRIES
        )
        + "</div></article>"
    )
    + '</main><footer><a href="/impressum">Impressum</a></footer></body></html>',
    [*KEY_POINTS, *(text for _, text in ENTRIES)],
    ["Impressum", "Bereich 3 im Überblick"],
)


DEFINITION = [
    "Als Föhn bezeichnet man einen warmen und trockenen Fallwind, der auf der dem Wind"
    " abgewandten Seite eines Gebirges ins Tal weht.",
    "Die Luft kühlt beim Aufsteigen an der Luvseite ab, regnet sich aus und erwärmt sich"
    " beim Absteigen stärker, als sie sich zuvor abgekühlt hat.",
    "In den Tälern nördlich der Alpen steigt die Temperatur bei Föhn oft innerhalb weniger"
    " Stunden um zehn Grad und mehr, und die Sicht ist klar.",
]
RELATED_TERMS = [
    ("Bora", "Ein kalter und böiger Fallwind an der Küste der Adria in Kroatien."),
    ("Mistral", "Ein kalter Nordwind, der durch das Tal der Rhône bis ans Meer weht."),
    ("Schirokko", "Ein heißer Wind aus der Sahara, der über das Mittelmeer nach Norden zieht."),
    ("Lee", "Die dem Wind abgewandte und daher geschützte Seite eines Hindernisses."),
]


CASES["a glossary entry titled after the glossary, and its list of related terms"] = Case(
    framed(
        "<article><h1>Lexikon</h1><h2>Föhn</h2>"
        + paragraphs(DEFINITION)
        + '<div class="mod modList lexikonRelations"><h2>Verwandte Begriffe</h2>'
        '<ul class="lexikonRelationList">'
        + "".join(
            f'<li class="lexikon-relation"><a href="/lexikon/{term}">{term}</a>'
            f'<p class="text small">{text}</p></li>'
            for term, text in RELATED_TERMS
        )
        + "</ul></div></article>"
    ).replace("<title>Seite</title>", "<title>Lexikon</title>"),
    DEFINITION,
    [*CHROME, *(text for _, text in RELATED_TERMS)],
)


LIBRARY_HOURS = [
    "Dienstag und Donnerstag: 10 bis 19 Uhr",
    "Freitag: 10 bis 18 Uhr, Samstag: 10 bis 14 Uhr",
    "Sonntag: 11 bis 17 Uhr, ohne Personal an der Theke",
]


CASES["a box of facts beside the text in a block editor's field of boxes"] = Case(
    framed(
        '<article class="node node--type-article"><h1>Die Stadtbibliothek öffnet sonntags</h1>'
        '<div class="node__content"><div class="field field--name-body field--type-text-with-'
        f'summary">{paragraphs(BRIDGE)}</div>'
        '<div class="field field--name-field-paragraphs field__items"><div class="field__item">'
        '<div class="paragraph paragraph--type--infobox paragraph--view-mode--default">'
        '<div class="field field--name-field-infobox-title field__item">Öffnungszeiten</div>'
        '<div class="field field--name-field-infobox-text field__item"><ul>'
        + "".join(f"<li>{line}</li>" for line in LIBRARY_HOURS)
        + "</ul></div></div></div></div></div></article>"
    ),
    [*BRIDGE, *LIBRARY_HOURS],
    CHROME,
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_class(name: str) -> None:
    case = CASES[name]
    body = extract(case.html).paragraphs
    text = "\n".join(body)
    missing = [line for line in case.body if not any(line in p for p in body)]
    assert not missing, f"left out of the body: {missing}\nbody: {body}"
    leaked = [line for line in case.not_body if line in text]
    assert not leaked, f"chrome in the body: {leaked}\nbody: {body}"


def test_permalink_marks_leave_the_headline_its_title() -> None:
    """A headline with a permalink mark is still the metadata's title (the site's logo in an
    <h1> is not)."""
    assert extract(CASES["sections named after their headings"].html).title == "Configuration"


def test_counts_of_visitors_change_no_line_of_the_article() -> None:
    """The next visit, the next comment, an hour later: the counts and stamps move, the
    article's lines do not."""
    before = CASES["counts of visitors and readers' responses"].html
    after = (
        before.replace("12 Kommentare</p><p>4,7 (1.234", "13 Kommentare</p><p>4,6 (1.301")
        .replace("vor 3 Std.", "vor 4 Std.")
        .replace("vor 5 Minuten", "vor 6 Minuten")
        .replace("heute, 14:05", "gestern, 14:05")
        .replace("48213", "48290")
        .replace("48.213", "48.290")
    )
    assert after.count("48290") == 1 and "13 Kommentare" in after
    assert extract(before).paragraphs == extract(after).paragraphs
    table = CASES["table layout with a visitor counter"].html
    assert extract(table).paragraphs == extract(table.replace("48213", "48214")).paragraphs


def test_a_pull_quote_is_no_line_of_its_own() -> None:
    """The pull quote beside the text copies a sentence of it: no line of the body is the
    copy, while the callouts beside it are lines of their own."""
    body = extract(CASES["callouts written as asides in the text"].html).paragraphs
    quote = f"„{BRIDGE[0][:60]}“"
    assert quote not in body and BRIDGE[0][:60] not in body
    assert CALLOUT_NOTE in body and CALLOUT_WARNING in body
