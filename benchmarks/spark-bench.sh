#!/bin/sh
# fnnc-spark vs MLlib's MultilayerPerceptronClassifier on MNIST (docs/spark.md).
# Usage: benchmarks/spark-bench.sh [MASTER] [PARTITIONS] [all|fnnc|mllib]   (default: local[2] 2 all)
# Needs ../shared/datasets/mnist (or FNNC_DATASETS=DIR). Extra Maven flags: MVN_FLAGS.
set -e
cd "$(dirname "$0")/.."
mkdir -p target
mvn -B -q ${MVN_FLAGS:-} -Pspark -pl spark,benchmarks -am install -DskipTests -Dinvoker.skip -Dfuzz.ci.skip
mvn -B -q ${MVN_FLAGS:-} -Pspark -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$PWD/target/spark-bench.classpath" >/dev/null
cp=$(cat "$PWD/target/spark-bench.classpath")
# Spark's JVM options on JDK 17+ (spark/pom.xml, spark.jvm.options)
opts=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)
exec java -Xmx6g $opts ${FNNC_JAVA_OPTS:-} -Dfnnc.datasets="${FNNC_DATASETS:-../shared/datasets}" -Dfnnc.specs=specs \
  -cp "benchmarks/target/classes:$cp" org.fnnc.benchmarks.spark.SparkVsMllib "$@"
