package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fnnc.compiler.JaninoNetworkCompiler;
import org.fnnc.compiler.JaninoNetworkCompiler.CompiledClass;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.yaml.SpecLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A spec must never put code into the generated source. Hostile class and package names are refused by the
 * loader with a positioned message; what is accepted (odd but valid names, hostile source file names, which
 * end up in comments) is generated and compiled, and the class must have exactly the members of a benign twin.
 */
class CodeInjectionTest {

    private static final SpecLoader LOADER = SpecLoader.withDefaults();

    /** A small valid spec; {@code %s} are the YAML values of name and package (line 1 and 2). */
    private static String spec(String nameYaml, String packageYaml) {
        return "name: " + nameYaml + "\npackage: " + packageYaml + "\ninput: 3\nlayers:\n"
                + "  - {units: 4, activation: tanh}\n  - {units: 2, activation: softmax}\nloss: cross_entropy\n";
    }

    static Stream<Arguments> hostileNames() {
        String pkg = "org.example";
        return Stream.of(
                Arguments.of(spec("\"A;B\"", pkg), 1),
                Arguments.of(spec("\"A{}B\"", pkg), 1),
                Arguments.of(spec("\"A */ class B { /*\"", pkg), 1),
                Arguments.of(spec("\"A//B\"", pkg), 1),
                Arguments.of(spec("'A\"B'", pkg), 1),
                Arguments.of(spec("\"A\\nclass B {}\"", pkg), 1),                // a real line break (YAML escape)
                Arguments.of(spec("'A\\u000aclass B {}'", pkg), 1),              // Java's escape, literally
                Arguments.of(spec("'A\\u002a\\u002fB'", pkg), 1),                // */ as Java escapes
                Arguments.of(spec("\"A\\u2028B\"", pkg), 1),                    // Unicode line separator
                Arguments.of(spec("class", pkg), 1),
                Arguments.of(spec("_", pkg), 1),
                Arguments.of(spec("_A", pkg), 1),
                Arguments.of(spec("Ünïcode", pkg), 1),                           // non-ASCII letters
                Arguments.of(spec("Ωmega", pkg), 1),
                Arguments.of(spec("A".repeat(300), pkg), 1),                     // very long
                Arguments.of(spec("String", pkg), 1),                            // would shadow java.lang
                Arguments.of(spec("Net", "\"a.b; import java.io.*\""), 2),
                Arguments.of(spec("Net", "\"a.b{\""), 2),
                Arguments.of(spec("Net", "\"a.*/b\""), 2),
                Arguments.of(spec("Net", "'a.b\\u000aclass'"), 2),
                Arguments.of(spec("Net", "a..b"), 2),
                Arguments.of(spec("Net", "a.class.b"), 2),
                Arguments.of(spec("Net", "a._.b"), 2),
                Arguments.of(spec("Net", "java.lang"), 2),
                Arguments.of(spec("Net", "ünï.code"), 2),
                Arguments.of(spec("Net", "a." + "b".repeat(300)), 2));
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void hostileNamesAreRefusedWithAPositionedMessage(String yaml, int line) {
        SpecException e = assertThrows(SpecException.class, () -> LOADER.load(yaml, "hostile.yaml"));
        assertFalse(e.diagnostics().isEmpty());
        Diagnostic d = e.diagnostics().get(0);
        assertEquals(line, d.line(), d.format());
        assertTrue(d.column() > 0, d.format());
        String text = d.format();
        assertTrue(text.startsWith("hostile.yaml:" + line + ":"), text);
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "message shows the name printably: " + text);
        assertTrue(text.contains("name") || text.contains("package"), text);
    }

    /** Valid names that collide with what generated code uses by simple name, and package names beside fnnc's. */
    static Stream<Arguments> oddButValidNames() {
        return Stream.of(
                Arguments.of("NetworkSpec", "org.example"), Arguments.of("FloatNetwork", "org.example"),
                Arguments.of("DoubleNetwork", "org.example"), Arguments.of("Targets", "org.example"),
                Arguments.of("Initializer", "org.example"), Arguments.of("ParameterLayout", "org.example"),
                Arguments.of("FloatParameters", "org.example"), Arguments.of("Optional", "org.example"),
                Arguments.of("LayerSpec", "org.example"), Arguments.of("Activation", "org.example"),
                Arguments.of("Loss", "org.example"), Arguments.of("Precision", "org.example"),
                Arguments.of("TrainingSpec", "org.example"), Arguments.of("Net", "org.fnnc.test.network"),
                Arguments.of("A_1", "a1.b_2"), Arguments.of("Z".repeat(200), "org.example"));
    }

    @ParameterizedTest
    @MethodSource("oddButValidNames")
    void oddButValidNamesCompileToExactlyTheExpectedMembers(String name, String pkg) throws Exception {
        NetworkSpec odd = LOADER.load(spec(name, pkg), "odd.yaml");
        NetworkSpec twin = LOADER.load(spec("BenignTwin", "org.fnnc.test.twin"), "twin.yaml");
        assertSameShape(compile(twin), compile(odd));
    }

    static Stream<String> hostileSourceNames() {
        return Stream.of(
                "evil */ public static void main(String[] a) {} /* .yaml",
                "C:\\users\\u000a}class Evil{.yaml",
                "x\\u002a\\u002f static { System.exit(1); } \\u002f\\u002a.yaml",
                "line\nbreak */ int injected; /*.yaml",
                "carriage\rreturn\u2028sep\u0085nel.yaml",
                "//comment.yaml", "quote\"s.yaml", "ünï/cödé.yaml",
                "\\\\u000a double backslash.yaml");
    }

    /** The source file name lands in a comment (and nowhere else): it must stay there, whatever it holds. */
    @ParameterizedTest
    @MethodSource("hostileSourceNames")
    void hostileSourceFileNamesStayInsideTheirComment(String sourceName) throws Exception {
        NetworkSpec hostile = LOADER.load(spec("FromHostileFile", "org.fnnc.test.origin"), sourceName);
        NetworkSpec benign = LOADER.load(spec("FromBenignFile", "org.fnnc.test.origin"), "benign.yaml");
        GeneratedSource source = NetworkClassGenerator.generate(hostile);
        String text = source.text();
        assertTrue(text.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f)), "source is printable ASCII");
        assertFalse(text.contains("\\u"), "no Unicode escape anywhere in the source");
        // the header comment is the only one the file name reaches: it must close exactly where it ends
        int headerEnd = text.indexOf("*/") >= 0 && text.startsWith("/*") ? text.indexOf("*/") : -1;
        int packageLine = text.indexOf("\npackage ");
        assertTrue(text.startsWith("//") || (headerEnd > 0 && headerEnd < packageLine),
                "header comment ends before the package line");
        assertSameShape(compile(benign), compile(hostile));
    }

    private static Class<?> compile(NetworkSpec spec) {
        CompiledClass compiled = JaninoNetworkCompiler.compile(NetworkClassGenerator.generate(spec));
        assertEquals(1, compiled.bytecode().size(), "exactly one class file: " + compiled.bytecode().keySet());
        return compiled.type();
    }

    /** Same declared fields, methods, constructors, interfaces and no nested classes, with the class names abstracted. */
    private static void assertSameShape(Class<?> expected, Class<?> actual) {
        assertEquals(shape(expected), shape(actual));
        assertEquals(0, actual.getDeclaredClasses().length);
    }

    private static TreeSet<String> shape(Class<?> c) {
        List<String> members = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            members.add("field " + Modifier.toString(f.getModifiers()) + " " + f.getType().getName() + " " + f.getName());
        }
        for (Method m : c.getDeclaredMethods()) {
            members.add("method " + Modifier.toString(m.getModifiers()) + " " + m.toGenericString());
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            members.add("constructor " + k.toGenericString());
        }
        for (Class<?> i : c.getInterfaces()) {
            members.add("implements " + i.getName());
        }
        members.add("superclass " + c.getSuperclass().getName() + " modifiers " + Modifier.toString(c.getModifiers()));
        TreeSet<String> out = new TreeSet<>();
        for (String m : members) {
            out.add(m.replace(c.getName(), "SELF"));
        }
        return out;
    }
}
