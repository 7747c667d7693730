"""Saving pictures (charts, window screenshots) through the output-path guard: the PNG carries the
text chunk ``Software=bieumau`` so the app recognises, and may later replace, the files it made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPixmap

from desktop.i18n import arg, tr
from forms.errors import BieumauError
from forms.output_paths import PNG_SOFTWARE, output_target


def save_png(picture: QImage | QPixmap, path: str | Path) -> Path:
    """Write ``picture`` to ``path`` atomically; OutputPathError or BieumauError with the reason."""
    image = picture.toImage() if isinstance(picture, QPixmap) else QImage(picture)
    image.setText("Software", PNG_SOFTWARE)
    with output_target(path, "png") as temp:
        if not image.save(str(temp), "PNG"):
            raise BieumauError(arg(tr("Không ghi được ảnh «%1»."), path), "image")
    return Path(path)
