"""Checks that an uploaded file is a readable, unencrypted PDF within the size limit (pypdf)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)


def validate_pdf(upload) -> None:
    """Refuses files over CALLS_FILE_MAX_BYTES, files that are not PDFs, encrypted and broken PDFs."""
    limit = settings.CALLS_FILE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("This file is too large (at most %(limit)s).") % {"limit": filesizeformat(limit)}, code="too_large"
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError(_("Please upload a PDF file."), code="not_pdf")
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected with a password. Please upload it without protection."), code="encrypted"
            )
        if len(reader.pages) < 1:
            raise ValidationError(_("This PDF has no pages."), code="empty")
        reader.pages[0].mediabox  # noqa: B018 - reading the first page shows a broken page tree
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as error:
        logger.info("Refused a broken PDF: %s", error)
        raise ValidationError(
            _("This PDF cannot be read. Please check the file and upload it again."), code="broken"
        ) from error
    finally:
        upload.seek(0)
