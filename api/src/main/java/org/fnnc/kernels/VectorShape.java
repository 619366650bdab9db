package org.fnnc.kernels;

import jdk.incubator.vector.FloatVector;

/** The preferred vector shape, asked for by name from {@link KernelLibrary} only when the module is present. */
final class VectorShape {

    private VectorShape() {
    }

    static int floatLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }
}
