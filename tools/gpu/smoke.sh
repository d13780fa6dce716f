#!/usr/bin/env bash
# GPU smoke test of the CUDA trainer, for a machine with an NVIDIA GPU (driver for CUDA 12.4 or newer). Builds
# nothing: it runs the -Pcuda trainer that `./run.sh verify-cuda` packages into trainer-service/target/cuda (or
# `mvn -B -Pcuda -DskipTests -pl trainer-service -am package -Dquarkus.package.output-directory=cuda`).
# Trains the small CNN for a few steps on gpu, then data parallel on every GPU when there are two or more, and
# prints the devices, steps/s and libtorch's CUDA build.
#
#   tools/gpu/smoke.sh [APP_DIR]        SMOKE_DEVICE=cpu tools/gpu/smoke.sh: the same steps on the CPU (a dry run)
set -euo pipefail
cd "$(dirname "$0")/../.."
APP="${1:-trainer-service/target/cuda}"
[ -f "$APP/quarkus-run.jar" ] || { echo "no -Pcuda trainer in $APP: see the top of $0" >&2; exit 1; }
command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv,noheader
exec java -Xmx4g -Dai.djl.offline=true -Dsmoke.device="${SMOKE_DEVICE:-gpu}" \
  -cp "$APP/app/*:$APP/lib/main/*:$APP/lib/boot/*" tools/gpu/GpuSmoke.java
