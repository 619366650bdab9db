package org.fnnc.spec.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecLimits;
import org.junit.jupiter.api.Test;

/**
 * Every cap of {@link SpecLimits}: refused with a positioned message naming the size, the limit and the
 * setting that raises it; and accepted once that setting is raised (so the cap, not something else, refused it).
 */
class SpecLimitsTest {

    private static final String SPEC = String.join("\n",
            "name: LimitedNet",                       // 1
            "package: org.example.limits",            // 2
            "input: 20",                              // 3
            "layers:",                                // 4
            "  - {units: 30, activation: relu}",      // 5
            "  - {units: 3, activation: softmax}",    // 6
            "loss: cross_entropy",                    // 7
            "");
    // (20+1)*30 + (30+1)*3 = 723 parameters; 2 layers (the list starts at 5:3); widest 30 units

    private static List<String> refused(SpecLimits limits) {
        SpecException e = assertThrows(SpecException.class, () -> new SpecLoader(limits).load(SPEC, "l.yaml"));
        return e.diagnostics().stream().map(Diagnostic::format).toList();
    }

    private static void accepted(SpecLimits limits) {
        assertEquals(723, new SpecLoader(limits).load(SPEC, "l.yaml").parameterCount());
    }

    @Test
    void specBytes() {
        int bytes = SPEC.length();
        assertEquals(List.of("l.yaml: error: the spec is " + bytes + " bytes (at most 100 allowed) (a spec describes a "
                + "network in a few lines; raise SpecLimits.maxSpecBytes if this is intended)"),
                refused(SpecLimits.DEFAULT.withMaxSpecBytes(100)));
        accepted(SpecLimits.DEFAULT.withMaxSpecBytes(bytes));
    }

    @Test
    void layers() {
        assertEquals(List.of("l.yaml:5:3: error: the network has 2 layers (at most 1 allowed) (use fewer layers, or "
                + "raise the limit with SpecLimits.withMaxLayers)"), refused(SpecLimits.DEFAULT.withMaxLayers(1)));
        accepted(SpecLimits.DEFAULT.withMaxLayers(2));
    }

    @Test
    void units() {
        assertEquals(List.of("l.yaml:5:13: error: layer 0 has 30 units (at most 29 allowed) (use a narrower layer, or "
                + "raise the limit with SpecLimits.withMaxUnits)"), refused(SpecLimits.DEFAULT.withMaxUnits(29)));
        accepted(SpecLimits.DEFAULT.withMaxUnits(30));
    }

    @Test
    void parameters() {
        assertEquals(List.of("l.yaml:5:3: error: the network has 723 parameters (at most 722 allowed) (make the layers "
                + "smaller, or raise the limit with SpecLimits.withMaxParameters)"),
                refused(SpecLimits.DEFAULT.withMaxParameters(722)));
        accepted(SpecLimits.DEFAULT.withMaxParameters(723));
    }

    @Test
    void nameLength() {
        assertEquals(List.of("l.yaml:1:7: error: name is 10 characters long (at most 9 allowed) (choose a shorter class "
                + "name, or raise the limit with SpecLimits.withMaxNameLength)",
                "l.yaml:2:10: error: package name is 18 characters long (at most 9 allowed) (choose a shorter package "
                + "name, or raise the limit with SpecLimits.withMaxNameLength)"),
                refused(SpecLimits.DEFAULT.withMaxNameLength(9)));
        accepted(SpecLimits.DEFAULT.withMaxNameLength(18));
    }

    @Test
    void everyLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> SpecLimits.DEFAULT.withMaxLayers(0));
        assertThrows(IllegalArgumentException.class, () -> SpecLimits.DEFAULT.withMaxParameters(-1));
    }
}
