#!/bin/sh
# The desktop a screen reader needs, for `make test-a11y`: a private D-Bus session (the AT-SPI
# bus starts on it when first asked), Xvfb at 1366 x 768 (the office laptop's screen) and Qt on
# X11 with its AT-SPI bridge on. openbox (window frames, activation) is started by the tests'
# fixture, Orca by the test that records what it says. Usage: scripts/a11y-session.sh COMMAND…
set -e
export QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 A11Y_REQUIRED=1
export NO_AT_BRIDGE=0 GTK_A11Y=atspi
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" "$@"
