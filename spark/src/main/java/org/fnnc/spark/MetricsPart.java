package org.fnnc.spark;

import java.io.Serializable;
import org.fnnc.train.ConfusionMatrix;
import org.fnnc.train.Metrics;

/**
 * One partition's {@link Metrics} as sums that add up across partitions: samples, loss sum, and the
 * confusion counts (classifiers) or the squared and absolute error sums (regression).
 */
record MetricsPart(int samples, int outputs, double lossSum, long[][] confusion, double squaredSum, double absoluteSum)
        implements Serializable {

    static final MetricsPart EMPTY = new MetricsPart(0, 0, 0, null, 0, 0);

    static MetricsPart of(Metrics m, int outputs) {
        long[][] counts = null;
        if (m.isClassification()) {
            ConfusionMatrix c = m.confusion();
            counts = new long[c.classes()][c.classes()];
            for (int a = 0; a < c.classes(); a++) {
                for (int p = 0; p < c.classes(); p++) {
                    counts[a][p] = c.count(a, p);
                }
            }
            return new MetricsPart(m.samples(), outputs, m.loss() * m.samples(), counts, 0, 0);
        }
        double values = (double) m.samples() * outputs;
        return new MetricsPart(m.samples(), outputs, m.loss() * m.samples(), null, m.meanSquaredError() * values,
                m.meanAbsoluteError() * values);
    }

    MetricsPart plus(MetricsPart o) {
        if (o.samples == 0) {
            return this;
        }
        if (samples == 0) {
            return o;
        }
        long[][] c = null;
        if (confusion != null) {
            c = new long[confusion.length][];
            for (int a = 0; a < c.length; a++) {
                c[a] = confusion[a].clone();
                for (int p = 0; p < c[a].length; p++) {
                    c[a][p] += o.confusion[a][p];
                }
            }
        }
        return new MetricsPart(samples + o.samples, outputs, lossSum + o.lossSum, c, squaredSum + o.squaredSum,
                absoluteSum + o.absoluteSum);
    }

    /** The metrics of all the samples summed here; {@code null} if there are none. */
    Metrics metrics() {
        if (samples == 0) {
            return null;
        }
        if (confusion != null) {
            ConfusionMatrix m = new ConfusionMatrix(confusion);
            return new Metrics(samples, lossSum / samples, (double) m.correct() / m.total(), Double.NaN, Double.NaN, m);
        }
        double values = (double) samples * outputs;
        return new Metrics(samples, lossSum / samples, Double.NaN, squaredSum / values, absoluteSum / values, null);
    }
}
