package org.fnnc.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.fnnc.Fnnc;
import org.fnnc.data.Scaler;
import org.fnnc.io.LoadOptions;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.SafeTensorsFile;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.network.Parameters;
import org.fnnc.onnx.proto.OnnxProto.ModelProto;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export, import, generate: the same spec, the same parameters bit for bit, the same scaler, the same outputs. */
class RoundTripTest {

    @TempDir
    Path dir;

    static Stream<NetworkSpec> specs() {
        return OnnxRuntimeAgreementTest.networks().map(a -> (NetworkSpec) a.get()[0])
                .filter(s -> s.depth() > 1)
                .map(s -> s.layer(0).activation() == Activation.LEAKY_RELU ? s.withLayers(withAlpha(s, 0.123456789)) : s)
                .map(s -> s.withPackageName("org.example.nets")
                        .withTraining(TrainingSpec.DEFAULT.toBuilder().learningRate(0.003).epochs(7).build()));
    }

    private static java.util.List<LayerSpec> withAlpha(NetworkSpec s, double alpha) {
        java.util.List<LayerSpec> layers = new java.util.ArrayList<>(s.layers());
        layers.set(0, LayerSpec.leakyRelu(s.layer(0).units(), alpha));
        return layers;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void exportImportGenerateKeepsEverything(NetworkSpec spec) throws Exception {
        Network net = Fnnc.compile(spec);
        OnnxRuntimeAgreementTest.randomize(net.parameters(), 11);
        Scaler scaler = Scaler.of(Scaler.Kind.MIN_MAX, new double[] {1, -2, 3.25, 0.1, 7, 8, -9},
                new double[] {2, 0.5, 3, 1e-3, 70, 1, 4.75});
        Path onnx = dir.resolve("model.onnx");
        OnnxExport.write(onnx, net, Optional.of(scaler));

        ImportedModel imported = OnnxImport.read(onnx, OnnxImport.Options.DEFAULT);
        assertEquals(spec.canonical(), imported.spec().canonical(), "the spec from the model's metadata");
        assertBits(net.parameters(), imported.parameters());
        assertEquals(scaler.kind(), imported.scaler().orElseThrow().kind());
        assertArrayEquals(scaler.shift(), imported.scaler().orElseThrow().shift());
        assertArrayEquals(scaler.scale(), imported.scaler().orElseThrow().scale());

        OnnxImport.Written written = OnnxImport.write(imported, dir.resolve("out"));
        NetworkSpec reloaded = SpecLoader.withDefaults().load(written.spec());
        assertEquals(spec, reloaded);
        Network generated = Fnnc.compile(reloaded);
        SafeTensorsFile weights = SafeTensors.load(written.weights(), reloaded, generated.parameters(), LoadOptions.STRICT);
        assertBits(net.parameters(), generated.parameters());
        Scaler stored = Scaler.fromMetadata(weights.metadata(), "weights").orElseThrow();
        assertArrayEquals(scaler.scale(), stored.scale());
        assertEquals("model.onnx (fnnc " + FnncVersion.VERSION + ")", weights.metadata().get(OnnxImport.IMPORTED_FROM_KEY));

        double[] x = OnnxRuntimeAgreementTest.inputs(4 * spec.input(), 3);
        assertArrayEquals(Networks.predict(net, x, 4), Networks.predict(generated, x, 4));
    }

    /** Without fnnc's metadata the graph alone gives the architecture, the weights and the scaler. */
    @ParameterizedTest
    @MethodSource("specs")
    void graphAloneGivesTheNetwork(NetworkSpec spec) throws Exception {
        Network net = Fnnc.compile(spec);
        OnnxRuntimeAgreementTest.randomize(net.parameters(), 12);
        ModelProto model = OnnxExport.model(spec, net.parameters(), Optional.empty(), OnnxExport.Options.DEFAULT)
                .toBuilder().clearMetadataProps().build();
        ImportedModel imported = OnnxImport.read(model.toByteArray(), "plain-model.onnx", OnnxImport.Options.DEFAULT);
        NetworkSpec got = imported.spec();
        assertEquals("PlainModel", got.name());
        assertEquals(spec.input(), got.input());
        assertEquals(spec.precision(), got.precision());
        for (int l = 0; l < spec.depth(); l++) {
            assertEquals(spec.layer(l).units(), got.layer(l).units());
            assertEquals(spec.layer(l).activation(), got.layer(l).activation());
            assertEquals((float) spec.layer(l).alpha(), (float) got.layer(l).alpha());
            if (spec.precision() == Precision.DOUBLE) {
                assertEquals(spec.layer(l).alpha(), got.layer(l).alpha(), "PRelu keeps a double alpha exactly");
            }
        }
        Loss expected = switch (spec.outputLayer().activation()) {
            case SOFTMAX -> Loss.CROSS_ENTROPY;
            case SIGMOID -> Loss.BINARY_CROSS_ENTROPY;
            default -> Loss.MSE;
        };
        assertEquals(expected, got.loss());
        assertTrue(imported.lossInferred());
        assertFalse(imported.scaler().isPresent());
        assertBits(net.parameters(), imported.parameters());
    }

    static void assertBits(Parameters expected, Parameters actual) {
        double[] e = expected.toArray();
        double[] a = actual.toArray();
        assertEquals(e.length, a.length);
        assertEquals(expected.precision(), actual.precision());
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i])) {
                throw new AssertionError("parameter " + expected.layout().describe(i) + ": " + e[i] + " became " + a[i]);
            }
        }
    }
}
