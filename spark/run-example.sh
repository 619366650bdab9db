#!/bin/sh
# Runs docs/spark.md's example (org.fnnc.spark.examples.DigitsExample) in Spark local mode:
#   spark/run-example.sh [CSV] [SPEC] [MODEL_DIR]
# Defaults: ../shared/datasets/digits-8x8/digits.csv.gz, specs/digits.yaml, target/digits-model.
set -e
cd "$(dirname "$0")/.."
mkdir -p target
mvn -B -q ${MVN_FLAGS:-} -pl spark -am test-compile -Dinvoker.skip
mvn -B -q ${MVN_FLAGS:-} -pl spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/spark-example.classpath" >/dev/null
cp=$(cat "$PWD/target/spark-example.classpath")
opts=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)
exec java $opts -cp "spark/target/classes:spark/target/test-classes:$cp" org.fnnc.spark.examples.DigitsExample "$@"
