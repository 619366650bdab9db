#!/usr/bin/env bash
# Runs the comparison table of docs/benchmarks.md. Build first (from the repository root):
#   mvn -o -q -Ppeers -DskipTests package -pl runtime,generator,benchmarks
# then: benchmarks/run-table.sh [jmh options]   (about 20 minutes on 2 cores; results in benchmarks/target/results)
# and:  python3 benchmarks/report.py benchmarks/target/results
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results
mkdir -p "$OUT"
RUN=(-wi 2 -w 1 -i 3 -r 1 -f 1 "$@")

# 0. The float FMA throughput one core reaches (the peak report.py divides by; see PeakFlops).
java --add-modules jdk.incubator.vector -cp "$JAR" org.fnnc.benchmarks.PeakFlops | tee "$OUT/peak.txt"

# 1. fnnc (generated = scalar kernels, vector = kernels: vector_api, interpreter; the benchmarks' forks get
#    --add-modules jdk.incubator.vector) and the peers in one harness run; DL4J on one OpenMP thread (its
#    fastest setting on 2 cores). Encog computes in double only. (TrainBenchmark's generated-unfused is left out:
#    run it on its own to compare the fused step.)
OMP_NUM_THREADS=1 java -jar "$JAR" 'org.fnnc.benchmarks.(Train|Infer)Benchmark' -p impl=generated,vector,interpreter \
    "${RUN[@]}" -rf json -rff "$OUT/fnnc.json"
OMP_NUM_THREADS=1 java -jar "$JAR" 'PeerBenchmark' -p impl=dl4j "${RUN[@]}" -rf json -rff "$OUT/dl4j.json"
java -jar "$JAR" 'PeerBenchmark' -p impl=encog -p precision=double "${RUN[@]}" -rf json -rff "$OUT/encog.json"
# 2. DL4J with its default thread count (every core), 784-128-10 float.
java -jar "$JAR" 'PeerBenchmark' -p impl=dl4j -p net=mnist-mlp -p precision=float "${RUN[@]}" -rf json -rff "$OUT/dl4j-default-threads.json"
# 3. Data-parallel training over 1 and 2 threads.
java -jar "$JAR" 'ParallelTrainBenchmark' -wi 2 -i 5 -f 1 "$@" -rf json -rff "$OUT/parallel.json"
# 4. Allocation per training step of the generated network (JMH's GC profiler).
java -jar "$JAR" 'org.fnnc.benchmarks.TrainBenchmark' -p impl=generated,vector -p net=mnist-mlp -p precision=float \
    -prof gc "${RUN[@]}" -rf json -rff "$OUT/gc.json"
# 5. Run-time compile time of the mnist spec with Janino, in a fresh JVM.
java -cp "$JAR" org.fnnc.benchmarks.CompileTime mnist-mlp 30 | tee "$OUT/compile-time.txt"
java --add-modules jdk.incubator.vector -cp "$JAR" org.fnnc.benchmarks.CompileTime mnist-mlp 30 vector_api \
    | tee -a "$OUT/compile-time.txt"
