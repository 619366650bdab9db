package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.fnnc.compiler.ClassFileInfo;
import org.fnnc.compiler.JaninoNetworkCompiler;
import org.fnnc.compiler.JaninoNetworkCompiler.CompiledClass;
import org.fnnc.generator.plan.BytecodeBudget;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of every generated class stays under the planner's budget, and so under HotSpot's 8,000-byte
 * JIT limit, whatever the sizes and unroll plan. Sizes are read from the compiled class files.
 */
class MethodSizeTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("2-8-1 tanh bce, auto", net(2, new int[] {8, 1}, Activation.TANH, Loss.BINARY_CROSS_ENTROPY), UnrollMode.AUTO, 256),
                Arguments.of("4-16-3 auto", net(4, new int[] {16, 3}, Activation.RELU, Loss.CROSS_ENTROPY), UnrollMode.AUTO, 256),
                Arguments.of("64-64-10 auto", net(64, new int[] {64, 10}, Activation.RELU, Loss.CROSS_ENTROPY), UnrollMode.AUTO, 256),
                Arguments.of("64-64-10 full", net(64, new int[] {64, 10}, Activation.SIGMOID, Loss.CROSS_ENTROPY), UnrollMode.FULL, 256),
                Arguments.of("30-16-1 full", net(30, new int[] {16, 1}, Activation.LEAKY_RELU, Loss.BINARY_CROSS_ENTROPY), UnrollMode.FULL, 256),
                Arguments.of("100-60-20 full (split)", net(100, new int[] {60, 20}, Activation.TANH, Loss.MSE), UnrollMode.FULL, 256),
                Arguments.of("24-24-24 auto, threshold 4096", net(24, new int[] {24, 24}, Activation.RELU, Loss.MSE), UnrollMode.AUTO, 4096),
                Arguments.of("784-128-10 auto", net(784, new int[] {128, 10}, Activation.RELU, Loss.CROSS_ENTROPY), UnrollMode.AUTO, 256),
                Arguments.of("784-128-10 loops", net(784, new int[] {128, 10}, Activation.RELU, Loss.CROSS_ENTROPY), UnrollMode.LOOPS, 256),
                Arguments.of("784-512-512-10 auto", net(784, new int[] {512, 512, 10}, Activation.RELU, Loss.CROSS_ENTROPY), UnrollMode.AUTO, 256),
                Arguments.of("784-512-512-10 auto, vector_api", net(784, new int[] {512, 512, 10}, Activation.RELU, Loss.CROSS_ENTROPY)
                        .withKernels(Kernels.VECTOR_API), UnrollMode.AUTO, 256),
                Arguments.of("100-60-20 loops, vector_api", net(100, new int[] {60, 20}, Activation.TANH, Loss.MSE)
                        .withKernels(Kernels.VECTOR_API), UnrollMode.LOOPS, 256));
    }

    private static NetworkSpec net(int input, int[] units, Activation hidden, Loss loss) {
        NetworkSpec.Builder b = NetworkSpec.builder("SizeProbe").packageName("org.fnnc.probe").input(input);
        for (int l = 0; l < units.length - 1; l++) {
            b.layer(LayerSpec.of(units[l], hidden));
        }
        Activation out = loss == Loss.CROSS_ENTROPY ? Activation.SOFTMAX
                : loss == Loss.BINARY_CROSS_ENTROPY ? Activation.SIGMOID : Activation.LINEAR;
        return b.layer(units[units.length - 1], out).loss(loss).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void everyMethodIsUnderTheBudget(String name, NetworkSpec base, UnrollMode mode, int threshold) {
        for (Precision p : Precision.values()) {
            NetworkSpec spec = base.withPrecision(p).withUnroll(new UnrollSpec(mode, threshold));
            CompiledClass compiled = JaninoNetworkCompiler.compile(NetworkClassGenerator.generate(spec));
            byte[] bytes = compiled.bytecode().get(spec.qualifiedName());
            ClassFileInfo info = ClassFileInfo.read(bytes);
            assertEquals(spec.qualifiedName().replace('.', '/'), info.className());
            for (Map.Entry<String, Integer> m : info.methodCodeBytes().entrySet()) {
                assertTrue(m.getValue() <= BytecodeBudget.METHOD_BUDGET,
                        name + " " + p + ": " + m.getKey() + " has " + m.getValue() + " bytes of bytecode, budget "
                                + BytecodeBudget.METHOD_BUDGET);
            }
            System.out.printf("%-32s %-6s largest method %5d bytes, %3d methods, constant pool %d%n", name, p,
                    info.largestMethod(), info.methodCodeBytes().size(), info.constantPoolCount());
        }
    }
}
