#!/bin/sh
# The double kernels of org.fnnc.kernels are the float kernels with the element type swapped: this script
# writes Double*.java from Float*.java so that the two never drift apart. Run it after editing a float kernel,
# from anywhere: sh api/src/build/derive-double-kernels.sh (then review the diff; the tests cover both).
set -eu
dir=$(cd "$(dirname "$0")/../main/java/org/fnnc/kernels" && pwd)
for f in FloatDense FloatDenseKernels FloatDenseWorkspace ScalarFloatDense VectorFloatDense FloatActivations; do
  g=$(echo "$f" | sed 's/Float/Double/')
  sed -e 's/FloatVector/DoubleVector/g' -e 's/VectorMask<Float>/VectorMask<Double>/g' \
      -e 's/VectorSpecies<Float>/VectorSpecies<Double>/g' -e 's/FloatDense/DoubleDense/g' \
      -e 's/ScalarFloat/ScalarDouble/g' -e 's/VectorFloat/VectorDouble/g' -e 's/FloatActivations/DoubleActivations/g' \
      -e 's/FloatParameters/DoubleParameters/g' -e 's/float\[\]/double[]/g' -e 's/\bfloat\b/double/g' \
      -e 's/\([0-9]\)f\b/\1/g' -e 's/in float/in double/g' \
      -e 's/return (double) (1.0 \/ (1.0 + Math.exp(-z)));/return 1.0 \/ (1.0 + Math.exp(-z));/' \
      -e 's/return (double) Math.tanh(z);/return Math.tanh(z);/' \
      -e 's/ (sigmoid and tanh evaluated in double and rounded once)//' \
      -e 's/agree with a double-precision evaluation/agree with an exact evaluation/' \
      -e 's|// sigmoid, tanh: exp in double, as everywhere else in fnnc|// sigmoid, tanh: Math.exp and Math.tanh, as everywhere else in fnnc|' \
      -e "1a\\
// Derived from $f.java by api/src/build/derive-double-kernels.sh: edit that file and rerun the script." \
      "$dir/$f.java" > "$dir/$g.java"
done
