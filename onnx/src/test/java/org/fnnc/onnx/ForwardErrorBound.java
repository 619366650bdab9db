package org.fnnc.onnx;

import org.fnnc.network.Parameters;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/**
 * How far two correct implementations of the same forward pass may differ, per output: a first-order bound
 * propagated layer by layer. Each engine's dot product {@code z_j = sum_i W_ji a_i + b_j} is off by at most
 * {@code gamma_(n+1) M_j} with {@code M_j = sum_i |W_ji| |a_i| + |b_j|} and {@code gamma_k = k u / (1 - k u)}
 * (Higham, Accuracy and Stability of Numerical Algorithms, 3.1), whatever order it sums in, so two engines by
 * twice that; a difference {@code d} in the layer's inputs adds {@code sum_i |W_ji| d_i}. Activations are
 * 1-Lipschitz (sigmoid 1/4) and themselves accurate to {@value #ACTIVATION_ULPS} ulps (ONNX Runtime's
 * vectorised tanh, logistic and exp), softmax moves each probability by at most {@code p_j 2 max_k dz_k}.
 */
final class ForwardErrorBound {

    static final double ACTIVATION_ULPS = 8;

    private ForwardErrorBound() {
    }

    /** Per output of each sample (row-major), the largest difference two correct engines may show. */
    static double[] of(NetworkSpec spec, Parameters p, double[] x, int batch) {
        double u = spec.precision() == Precision.FLOAT ? 0x1p-24 : 0x1p-53;
        int outputs = spec.outputSize();
        double[] bound = new double[batch * outputs];
        for (int s = 0; s < batch; s++) {
            double[] a = new double[spec.input()];
            System.arraycopy(x, s * spec.input(), a, 0, a.length);
            double[] d = new double[a.length];
            for (int l = 0; l < spec.depth(); l++) {
                LayerSpec layer = spec.layer(l);
                int in = spec.inputsOf(l);
                int units = layer.units();
                double gamma = 2 * (in + 1) * u / (1 - (in + 1) * u);
                double[] z = new double[units];
                double[] dz = new double[units];
                for (int j = 0; j < units; j++) {
                    double sum = p.getBias(l, j);
                    double magnitude = Math.abs(p.getBias(l, j));
                    double propagated = 0;
                    for (int i = 0; i < in; i++) {
                        double w = p.getWeight(l, j, i);
                        sum += w * a[i];
                        magnitude += Math.abs(w * a[i]);
                        propagated += Math.abs(w) * d[i];
                    }
                    z[j] = sum;
                    dz[j] = gamma * magnitude + propagated;
                }
                double[] next = new double[units];
                double[] dNext = new double[units];
                double maxDz = 0;
                for (double v : dz) {
                    maxDz = Math.max(maxDz, v);
                }
                double sumExp = 0;
                double maxZ = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    maxZ = Math.max(maxZ, v);
                }
                for (double v : z) {
                    sumExp += Math.exp(v - maxZ);
                }
                for (int j = 0; j < units; j++) {
                    double own = ACTIVATION_ULPS * u;
                    switch (layer.activation()) {
                        case LINEAR -> {
                            next[j] = z[j];
                            dNext[j] = dz[j];
                        }
                        case RELU -> {
                            next[j] = Math.max(0, z[j]);
                            dNext[j] = dz[j];
                        }
                        case LEAKY_RELU -> {
                            next[j] = z[j] > 0 ? z[j] : layer.alpha() * z[j];
                            dNext[j] = dz[j] + u * Math.abs(next[j]);
                        }
                        case TANH -> {
                            next[j] = Math.tanh(z[j]);
                            dNext[j] = dz[j] + own * (1 + Math.abs(next[j]));
                        }
                        case SIGMOID -> {
                            next[j] = 1 / (1 + Math.exp(-z[j]));
                            dNext[j] = dz[j] / 4 + own * (1 + next[j]);
                        }
                        case SOFTMAX -> {
                            next[j] = Math.exp(z[j] - maxZ) / sumExp;
                            dNext[j] = next[j] * 2 * maxDz * 1.01 + own * (1 + next[j]);
                        }
                        default -> throw new AssertionError(layer.activation());
                    }
                }
                a = next;
                d = dNext;
            }
            System.arraycopy(d, 0, bound, s * outputs, outputs);
        }
        return bound;
    }
}
