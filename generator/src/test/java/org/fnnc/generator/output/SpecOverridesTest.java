package org.fnnc.generator.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.junit.jupiter.api.Test;

/** The one parser of overrides, shared by the Maven plugin and the {@code fnnc} command. */
class SpecOverridesTest {

    private static final NetworkSpec SPEC = NetworkSpec.builder("Net").input(4).layer(3, Activation.SOFTMAX)
            .loss(Loss.CROSS_ENTROPY).unroll(new UnrollSpec(UnrollMode.AUTO, 123)).build();

    @Test
    void choicesAreSpeltAsInSpecFilesIgnoringCaseAndBlanks() {
        assertSame(Kernels.VECTOR_API, SpecOverrides.choice(Kernels.class, "kernels", " Vector_API\t"));
        assertSame(OptimizerKind.ADAM, SpecOverrides.choice(OptimizerKind.class, "optimizer", "adam"));
        assertSame(UnrollMode.LOOPS, SpecOverrides.choice(UnrollMode.class, "unroll mode", "LOOPS"));
        assertNull(SpecOverrides.choice(Kernels.class, "kernels", null));
        InvalidOverrideException blank = assertThrows(InvalidOverrideException.class,
                () -> SpecOverrides.choice(OptimizerKind.class, "optimizer", " "));
        assertEquals("no optimizer given (expected one of sgd, momentum, nesterov, adam)", blank.getMessage());
    }

    @Test
    void aMisspeltChoiceNamesTheChoicesAndTheClosest() {
        InvalidOverrideException e = assertThrows(InvalidOverrideException.class,
                () -> SpecOverrides.choice(OptimizerKind.class, "optimizer", "nesterv"));
        assertEquals("unknown optimizer 'nesterv' (expected one of sgd, momentum, nesterov, adam; did you mean"
                + " 'nesterov'?)", e.getMessage());
        InvalidOverrideException far = assertThrows(InvalidOverrideException.class,
                () -> SpecOverrides.NONE.withUnroll("fast"));
        assertEquals("unknown unroll mode 'fast' (expected one of auto, full, loops)", far.getMessage());
    }

    @Test
    void badPackagesAndThresholdsAreRefused() {
        InvalidOverrideException pkg = assertThrows(InvalidOverrideException.class,
                () -> SpecOverrides.NONE.withDefaultPackage("com.1example"));
        assertTrue(pkg.getMessage().startsWith("'com.1example' is not a valid package name"), pkg.getMessage());
        InvalidOverrideException keyword = assertThrows(InvalidOverrideException.class,
                () -> SpecOverrides.NONE.withDefaultPackage("com.class"));
        assertEquals("package segment 'class' is a Java keyword (rename that segment, e.g. 'classs')",
                keyword.getMessage());
        InvalidOverrideException threshold = assertThrows(InvalidOverrideException.class,
                () -> SpecOverrides.NONE.withUnrollThreshold(-1));
        assertEquals("unroll threshold -1 is negative (expected a number of multiply-adds per layer pass, 0 or"
                + " more)", threshold.getMessage());
    }

    @Test
    void overridesReplaceOnlyWhatTheyName() {
        assertEquals(SPEC, SpecOverrides.NONE.apply(SPEC));
        SpecOverrides o = SpecOverrides.NONE.withDefaultPackage(" com.example ").withUnrollThreshold(7)
                .withKernels("vector_api");
        NetworkSpec s = o.apply(SPEC);
        assertEquals("com.example", s.packageName());
        assertEquals(new UnrollSpec(UnrollMode.AUTO, 7), s.unroll());
        assertEquals(Kernels.VECTOR_API, s.kernels());
        assertEquals(SPEC.layers(), s.layers());
        // a spec's own package wins over the default package
        assertEquals("org.own", o.apply(SPEC.withPackageName("org.own")).packageName());
        assertEquals(new UnrollSpec(UnrollMode.FULL, 123), SpecOverrides.NONE.withUnroll("full").apply(SPEC).unroll());
    }

    @Test
    void theDescriptionNamesEveryOverride() {
        assertEquals("packageName=\nunroll=\nunrollThreshold=\nkernels=", SpecOverrides.NONE.describe());
        assertEquals("packageName=a.b\nunroll=loops\nunrollThreshold=0\nkernels=scalar", SpecOverrides.NONE
                .withDefaultPackage("a.b").withUnroll("loops").withUnrollThreshold(0).withKernels("scalar").describe());
    }
}
