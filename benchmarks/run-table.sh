#!/usr/bin/env bash
# Runs the comparison tables of docs/benchmarks.md. Build first (from the repository root):
#   mvn -q -Ppeers -DskipTests package -pl benchmarks -am
# then:  benchmarks/run-table.sh [issue14|all] [jmh options]
#        (results in a new benchmarks/target/results/DATE-TIME, linked as benchmarks/target/results/latest)
# and:   python3 benchmarks/report.py benchmarks/target/results/latest
#
#   issue14 (default): issue 14's table, ~30 minutes on 2 idle cores: 784-128-10, 784-256-128-10 and
#            784-512-512-10 in float, training and inference at batch 1, 32 and 128, in fnnc (default and
#            vector_api kernels, on JDK 17 and, where installed, JDK 25, the two
#            taking turns network by network), PyTorch, ONNX Runtime and DL4J, plus
#            PeakFlops, all in one run.
#   all:     the above plus every network in both precisions, the interpreter, Encog, DL4J with its default
#            threads, data-parallel training, allocation and compile time (~1 hour).
#
# Environment: ROUNDS (default 1; issue14 only: the fnnc, ONNX Runtime and PyTorch runs repeated N times into
# round-1 .. round-N, ~25 minutes a round; report.py then gives medians and each ratio's range), JMH_OPTS (default
# "-wi 4 -w 2 -i 3 -r 1 -f 1": the Vector API kernels, the library's and the generated ones, run ~100x slower until
# C2 has compiled them, which took 3-8 s of a fork on the loaded Zen 5), PY_OPTS (the PyTorch script's, default
# "--warmups 2 --iterations 3 --time 1"), JDK25 (default /usr/lib/jvm/temurin-25-jdk-amd64; empty to skip), PYTHON
# (default /usr/bin/python3, Debian's, which has python3-torch; empty to skip PyTorch and ONNX Runtime).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results/$(date +%Y%m%d-%H%M%S)
PEERS=benchmarks/target/peers   # OrtBenchmark's default -p dir
JDK25=${JDK25-/usr/lib/jvm/temurin-25-jdk-amd64}
PYTHON=${PYTHON-/usr/bin/python3}
MODE=issue14
if [[ $# -gt 0 && ( $1 == issue14 || $1 == all ) ]]; then MODE=$1; shift; fi
ROUNDS=${ROUNDS:-1}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a whole number of at least 1: '$ROUNDS'" >&2; exit 2; }
[[ $MODE == issue14 || $ROUNDS == 1 ]] || { echo "ROUNDS applies to issue14 runs only" >&2; exit 2; }
read -r -a RUN <<< "${JMH_OPTS:--wi 4 -w 2 -i 3 -r 1 -f 1}"   # JMH's iterations and times
RUN+=("$@")
read -r -a PY_RUN <<< "${PY_OPTS:---warmups 2 --iterations 3 --time 1}"   # the same for pytorch_peer.py
TABLE=(-p net=mnist-mlp,mnist-deep,mnist-wide -p precision=float -p batch=1,32,128)
[[ -f $JAR ]] || { echo "no $JAR: build it first (see the top of $0)" >&2; exit 2; }
if ! jar tf "$JAR" | grep -q 'org/fnnc/benchmarks/peers/OrtBenchmark'; then
    echo "$JAR was built without -Ppeers: rebuild with mvn -q -Ppeers -DskipTests package -pl benchmarks -am" >&2
    exit 2
fi
mkdir -p "$OUT" "$PEERS"
ln -sfn "$(basename "$OUT")" benchmarks/target/results/latest
echo "results: $OUT ($MODE)"

# 0. The machine: CPU kind, JDKs, load (a noisy machine gives noisy numbers: report.py prints the load), and the
#    float FMA throughput one core reaches (the peak report.py divides by; see PeakFlops).
{
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | xargs) model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
    echo "flags: $(grep -m1 '^flags' /proc/cpuinfo | grep -o 'avx512[a-z_0-9]*\|avx2\|fma' | sort -u | xargs)"
    echo "jdk17: $(java -version 2>&1 | head -1)"
    [[ -n $JDK25 && -x $JDK25/bin/java ]] && echo "jdk25: $("$JDK25/bin/java" -version 2>&1 | head -1)"
    echo "onnxruntime: $(java -cp "$JAR" org.fnnc.benchmarks.peers.OrtBenchmark 2>/dev/null || echo unknown)"
    echo "OpenBLAS pinning in this environment (unset for the PyTorch command): OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE-(unset)} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE-(unset)}"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "date: $(date -Is)"
} | tee "$OUT/machine.txt"
java --add-modules jdk.incubator.vector -cp "$JAR" org.fnnc.benchmarks.PeakFlops | tee "$OUT/peak.txt"

# 1. fnnc: generated = default kernels, vector = kernels: vector_api (the forks get --add-modules
#    jdk.incubator.vector), on JDK 17 and 25. DL4J on one OpenMP thread (its fastest setting on 2 cores).
# 2. PyTorch and ONNX Runtime on the same weights and data: PeerFiles writes fnnc's initial weights (safetensors
#    and fnnc's own ONNX export), the batches and fnnc's outputs. ORT runs fnnc's export (OrtStateTest checks that
#    PyTorch's export of the same weights gives ORT the same outputs). The PyTorch script checks itself against
#    fnnc's outputs before timing, one thread, with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for that command only
#    (they pin Haswell kernels on these machines; OPENBLAS_VERBOSE=2 prints the kernels OpenBLAS picks instead).
# With ROUNDS=N (issue14 only) steps 1 and 2 run N times, into round-1 .. round-N: a fork of the same code moves by
# 10-25% from one JVM to the next on these VMs (and PyTorch from one process to the next), so single forks decide
# the rows near a target by chance; report.py then gives each cell's median and each ratio's median and range.
java -cp "$JAR" org.fnnc.benchmarks.PeerFiles "$PEERS"
fnnc_and_peers() {
    local dir=$1 round=$2
    mkdir -p "$dir"
    if [[ $MODE == all ]]; then
        OMP_NUM_THREADS=1 java -jar "$JAR" 'org.fnnc.benchmarks.(Train|Infer)Benchmark' \
            -p impl=generated,vector,interpreter "${RUN[@]}" -rf json -rff "$dir/fnnc.json"
        OMP_NUM_THREADS=1 java -jar "$JAR" 'PeerBenchmark' -p impl=dl4j "${RUN[@]}" -rf json -rff "$dir/dl4j.json"
        if [[ -n $JDK25 && -x $JDK25/bin/java ]]; then
            "$JDK25/bin/java" -jar "$JAR" 'org.fnnc.benchmarks.(Train|Infer)Benchmark' -p impl=generated,vector \
                "${TABLE[@]}" "${RUN[@]}" -rf json -rff "$dir/fnnc-jdk25.json"
        fi
    else
        # JDK 17 and JDK 25 take turns per network and benchmark (the pair a minute or two apart, either JDK first in
        # turn): these VMs drift by 10-25% over the ten minutes one JDK's whole run takes, which made single rows
        # read as one JDK being 0.77x the other when alternated runs of the same kernels measure them level.
        # -prof gc records each fork's bytes per call: a fork whose kernels box (docs/kernels.md, hazards 6 and 7)
        # is then listed by report.py, not passed off as a slow fork.
        local parts=$dir/parts turn=$round net bench jdk javabin
        mkdir -p "$parts"
        for net in mnist-mlp mnist-deep mnist-wide; do
            for bench in TrainBenchmark InferBenchmark; do
                local jdks=(17)
                if [[ -n $JDK25 && -x $JDK25/bin/java ]]; then
                    if (( turn % 2 == 1 )); then jdks=(17 25); else jdks=(25 17); fi
                fi
                for jdk in "${jdks[@]}"; do
                    javabin=java
                    [[ $jdk == 25 ]] && javabin=$JDK25/bin/java
                    "$javabin" -jar "$JAR" "org.fnnc.benchmarks.$bench" -p impl=generated,vector -p net=$net \
                        -p precision=float -p batch=1,32,128 -prof gc "${RUN[@]}" \
                        -rf json -rff "$parts/fnnc-jdk$jdk-$net-$bench.json"
                done
                turn=$((turn + 1))
            done
        done
        # one JSON file per JDK, as report.py reads them
        for jdk in 17 25; do
            local target=$dir/fnnc.json
            [[ $jdk == 25 ]] && target=$dir/fnnc-jdk25.json
            compgen -G "$parts/fnnc-jdk$jdk-*.json" > /dev/null || continue
            python3 -c 'import json, sys; json.dump([r for f in sys.argv[2:] for r in json.load(open(f))], open(sys.argv[1], "w"), indent=1)' \
                "$target" "$parts"/fnnc-jdk$jdk-*.json
        done
        if (( round == 1 )); then   # DL4J is no target's peer: once
            OMP_NUM_THREADS=1 java -jar "$JAR" 'PeerBenchmark' -p impl=dl4j "${TABLE[@]}" "${RUN[@]}" \
                -rf json -rff "$dir/dl4j.json"
        fi
    fi
    java -jar "$JAR" 'OrtBenchmark' -p dir="$PEERS" -p exporter=fnnc "${RUN[@]}" -rf json -rff "$dir/ort.json"
    if [[ -n $PYTHON ]] && "$PYTHON" -c 'import torch' 2>/dev/null; then
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OPENBLAS_VERBOSE=2 \
            "$PYTHON" benchmarks/peers/pytorch_peer.py bench "$PEERS" \
            "${PY_RUN[@]}" -o "$dir/pytorch.json" 2>&1 | tee "$dir/pytorch.txt"
    else
        echo "no PyTorch for '${PYTHON:-(skipped)}': apt-get install -y python3-torch libopenblas0-pthread;" \
            "no PyTorch column" >&2
    fi
}
if (( ROUNDS == 1 )); then
    fnnc_and_peers "$OUT" 1
else
    for ((r = 1; r <= ROUNDS; r++)); do
        echo "round $r of $ROUNDS ($(date +%H:%M))"
        fnnc_and_peers "$OUT/round-$r" "$r"
    done
fi
[[ -n $JDK25 && -x $JDK25/bin/java ]] || echo "JDK 25 not found at '$JDK25': no JDK 25 columns" >&2

if [[ $MODE == all ]]; then
    # 3. Encog (double only) and DL4J with its default thread count (every core), 784-128-10 float.
    java -jar "$JAR" 'PeerBenchmark' -p impl=encog -p precision=double "${RUN[@]}" -rf json -rff "$OUT/encog.json"
    java -jar "$JAR" 'PeerBenchmark' -p impl=dl4j -p net=mnist-mlp -p precision=float "${RUN[@]}" \
        -rf json -rff "$OUT/dl4j-default-threads.json"
    # 4. Data-parallel training over 1 and 2 threads.
    # longer warm-up: the 1-thread fork's kernels take seconds to reach C2 (3 x 2 s left errors of +-270 epochs/s)
    java -jar "$JAR" 'ParallelTrainBenchmark' -wi 8 -w 2 -i 5 -r 2 -f 1 "$@" -rf json -rff "$OUT/parallel.json"
    # 5. Allocation per training step of the generated network (JMH's GC profiler).
    java -jar "$JAR" 'org.fnnc.benchmarks.TrainBenchmark' -p impl=generated,vector -p net=mnist-mlp \
        -p precision=float -prof gc "${RUN[@]}" -rf json -rff "$OUT/gc.json"
    # 6. Run-time compile time of the mnist spec with Janino, in a fresh JVM.
    java -cp "$JAR" org.fnnc.benchmarks.CompileTime mnist-mlp 30 | tee "$OUT/compile-time.txt"
    java --add-modules jdk.incubator.vector -cp "$JAR" org.fnnc.benchmarks.CompileTime mnist-mlp 30 vector_api \
        | tee -a "$OUT/compile-time.txt"
fi
# The peak again: these VMs' clock moves during a run; report.py divides by the higher of the two.
java --add-modules jdk.incubator.vector -cp "$JAR" org.fnnc.benchmarks.PeakFlops | tee "$OUT/peak-end.txt"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
