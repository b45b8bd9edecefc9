"""PDF files made in the test: a good one, an encrypted one, a broken one, a fake."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter


def pdf_bytes(*, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "deck.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def good_pdf(name="deck.pdf"):
    return upload(pdf_bytes(), name)


def encrypted_pdf():
    return upload(pdf_bytes(password="geheim"))


def broken_pdf():
    return upload(b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF")


def fake_pdf():
    return upload(b"<html><script>alert(1)</script></html>", "deck.pdf")
