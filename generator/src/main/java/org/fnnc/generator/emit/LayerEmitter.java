package org.fnnc.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import java.util.List;

/**
 * Where a layer's plan becomes code: one subclass per {@link org.fnnc.generator.plan.KernelFamily}, each
 * writing the layer's forward and backward methods side by side. {@link #of} is the one place that maps a
 * family to its emitter; a new family (say, loops that call a precompiled kernel library) is one more subclass
 * and one more case there.
 */
abstract class LayerEmitter {

    /** The emitter of {@code layer}'s planned family. */
    static LayerEmitter of(LayerContext layer) {
        return switch (layer.plan().family()) {
            case STRAIGHT_LINE -> new StraightLineLayer(layer);
            case SCALAR_LOOPS -> new ScalarLoopLayer(layer);
            case VECTOR_LOOPS -> new VectorLoopLayer(layer);
            case LIBRARY_LOOPS -> new LibraryLoopLayer(layer);
        };
    }

    final LayerContext layer;
    final Numeric num;
    final int l;

    LayerEmitter(LayerContext layer) {
        this.layer = layer;
        this.num = layer.num();
        this.l = layer.l();
    }

    /** Scratch fields the family needs beyond those every layer has (e.g. a transposed copy of the weights). */
    List<FieldSpec> scratch() {
        return List.of();
    }

    /** The statement that runs the layer forward over slots 0..n-1, called from {@code forward}. */
    CodeBlock forwardCall() {
        return layer.forwardCall();
    }

    /** The statement that runs the layer backward over slots 0..n-1, called from {@code backward}. */
    CodeBlock backwardCall() {
        return layer.backwardCall();
    }

    /** The forward method and whatever methods it calls. */
    abstract List<MethodSpec> forwardMethods();

    /** The backward method and whatever methods it calls. */
    abstract List<MethodSpec> backwardMethods();
}
