"""The quote preview: the same few lines tall for any quote, a long one cut at a word."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sourcemark.app.claims import ClaimInfo
from sourcemark.ui.context import AppContext
from sourcemark.ui.panels.inspector import InspectorPanel
from sourcemark.ui.panels.quote_preview import ELLIPSIS, LINES, QuotePreview

LONG = (
    "A malfunctioning drone launched by an Iranian-backed militia in Iraq on October 26 may "
    "have played a crucial role in preventing a deeper involvement of the United States in "
    "the Middle East conflict, according to two anonymous U.S. officials familiar with the "
    "matter. The drone, penetrating U.S. air defences, crashed into the barracks."
)
# Emoji outside the BMP (two UTF-16 units each) and combining marks: the cut is made on
# Python's code points, never inside a character Qt counts as two.
MARKED = "Zoë said 🛰️ the se\u0301ance e\u0301tait 🚀 " * 12


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    shown = QWidget()
    qtbot.addWidget(shown)
    QVBoxLayout(shown).addWidget(QuotePreview())
    shown.resize(300, 200)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


@pytest.fixture
def preview(host: QWidget) -> QuotePreview:
    found = host.findChild(QuotePreview)
    assert found is not None
    return found


@pytest.mark.parametrize("quote", ["Antony Blinken", LONG, MARKED, "x" * 400])
@pytest.mark.parametrize("width", [160, 300, 520])
def test_any_quote_fits_the_same_height(
    host: QWidget, preview: QuotePreview, quote: str, width: int
) -> None:
    host.resize(width, 200)
    preview.set_quote(quote)
    text = preview.text()
    assert preview.height() == preview.sizeHint().height()
    assert preview.height() >= preview.fontMetrics().lineSpacing() * LINES
    # What Qt's label needs for the text shown is no more than the preview's height.
    assert QLabel.heightForWidth(preview, preview.width()) <= preview.height()
    if text == quote:
        assert preview.toolTip() == ""
    else:
        assert text.endswith(ELLIPSIS) and quote.startswith(text[: -len(ELLIPSIS)])
        assert preview.toolTip() == quote
    assert "\ufffd" not in text  # nothing cut inside a character


def test_a_long_quote_is_cut_at_a_word(preview: QuotePreview) -> None:
    preview.set_quote(LONG)
    shown = preview.text()
    assert shown.endswith(ELLIPSIS) and len(shown) < len(LONG)
    cut = shown[: -len(ELLIPSIS)]
    assert LONG[len(cut)] == " "  # the next letter of the quote starts a word


def test_the_form_stays_put_from_claim_to_claim(
    context: AppContext,
    article_id: int,
    make_claim: Callable[..., ClaimInfo],
    qtbot: QtBot,
) -> None:
    panel = InspectorPanel(context)
    qtbot.addWidget(panel)
    panel.resize(320, 560)
    panel.show()
    short = make_claim(article_id, "David Schenker", "expert")
    long = make_claim(
        article_id,
        "A malfunctioning drone launched by an Iranian-backed militia in Iraq on October 26 "
        "may have played a crucial role",
        "expert",
    )
    context.set_article(article_id)
    places = set()
    for claim in (short, long, short):
        context.set_claim(claim.id)
        qtbot.wait(10)
        places.add(panel.speaker_edit.mapTo(panel, panel.speaker_edit.rect().topLeft()).y())
    assert len(places) == 1
