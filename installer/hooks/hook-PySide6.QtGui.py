"""PyInstaller's own QtGui hook, minus the Qt plugins the station never uses.

Left out before the dependency analysis runs, so the libraries only they need (GTK 3
and its stack for the GTK theme, the Wayland client, EGLFS, QtQuick for the on-screen
keyboard) stay out of the bundle too. Input methods (ibus, compose) are kept.
The station desktops (Kylin, UOS, Windows) run X11 or Windows; the counter app draws
its own style sheet, so it needs no desktop theme plugin.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_PLUGINS = (
    "/platformthemes/libqgtk3",
    "/platforms/libqwayland",
    "/platforms/libqeglfs",
    "/platforms/libqvnc",
    "/platforms/libqlinuxfb",
    "/platforms/libqvkkhrdisplay",
    "/egldeviceintegrations/",
    "/wayland-",
    "/platforminputcontexts/libqtvirtualkeyboardplugin",  # QtQuick and QML, 17 MB
)

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (src, dest)
    for src, dest in binaries
    if not any(part in src.replace("\\", "/") for part in UNUSED_PLUGINS)
]
