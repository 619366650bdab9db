package org.fnnc.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import java.util.Collection;

/**
 * Names of generated locals, allocated rather than agreed on: unique within a method, never the name of a
 * field of the class (a local {@code b0} would hide the bias {@code b0}) or of a parameter, and a nested block
 * sees every name of the blocks around it, so no local shadows another. Sibling blocks may reuse a name.
 * Suggestions are kept when free ({@code j}, {@code acc}); a clash gets a suffix ({@code jv_}).
 */
final class Scope {

    private final NameAllocator names;

    private Scope(NameAllocator names) {
        this.names = names;
    }

    /**
     * The scope of a method body in a class with these fields, taking the method's parameter names (a parameter
     * may hide a field, as in {@code this.spec = spec}; a local never does).
     */
    static Scope method(Collection<String> fields, String... parameters) {
        Scope scope = new Scope(new NameAllocator());
        for (String parameter : parameters) {
            scope.reserve(parameter);
        }
        for (String field : fields) {
            scope.names.newName(field);
        }
        return scope;
    }

    /** A block inside this one: it sees this scope's names; names it allocates stay inside it. */
    Scope block() {
        return new Scope(names.clone());
    }

    /** A new local named {@code suggestion}, or a variant of it if that is taken. */
    String name(String suggestion) {
        return names.newName(suggestion);
    }

    /** Claims {@code name} exactly (a parameter); fails if it is taken, which would be a generator bug. */
    String reserve(String name) {
        String allocated = names.newName(name);
        if (!allocated.equals(name)) {
            throw new IllegalStateException("generated name " + name + " is already taken");
        }
        return allocated;
    }

    /**
     * Begins {@code for (int i = from; i < bound; i++)} in {@code c} with a new loop variable named after
     * {@code suggestion}; returns its name. The caller ends the loop.
     */
    String forLoop(CodeBlock.Builder c, String suggestion, Object from, Object bound) {
        String i = name(suggestion);
        c.beginControlFlow("for (int $N = $L; $N < $L; $N++)", i, from, i, bound, i);
        return i;
    }

    /** Begins {@code for (int i = from; i < bound; i += step)}; returns the variable's name. */
    String forLoop(CodeBlock.Builder c, String suggestion, Object from, Object bound, Object step) {
        String i = name(suggestion);
        c.beginControlFlow("for (int $N = $L; $N < $L; $N += $L)", i, from, i, bound, i, step);
        return i;
    }

    /** Declares {@code final type name = init;} in {@code c} with a new local named after {@code suggestion}. */
    String local(CodeBlock.Builder c, TypeName type, String suggestion, CodeBlock init) {
        String name = name(suggestion);
        c.addStatement("final $T $N = $L", type, name, init);
        return name;
    }
}
