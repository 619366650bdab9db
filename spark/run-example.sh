#!/bin/sh
# Runs docs/spark.md's example (org.fnnc.spark.examples.DigitsExample) in Spark local mode:
#   spark/run-example.sh [CSV] [SPEC] [MODEL_DIR]
# Defaults: ../shared/datasets/digits-8x8/digits.csv.gz, specs/digits.yaml, target/digits-model.
set -e
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_FLAGS:-} -pl spark -am test-compile -Dinvoker.skip
cp=$(mvn -B -q ${MVN_FLAGS:-} -pl spark dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
opts=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)
exec java $opts -cp "spark/target/classes:spark/target/test-classes:$cp" org.fnnc.spark.examples.DigitsExample "$@"
