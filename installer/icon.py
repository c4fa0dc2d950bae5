"""The app's icon: ``installer/icons/renshe-station.svg`` rendered to PNG (the Linux
menus, the bundle) and ICO (Windows: the executable, the shortcuts, the installer)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SIZE = 256
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


@dataclass(frozen=True)
class Icons:
    svg: Path
    png: Path
    ico: Path


def render(svg: Path, out: Path) -> Icons:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    out.mkdir(parents=True, exist_ok=True)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise RuntimeError(f"{svg} is not a valid SVG")
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    png = out / (svg.stem + ".png")
    if not image.save(str(png)):  # PNG, from the suffix
        raise RuntimeError(f"cannot write {png}")
    ico = out / (svg.stem + ".ico")
    with Image.open(png) as picture:
        picture.save(ico, sizes=ICO_SIZES)
    return Icons(svg, png, ico)


def main(argv: list[str] | None = None) -> int:
    """``python -m installer.icon SVG OUT_DIR``: the PNG and ICO, in a process of their own
    (rendering needs a Qt application, which a caller's process may not want)."""
    import sys

    svg, out = (argv if argv is not None else sys.argv[1:])[:2]
    icons = render(Path(svg), Path(out))
    print(icons.png, icons.ico)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
