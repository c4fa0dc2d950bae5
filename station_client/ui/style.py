"""One style for the whole app: large, calm, readable at counter distance."""

STYLE = """
* { font-size: 15pt; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
QLineEdit#scanBox { font-size: 20pt; padding: 8px; border: 2px solid #1565c0; }
QLabel#loginTitle { font-size: 26pt; font-weight: bold; color: #1565c0; }
QLabel#loginMessage, QLabel#counterNotice { color: #b26a00; }
QLabel#fileBanner { background: #fff3e0; color: #8a4b00; padding: 6px; border: 1px solid #ffb74d; }
QLabel#fileFlags { color: #1b5e20; }
QTabBar::tab { padding: 6px 12px; }
QPushButton { padding: 6px 14px; }
"""
