#!/usr/bin/env bash
# Old and new kernels alternated in one JVM (see AlternatingPairs.java), for before/after figures on a noisy machine.
#   benchmarks/ab/ab.sh OLD_API_JAR NEW_API_JAR 'train 128 784 512 512 10' 'train 1 784 256 128 10' ...
# OLD/NEW: two builds of api/target/fnnc-api-*.jar (copy the jar aside before rebuilding). JAVA selects the JDK
# (default: java on PATH); JAVA_OPTS e.g. "-Dpairs=20". A workload is train|infer|wg, the batch, then layer sizes.
# KernelStep's training takes the step that keeps the gradient; JAVA_OPTS=-Dunkept=true the one a generated sgdStep
# takes (sgdBlock). STEP=GeneratedStep runs a generated class instead of the kernels alone, STEP=TrainerStep Trainer.fit epochs with
# THREADS before the batch (OLD/NEW for both: jars with the whole compiler and runtime,
# e.g. benchmarks/target/benchmarks.jar of each build). A workload "A vs B" runs A on OLD and B on NEW (one jar twice:
# the speed-up of B over A, e.g. STEP=TrainerStep J J "1 32 784 512 512 10 vs 2 32 784 512 512 10").
# STEP=ColumnSplitStep (OLD/NEW: api jars) the same for a prototype of training split by columns between threads.
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n 2,5p "$0" >&2; exit 2; }
JAVA=${JAVA:-java}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
HERE=$(cd "$(dirname "$0")" && pwd)
"$JAVA" -version 2>&1 | head -1
STEP=${STEP:-KernelStep}
javac -nowarn --add-modules jdk.incubator.vector -d "$DIR" -cp "$1" "$HERE/$STEP.java" 2>&1 | grep -v 'warning\|^1 warning' || true
javac -d "$DIR/main" "$HERE/AlternatingPairs.java"
# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -Dstep="$STEP" --add-modules jdk.incubator.vector -cp "$DIR/main" AlternatingPairs "$1" "$2" "$DIR" "${@:3}" 2>&1 \
    | grep -v 'WARNING: Using incubator'
