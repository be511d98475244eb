"""HTML to text: trafilatura with metadata, lxml fallback, broken markup."""
import pytest

from protestwatch.ingest.html import html_to_text, looks_like_html, lxml_text

PARAGRAPH = ("Police in Almaty detained activist Serik Azhibai on Monday after he staged a one-man "
             "protest outside the Chinese consulate, his lawyer told reporters. ")

PAGE = f"""<!DOCTYPE html>
<html><head><title>Kazakh activist detained | Example News</title>
<meta property="og:title" content="Kazakh activist detained after consulate picket">
<meta property="article:published_time" content="2020-08-04T09:30:00+00:00">
<link rel="canonical" href="https://news.example.org/2020/08/04/azhibai">
<script>var tracking = "detained protest";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Kazakh activist detained</h1>
<p>{PARAGRAPH}</p><p>{PARAGRAPH * 2}</p><p>He was fined 50,000 tenge by a court on Tuesday.</p>
</article>
<div class="comments"><p>Great article, thanks!</p></div>
<footer>Copyright Example News</footer>
</body></html>"""


def test_html_to_text_main_text_and_metadata():
    page = html_to_text(PAGE)
    assert "Police in Almaty detained activist Serik Azhibai" in page.text
    assert "fined 50,000 tenge" in page.text
    assert "tracking" not in page.text and "Copyright" not in page.text
    assert page.title == "Kazakh activist detained after consulate picket"
    assert page.published == "2020-08-04"
    assert page.url == "https://news.example.org/2020/08/04/azhibai"


@pytest.mark.parametrize("head", [
    '<meta name="date" content="2020-08-04">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-08-04T08:00:00Z"}</script>',
])
def test_html_to_text_date_from_markup(head):
    html = f"<html><head><title>t</title>{head}</head><body><p>{PARAGRAPH}</p><p>On 2019-05-06 too.</p></body></html>"
    assert html_to_text(html).published == "2020-08-04"


def test_html_to_text_date_from_time_element():
    html = f'<html><body><article><time datetime="2020-08-04">4 Aug</time><p>{PARAGRAPH}</p></article></body></html>'
    assert html_to_text(html).published == "2020-08-04"


def test_html_to_text_no_date_guessed_from_body():
    html = f"<html><head><title>t</title></head><body><p>{PARAGRAPH}</p><p>It happened in 2019-05-06 too.</p></body></html>"
    assert html_to_text(html).published is None


@pytest.mark.parametrize("html", [
    "<html><head><title>Police detain activists</title><body><div><p>Police in Almaty detained three "
    "activists on Monday after a protest <b>outside the akimat.<p>They were fined 50,000 tenge each",
    "<p>Police in Almaty detained three activists on Monday<p>They were fined <i>50,000 tenge each",
    "<div><span>Police in Almaty detained <<>> three activists</div></span></p></td> on Monday",
])
def test_html_to_text_broken_markup_falls_back(html):
    page = html_to_text(html)
    assert "detained" in page.text
    assert "<" not in page.text.replace("<<>>", "")


@pytest.mark.parametrize("html", ["", "<html></html>", "<<<>>>", "<!-- only a comment -->", "\x00<p>"])
def test_html_to_text_never_raises(html):
    assert isinstance(html_to_text(html).text, str)


def test_lxml_text_one_line_per_block_and_no_scripts():
    text = lxml_text("<body><script>x=1</script><h1>Title</h1><p>First  para.</p><p>Second<br>line</p></body>")
    assert text == "Title\nFirst para.\nSecond\nline"


@pytest.mark.parametrize(("text", "expected"), [
    ("<!DOCTYPE html><html>", True), ("  <html lang=en>", True), ("<p>para</p>", True),
    ("<!-- c --><div>x</div>", True), ("Police said <b> was bold", False), ("{\"text\": 1}", False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected
