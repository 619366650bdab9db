package org.fnnc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.fnnc.Fnnc;
import org.fnnc.data.Scaler;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.network.Parameters;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported model, run by ONNX Runtime 1.20 (CPU), computes what the generated class's predict computes:
 * every output activation with each loss it pairs with, every hidden activation, float and double, depths 1 to
 * 4, batches of 1, 5 and 33. The two engines sum in different orders, so outputs are compared within
 * {@link ForwardErrorBound} (a worst-case forward-error bound, per output), and the largest difference seen
 * must stay below it. Float outputs differed by at most a few 1e-7 in practice; the bound is reported.
 */
class OnnxRuntimeAgreementTest {

    /** Output activation and loss: every pairing SpecRules allows. */
    static final List<Object[]> OUTPUTS = List.of(
            new Object[] {Activation.SOFTMAX, Loss.CROSS_ENTROPY},
            new Object[] {Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY},
            new Object[] {Activation.SIGMOID, Loss.MSE},
            new Object[] {Activation.TANH, Loss.MSE},
            new Object[] {Activation.RELU, Loss.MSE},
            new Object[] {Activation.LEAKY_RELU, Loss.MSE},
            new Object[] {Activation.LINEAR, Loss.MSE});

    static final Activation[] HIDDEN = {Activation.RELU, Activation.TANH, Activation.SIGMOID, Activation.LEAKY_RELU,
            Activation.LINEAR};

    static Stream<Arguments> networks() {
        List<Arguments> out = new ArrayList<>();
        int k = 0;
        for (Precision precision : Precision.values()) {
            for (Object[] o : OUTPUTS) {
                for (int depth : new int[] {1, 2, 4}) {
                    out.add(Arguments.of(spec((Activation) o[0], (Loss) o[1], precision, depth, k++)));
                }
            }
        }
        return out.stream();
    }

    /** A network whose hidden layers walk through every hidden activation (offset by {@code k}). */
    static NetworkSpec spec(Activation output, Loss loss, Precision precision, int depth, int k) {
        NetworkSpec.Builder b = NetworkSpec.builder("Agree" + k).input(7).loss(loss).precision(precision);
        int[] widths = {9, 16, 5};
        for (int l = 0; l < depth - 1; l++) {
            Activation a = HIDDEN[(k + l) % HIDDEN.length];
            b.layer(a == Activation.LEAKY_RELU ? LayerSpec.leakyRelu(widths[l], 0.1 + 0.01 * l)
                    : LayerSpec.of(widths[l], a));
        }
        b.layer(output == Activation.LEAKY_RELU ? LayerSpec.leakyRelu(3, 0.2) : LayerSpec.of(3, output));
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("networks")
    void onnxRuntimeComputesWhatPredictComputes(NetworkSpec spec) throws Exception {
        Network net = Fnnc.compile(spec);
        randomize(net.parameters(), spec.hash().hashCode());
        byte[] model = OnnxExport.toBytes(spec, net.parameters(), Optional.empty(), OnnxExport.Options.DEFAULT);
        for (int batch : new int[] {1, 5, 33}) {
            double[] x = inputs(batch * spec.input(), batch);
            double[] fnnc = Networks.predict(net, x, batch);
            double[] ort = OrtSessions.run(model, spec.precision(), x, batch, spec.input());
            assertClose(spec, fnnc, ort, ForwardErrorBound.of(spec, net.parameters(), rounded(spec, x), batch));
        }
    }

    /** With a scaler, ONNX Runtime on raw inputs computes what predict computes on scaled inputs. */
    @ParameterizedTest
    @MethodSource("networks")
    void scalerNodesScaleAsFnncDoes(NetworkSpec spec) throws Exception {
        if (spec.depth() != 2) {
            return; // one depth per output and precision is enough here
        }
        Network net = Fnnc.compile(spec);
        randomize(net.parameters(), 99);
        SplittableRandom r = new SplittableRandom(5);
        double[] shift = new double[spec.input()];
        double[] scale = new double[spec.input()];
        for (int i = 0; i < shift.length; i++) {
            shift[i] = r.nextDouble(-50, 50);
            scale[i] = r.nextDouble(0.01, 30);
        }
        Scaler scaler = Scaler.of(Scaler.Kind.STANDARDIZE, shift, scale);
        byte[] model = OnnxExport.toBytes(spec, net.parameters(), Optional.of(scaler), OnnxExport.Options.DEFAULT);
        int batch = 9;
        double[] raw = inputs(batch * spec.input(), 17);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = shift[i % spec.input()] + raw[i] * scale[i % spec.input()];
        }
        double[] scaled = rounded(spec, raw);
        if (spec.precision() == Precision.FLOAT) {
            float[] f = Networks.toFloat(scaled);
            scaler.transform(f);
            scaled = Networks.toDouble(f);
        } else {
            scaler.transform(scaled);
        }
        double[] fnnc = Networks.predict(net, scaled, batch);
        double[] ort = OrtSessions.run(model, spec.precision(), raw, batch, spec.input());
        assertClose(spec, fnnc, ort, ForwardErrorBound.of(spec, net.parameters(), scaled, batch));
    }

    @Test
    void modelDeclaresOpsetIrVersionDynamicBatchAndMetadata() {
        NetworkSpec spec = spec(Activation.SOFTMAX, Loss.CROSS_ENTROPY, Precision.FLOAT, 2, 0);
        Network net = Fnnc.compile(spec);
        var model = OnnxExport.model(spec, net.parameters(), Optional.empty(), OnnxExport.Options.DEFAULT);
        assertEquals(8, model.getIrVersion());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals("batch", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        var meta = new java.util.HashMap<String, String>();
        model.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertEquals(spec.canonical(), meta.get("fnnc.spec"));
        assertEquals(spec.hash(), meta.get("fnnc.spec_hash"));
        assertEquals(spec.architectureHash(), meta.get("fnnc.architecture_hash"));
        assertTrue(meta.containsKey("fnnc.generator_version"));
        assertEquals(List.of("Gemm", "Relu", "Gemm", "Softmax"),
                model.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList());
    }

    static void assertClose(NetworkSpec spec, double[] fnnc, double[] ort, double[] bound) {
        assertEquals(fnnc.length, ort.length);
        double worst = 0;
        for (int k = 0; k < fnnc.length; k++) {
            double diff = Math.abs(fnnc[k] - ort[k]);
            if (!(diff <= bound[k])) {
                throw new AssertionError(spec + ": output " + k + " is " + fnnc[k] + " in fnnc and " + ort[k]
                        + " in ONNX Runtime, " + diff + " apart; the bound is " + bound[k]);
            }
            worst = Math.max(worst, diff);
        }
        assertTrue(worst < 1e-4, "largest difference " + worst);
        System.out.printf("%s: largest |fnnc - ORT| %.3g, bound there %.3g%n", spec, worst, maxOf(bound));
    }

    private static double maxOf(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Parameters of He scale and biases of 0.3, so every bias and sign matters. */
    static void randomize(Parameters p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int l = 0; l < p.layout().depth(); l++) {
            double s = Math.sqrt(2.0 / p.layout().fanIn(l));
            for (int o = 0; o < p.layout().units(l); o++) {
                for (int i = 0; i < p.layout().fanIn(l); i++) {
                    p.setWeight(l, o, i, r.nextGaussian() * s);
                }
                p.setBias(l, o, r.nextGaussian() * 0.3);
            }
        }
    }

    static double[] inputs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * 1.5;
        }
        return x;
    }

    /** The inputs as the network sees them: rounded to float for a float network. */
    static double[] rounded(NetworkSpec spec, double[] x) {
        return spec.precision() == Precision.FLOAT ? Networks.toDouble(Networks.toFloat(x)) : x.clone();
    }
}
