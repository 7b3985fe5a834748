#!/bin/sh
# Install the Debian/Ubuntu packages the app and the tests need, when they are missing.
# Qt (PySide6) needs GL, EGL, fontconfig, xkbcommon and the xcb libraries of its X11 plugin; building
# llama-cpp-python needs a C++ compiler and cmake, its Vulkan backend (the office GPU) the
# Vulkan headers and loader and the glslc shader compiler. With the argument "test" it adds LibreOffice
# Writer (no GUI), which the tests use to open every exported .docx/.odt and lay it out as PDF.
# With "eval": only the German spelling dictionary of make eval.
# With "msi-tools": wixl, msitools and osslsigncode (the suite's MSI table checks). With "msi":
# those plus what builds the Windows package and runs it (the mingw-w64 cross compiler for
# the engine, Wine, Xvfb and the screenshot tools for the round trip).
# Other systems: install the equivalents.
set -e
PACKAGES="build-essential cmake libgl1 libegl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 \
libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 \
libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
libxcb-xkb1 libxcb-xfixes0 glslc libvulkan-dev libvulkan1 spirv-headers"
# "test" adds Mesa's software Vulkan driver (lavapipe): the GPU tests' device
[ "${1:-}" = "test" ] && PACKAGES="$PACKAGES libreoffice-writer-nogui mesa-vulkan-drivers"
# "a11y": what make test-a11y adds (issue 30): the AT-SPI bus and its Python client for the
# system Python (the outside reader, tests/a11y/atspi_client.py), a D-Bus session, Xvfb,
# openbox, the Orca screen reader and speech-dispatcher (Orca's speech; none needs to sound).
[ "${1:-}" = "a11y" ] && PACKAGES="$PACKAGES at-spi2-core python3-pyatspi gir1.2-atspi-2.0 dbus \
dbus-daemon xvfb xauth openbox orca speech-dispatcher"
# "eval": the German Hunspell dictionary (de_DE.dic/.aff, GPL-2/GPL-3/OASIS) for make eval's
# spelling figure; the app itself never needs it.
[ "${1:-}" = "eval" ] && PACKAGES="hunspell-de-de"
MSI_TOOLS="wixl msitools gcab osslsigncode openssl"
[ "${1:-}" = "msi-tools" ] && PACKAGES="$MSI_TOOLS"
[ "${1:-}" = "msi" ] && PACKAGES="$MSI_TOOLS mingw-w64 g++-mingw-w64-x86-64-posix \
gcc-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 wine wine64 xvfb xauth \
x11-apps x11-utils imagemagick"

command -v dpkg-query >/dev/null 2>&1 || { echo "system-deps: kein dpkg, übersprungen"; exit 0; }
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "system-deps: installiere$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
