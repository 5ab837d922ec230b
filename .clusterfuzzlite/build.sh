#!/bin/bash -eu
# ClusterFuzzLite build: the same script as for OSS-Fuzz.
exec "$SRC/wasmdiff/scripts/oss-fuzz/build.sh"
