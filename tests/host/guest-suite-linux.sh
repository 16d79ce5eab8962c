#!/bin/sh
# tests/host/guest-suite-linux.sh - the guest suite (tests/guest) run on
# Linux, the reference for every portable behaviour (TAP: the suite's own).
# shmos-only tests report SKIP here; a test that passes on shmos but fails
# on Linux means shmos is wrong unless docs/ say why.
set -u
bin=build/host/tests-linux
if [ ! -x "$bin" ]; then
    echo "not ok 1 - $bin is built (run make host-tests)"
    exit 1
fi
exec "$bin"
