package org.fnnc.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.fnnc.data.Scaler;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.onnx.proto.OnnxProto.GraphProto;
import org.fnnc.onnx.proto.OnnxProto.ModelProto;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/**
 * Writes the fnnc-made part of the ONNX fuzz corpus (the PyTorch exports are copied from the torch fixtures):
 * {@code java ... FuzzCorpusWriter DIR}; kept so the seeds can be remade when the export changes.
 */
final class FuzzCorpusWriter {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        NetworkSpec small = NetworkSpec.builder("Small").input(3).layer(LayerSpec.leakyRelu(4, 0.3))
                .layer(2, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY).build();
        FloatParameters f = new FloatParameters(ParameterLayout.of(small));
        OnnxRuntimeAgreementTest.randomize(f, 3);
        Scaler scaler = Scaler.of(Scaler.Kind.STANDARDIZE, new double[] {1, 2, 3}, new double[] {0.5, 2, 4});
        Files.write(dir.resolve("fnnc-float-scaler"), OnnxExport.toBytes(small, f, Optional.of(scaler),
                OnnxExport.Options.DEFAULT));
        NetworkSpec dbl = NetworkSpec.builder("Dbl").input(2).layer(LayerSpec.leakyRelu(3, 0.123456789))
                .layer(3, Activation.TANH).layer(2, Activation.LINEAR).loss(Loss.MSE).precision(Precision.DOUBLE).build();
        DoubleParameters d = new DoubleParameters(ParameterLayout.of(dbl));
        OnnxRuntimeAgreementTest.randomize(d, 4);
        ModelProto m = OnnxExport.model(dbl, d, Optional.empty(), OnnxExport.Options.DEFAULT);
        Files.write(dir.resolve("fnnc-double-prelu"), m.toBuilder().clearMetadataProps().build().toByteArray());
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setInitializer(0, g.getInitializer(0).toBuilder().clearDims().addDims(1L << 40).addDims(1L << 40));
        Files.write(dir.resolve("huge-dims"), m.toBuilder().setGraph(g).build().toByteArray());
    }
}
