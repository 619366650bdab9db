package org.fnnc.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRow;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;

/**
 * Scores a partition: one network per partition, rows run forward in batches of {@link #BATCH} through
 * buffers allocated once; each output row is the input row plus the requested prediction columns (the
 * output values themselves are new objects: a Row needs them).
 */
final class Scorer implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** Rows per forward pass. */
    static final int BATCH = 256;

    /** What to append to each row. */
    enum Output {
        /** Classifier: the network's outputs per class (a vector; [1 - p, p] for one sigmoid output). */
        RAW,
        /** Classifier: the class probabilities (a vector summing to 1). */
        PROBABILITY,
        /** Classifier: the class index (double). */
        CLASS,
        /** Regressor with one output: the value (double). */
        VALUE,
        /** Regressor with several outputs: the values (a vector). */
        VALUES
    }

    private final Broadcast<NetworkShipment> shipment;
    private final Broadcast<double[]> parameters;
    private final int featuresIndex;
    private final VectorColumn featureColumn;
    private final Output[] outputs;
    private final double[] thresholds;

    Scorer(Broadcast<NetworkShipment> shipment, Broadcast<double[]> parameters, int featuresIndex,
            VectorColumn featureColumn, Output[] outputs, double[] thresholds) {
        this.shipment = shipment;
        this.parameters = parameters;
        this.featuresIndex = featuresIndex;
        this.featureColumn = featureColumn;
        this.outputs = outputs;
        this.thresholds = thresholds;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Network network = shipment.value().newNetwork();
        network.parameters().copyFrom(parameters.value());
        return new Batches(rows, network);
    }

    /** Pulls a batch of input rows, runs it forward, hands out its output rows. */
    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> in;
        private final Row[] batch = new Row[BATCH];
        private final int inputs;
        private final int outs;
        private final FloatNetwork floatNet;
        private final DoubleNetwork doubleNet;
        private final float[] xf;
        private final float[] yf;
        private final double[] xd;
        private final double[] yd;
        private final double[] p;
        private int count;
        private int next;

        Batches(Iterator<Row> in, Network network) {
            this.in = in;
            this.inputs = network.inputSize();
            this.outs = network.outputSize();
            this.floatNet = network instanceof FloatNetwork f ? f : null;
            this.doubleNet = network instanceof DoubleNetwork d ? d : null;
            this.xf = floatNet == null ? null : new float[BATCH * inputs];
            this.yf = floatNet == null ? null : new float[BATCH * outs];
            this.xd = floatNet == null ? new double[BATCH * inputs] : null;
            this.yd = new double[BATCH * outs];
            this.p = new double[Math.max(2, outs)];
        }

        @Override
        public boolean hasNext() {
            return next < count || in.hasNext();
        }

        @Override
        public Row next() {
            if (next == count) {
                fill();
            }
            return output(next++);
        }

        private void fill() {
            count = 0;
            next = 0;
            while (count < BATCH && in.hasNext()) {
                Row row = in.next();
                String problem = floatNet != null
                        ? featureColumn.read(row, featuresIndex, inputs, xf, count * inputs)
                        : featureColumn.read(row, featuresIndex, inputs, xd, count * inputs);
                if (problem != null) {
                    throw new IllegalArgumentException("cannot score a row: its features column " + problem
                            + " (the network takes " + inputs + " finite numbers)");
                }
                batch[count++] = row;
            }
            if (count == 0) {
                throw new NoSuchElementException();
            }
            if (floatNet != null) {
                floatNet.predict(xf, count, yf);
                for (int k = 0; k < count * outs; k++) {
                    yd[k] = yf[k];
                }
            } else {
                doubleNet.predict(xd, count, yd);
            }
        }

        private Row output(int b) {
            Row row = batch[b];
            batch[b] = null;
            int width = row.length();
            Object[] values = new Object[width + outputs.length];
            for (int c = 0; c < width; c++) {
                values[c] = row.get(c);
            }
            int o = b * outs;
            for (int k = 0; k < outputs.length; k++) {
                values[width + k] = switch (outputs[k]) {
                    case RAW -> new DenseVector(classScores(o));
                    case PROBABILITY -> new DenseVector(probabilities(o));
                    case CLASS -> (double) predictedClass(o);
                    case VALUE -> yd[o];
                    case VALUES -> new DenseVector(java.util.Arrays.copyOfRange(yd, o, o + outs));
                };
            }
            return new GenericRow(values);
        }

        /** The network's outputs as per-class scores: [1 - p, p] for a single sigmoid output. */
        private double[] classScores(int o) {
            return outs == 1 ? new double[] {1 - yd[o], yd[o]} : java.util.Arrays.copyOfRange(yd, o, o + outs);
        }

        private double[] probabilities(int o) {
            double[] s = classScores(o);
            double sum = 0;
            for (double v : s) {
                sum += v;
            }
            if (sum > 0) {
                for (int j = 0; j < s.length; j++) {
                    s[j] /= sum;
                }
            }
            return s;
        }

        /** The most probable class (each probability divided by its threshold, if thresholds are set). */
        private int predictedClass(int o) {
            int classes = outs == 1 ? 2 : outs;
            for (int j = 0; j < classes; j++) {
                p[j] = outs == 1 ? (j == 0 ? 1 - yd[o] : yd[o]) : yd[o + j];
            }
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                double v = thresholds == null ? p[j] : p[j] / thresholds[j];
                if (v > max) {
                    max = v;
                    best = j;
                }
            }
            return best;
        }
    }
}
