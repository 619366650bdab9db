package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.testnets.Probe;
import org.junit.jupiter.api.Test;

class ProbeTest {

    @Test
    void generatedTestNetworkIsUsableFromTests() {
        Probe probe = new Probe();
        assertEquals(App.inputs(), probe.spec().input());
        assertEquals(2, probe.spec().outputSize());
    }
}
