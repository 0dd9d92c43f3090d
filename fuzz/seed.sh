#!/bin/sh
# Seed every fuzz target's corpus with the parser test samples.
set -e
cd "$(dirname "$0")"
for t in scan decode sms_log statmsg cmtrace status_export reg file_versions; do
    mkdir -p "corpus/$t"
    cp ../tests/data/parse/* "corpus/$t/"
done
