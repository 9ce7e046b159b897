"""Document text: loading (.md .txt .html .pdf), chunking by headings and paragraphs, keyword tokens.

Contracts:
- `load_document(path)` gives a title (first Markdown H1, HTML <title>/<h1>, PDF metadata title, else the
  file name's stem) and the text; HTML is stripped to text with its headings kept as Markdown headings.
- `chunk_text(text)` gives chunks of at most `max_chars` characters (default 500), each starting with the
  heading of its section; a section joins the previous chunk while that chunk is under `min_chars` or the
  whole section still fits, long paragraphs are cut at sentence ends, and consecutive chunks of one
  section overlap by one short sentence.
- `sentence_passages(chunk)` gives the sentences of a chunk longer than `min_chars` (default 160), each
  under the heading it follows, consecutive sentences joined while the passage stays within `join_chars`
  (40), each passage once; [] for a shorter chunk. The memory embeds and indexes them beside their
  chunk, so a fact in one sentence of a long chunk is found as readily as the same fact written alone.
- `chunk_records(chunks)` gives what a document is stored as: each chunk, then its sentence passages, as
  (chunk index, sentence number or None for the chunk itself, text).
- `sentence_spans(text)` gives the (start, end) offsets of the sentences of `text` for quoting: cut at line
  ends, after 。！？ (with closing quotes), and after !? or a full stop before a space, never at ；; (a clause after
  a semicolon belongs to its sentence); surrounding blanks excluded, empty sentences skipped.
- `keyword_tokens(text)` gives the BM25 tokens: jieba words for Chinese (with the domain words of
  data/lexicon.yaml kept whole), lowercase words for English, stopwords dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from copilot.i18n import segmenter
from copilot.yaml_data import load_yaml

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm", ".pdf"})

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.])(?=\s)|\n")
_TOKEN_CHARS = re.compile(r"[0-9a-z\u4e00-\u9fff]")
_QUOTE_END = re.compile(r"[。！？]+[”’」』）)\"']*|[!?]+[”’」』）)\"']*(?=\s|$)|\.(?=\s)|\n")


class UnsupportedDocumentError(ValueError):
    """The file's type cannot be ingested, or its text cannot be extracted."""


@dataclass(frozen=True)
class LoadedDocument:
    title: str
    text: str


@dataclass(frozen=True)
class _Section:
    heading: str
    paragraphs: tuple[str, ...]


def load_document(path: Path) -> LoadedDocument:
    """Read one supported file; raises UnsupportedDocumentError for other types or empty text."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedDocumentError(f"{path.name}: unsupported type (use .md .txt .html .pdf)")
    if suffix == ".pdf":
        document = _load_pdf(path)
    elif suffix in {".html", ".htm"}:
        document = _load_html(path.read_text("utf-8", errors="replace"), fallback_title=path.stem)
    else:
        text = path.read_text("utf-8", errors="replace")
        document = LoadedDocument(title=markdown_title(text) or path.stem, text=text)
    if not document.text.strip():
        raise UnsupportedDocumentError(f"{path.name}: no text could be extracted")
    return document


def markdown_title(text: str) -> str | None:
    """The text of the first level-1 Markdown heading, if any."""
    for line in text.splitlines():
        match = _HEADING.match(line.strip())
        if match and len(match.group(1)) == 1:
            return match.group(2).strip()
    return None


class _HtmlText(HTMLParser):
    """Visible text of an HTML page, blocks on their own lines, h1-h6 as Markdown headings."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _PARAGRAPHS = frozenset({"p", "div", "section", "article", "ul", "ol", "table", "blockquote", "pre"})
    _LINES = frozenset({"li", "tr", "br", "hr", "dt", "dd"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.first_h1 = ""
        self._skip_depth = 0
        self._in_title = False
        self._heading_level = 0
        self._heading_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip_depth += 1
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._heading_level = int(tag[1])
            self._heading_text = []
        elif tag in self._PARAGRAPHS:
            self.parts.append("\n\n")
        elif tag in self._LINES:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif self._heading_level and tag == f"h{self._heading_level}":
            heading = " ".join("".join(self._heading_text).split())
            if heading:
                if self._heading_level == 1 and not self.first_h1:
                    self.first_h1 = heading
                self.parts.append(f"\n\n{'#' * self._heading_level} {heading}\n\n")
            self._heading_level = 0
        elif tag in self._PARAGRAPHS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._skip_depth:
            return
        elif self._heading_level:
            self._heading_text.append(data)
        else:
            self.parts.append(data)

    def text(self) -> str:
        lines = [" ".join(line.split()) for line in "".join(self.parts).splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> tuple[str, str]:
    """(title, text) of an HTML page; the title is <title>, else the first <h1>, else ""."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return (" ".join(parser.title.split()) or parser.first_h1), parser.text()


def _load_html(html: str, *, fallback_title: str) -> LoadedDocument:
    title, text = html_to_text(html)
    return LoadedDocument(title=title or fallback_title, text=text)


def _load_pdf(path: Path) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnsupportedDocumentError(f"{path.name}: the PDF is encrypted")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except PdfReadError as exc:
        raise UnsupportedDocumentError(f"{path.name}: unreadable PDF ({exc})") from exc
    return LoadedDocument(title=title.strip() or path.stem, text="\n\n".join(page for page in pages if page))


def _sections(text: str) -> list[_Section]:
    """Split Markdown-ish text at headings; the H1 (the document's title) heads no section."""
    sections: list[_Section] = []
    heading = ""
    body: list[str] = []

    def close() -> None:
        paragraphs = tuple(p.strip() for p in _BLANK_LINES.split("\n".join(body)) if p.strip())
        if paragraphs:
            sections.append(_Section(heading=heading, paragraphs=paragraphs))

    for line in text.replace("\r\n", "\n").split("\n"):
        match = _HEADING.match(line.strip())
        if match:
            close()
            body = []
            heading = "" if len(match.group(1)) == 1 else line.strip()
        else:
            body.append(line.rstrip())
    close()
    return sections


def _pieces(paragraph: str, limit: int) -> list[str]:
    """A paragraph as pieces of at most `limit` characters, cut at sentence ends where possible."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in (s.strip() for s in _SENTENCE_END.split(paragraph)):
        if not sentence:
            continue
        while len(sentence) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        joiner = "" if _ends_cjk(current) else " "
        if current and len(current) + len(joiner) + len(sentence) > limit:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current}{joiner}{sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


def _ends_cjk(text: str) -> bool:
    """True when `text` ends in a CJK or full-width character (no space is put after it)."""
    return bool(text) and text[-1] >= "\u3000"


def _tail(piece: str, overlap: int) -> str:
    """The last sentence of `piece` if it is at most `overlap` characters long, else ""."""
    sentences = [s.strip() for s in _SENTENCE_END.split(piece) if s.strip()]
    if len(sentences) < 2 or len(sentences[-1]) > overlap:
        return ""
    return sentences[-1]


def chunk_text(text: str, *, max_chars: int = 500, min_chars: int = 300, overlap: int = 80) -> list[str]:
    """Chunks of `text` following the module contract; [] for blank text."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal current, size
        if current:
            chunks.append("\n".join(current))
        current, size = [], 0

    for section in _sections(text):
        header = [section.heading] if section.heading else []
        header_size = sum(len(h) + 1 for h in header)
        room = max_chars - header_size
        pieces = [piece for p in section.paragraphs for piece in _pieces(p, max(room - overlap, 50))]
        section_size = header_size + sum(len(piece) + 1 for piece in pieces)
        fits_whole = size + section_size <= max_chars
        if current and (size + header_size + len(pieces[0]) + 1 > max_chars or (size >= min_chars and not fits_whole)):
            flush()
        current.extend(header)
        size += header_size
        started = False
        for piece in pieces:
            if started and size + len(piece) + 1 > max_chars:
                carried = _tail(current[-1], overlap)
                flush()
                current = [*header, carried] if carried else [*header]
                size = header_size + (len(carried) + 1 if carried else 0)
            current.append(piece)
            size += len(piece) + 1
            started = True
    flush()
    return chunks


def sentence_passages(chunk: str, *, min_chars: int = 160, join_chars: int = 40) -> list[str]:
    """The sentence passages of `chunk` following the module contract, in order."""
    if len(chunk) <= min_chars:
        return []
    passages: list[str] = []
    heading = ""
    current = ""

    def close() -> None:
        nonlocal current
        if current:
            passages.append(f"{heading}\n{current}" if heading else current)
        current = ""

    for line in (line.strip() for line in chunk.split("\n")):
        if _HEADING.match(line):
            close()
            heading = line
            continue
        for sentence in (s.strip() for s in _SENTENCE_END.split(line)):
            if not sentence:
                continue
            if current and len(current) + len(sentence) > join_chars:
                close()
            current = f"{current}{sentence}" if current else sentence
    close()
    return list(dict.fromkeys(passages))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the sentences of `text` following the module contract, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*(match.end() for match in _QUOTE_END.finditer(text)), len(text)]:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + len(piece.rstrip())))
        start = end
    return spans


def chunk_records(chunks: list[str]) -> list[tuple[int, int | None, str]]:
    """The records of a document's chunks following the module contract, in order."""
    return [
        record
        for index, chunk in enumerate(chunks)
        for record in [(index, None, chunk), *((index, n, p) for n, p in enumerate(sentence_passages(chunk)))]
    ]


class _Lexicon:
    """The memory's own segmenter view (its domain words change no other caller's cuts) and stopwords."""

    def __init__(self) -> None:
        raw = load_yaml(resources.files("copilot.memory").joinpath("data/lexicon.yaml").read_text("utf-8"))
        self.stopwords = frozenset(str(word).lower() for word in raw["stopwords"])
        self._segmenter = segmenter.view("memory")
        self._segmenter.add_words([str(word) for word in raw["words"]], freq=200_000)

    def tokenize(self, text: str) -> list[str]:
        tokens = (token.strip().lower() for token in self._segmenter.lcut_for_search(text.lower()))
        return [t for t in tokens if t and _TOKEN_CHARS.search(t) and t not in self.stopwords]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


def keyword_tokens(text: str) -> list[str]:
    """BM25 tokens of `text` (see the module contract)."""
    return _lexicon().tokenize(text)
