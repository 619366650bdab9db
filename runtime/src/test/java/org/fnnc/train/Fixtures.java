package org.fnnc.train;

import java.util.Random;

/** Synthetic data sets for the training tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Centres of three well separated classes in the plane; noise of at most 1 per coordinate keeps them apart. */
    static final double[][] CENTRES = {{4, 0}, {-2, 3.5}, {-2, -3.5}};

    /** {@code n} samples of 2 features and a class index 0..2, classes cycling, uniform noise in [-1, 1]. */
    static TrainingData threeClasses(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int s = 0; s < n; s++) {
            int c = s % 3;
            t[s] = c;
            for (int i = 0; i < 2; i++) {
                x[2 * s + i] = (float) (CENTRES[c][i] + 2 * r.nextDouble() - 1);
            }
        }
        return TrainingData.of(x, t, 2, 1);
    }

    /** Known coefficients: {@code t = A x + c} with 3 inputs and 2 outputs. */
    static final double[][] A = {{1.5, -2.0, 0.5}, {0.25, 1.0, -1.0}};
    static final double[] C = {0.5, -1.5};

    /** {@code n} noise-free samples of {@code t = A x + c}, x uniform in [-1, 1]^3 (float-exact inputs). */
    static TrainingData linear(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[3 * n];
        float[] t = new float[2 * n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < 3; i++) {
                x[3 * s + i] = (float) (2 * r.nextDouble() - 1);
            }
            for (int j = 0; j < 2; j++) {
                double v = C[j];
                for (int i = 0; i < 3; i++) {
                    v += A[j][i] * x[3 * s + i];
                }
                t[2 * s + j] = (float) v;
            }
        }
        return TrainingData.of(x, t, 3, 2);
    }

    /** Fills parameters with uniform values in [-scale, scale] in canonical order. */
    static void randomize(org.fnnc.network.Parameters p, long seed, double scale) {
        Random r = new Random(seed);
        for (int k = 0; k < p.size(); k++) {
            p.set(k, scale * (2 * r.nextDouble() - 1));
        }
    }
}
