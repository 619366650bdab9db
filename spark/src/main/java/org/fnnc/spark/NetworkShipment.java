package org.fnnc.spark;

import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.fnnc.compiler.JaninoNetworkCompiler.CompiledClass;
import org.fnnc.network.Network;

/**
 * A network class as it travels to the executors: the class files the driver compiled, never the spec to
 * compile again, so executors run no Janino (Spark brings its own, older one). Each JVM defines the class
 * once, in a class loader of its own whose parent is the one that loaded fnnc's {@link Network}; the
 * generated no-argument constructor rebuilds the spec from code.
 */
final class NetworkShipment implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Classes defined in this JVM, by spec hash: a shipment defines its class once however often it comes. */
    private static final ConcurrentMap<String, Class<? extends Network>> DEFINED = new ConcurrentHashMap<>();

    private final String specHash;
    private final String className;
    private final Map<String, byte[]> classFiles;

    private NetworkShipment(String specHash, String className, Map<String, byte[]> classFiles) {
        this.specHash = specHash;
        this.className = className;
        this.classFiles = classFiles;
    }

    /** The shipment of a class compiled on the driver. */
    static NetworkShipment of(CompiledClass compiled) {
        return new NetworkShipment(compiled.source().spec().hash(), compiled.source().qualifiedName(),
                Map.copyOf(compiled.bytecode()));
    }

    String specHash() {
        return specHash;
    }

    /** A new network with the spec's freshly initialised parameters. */
    Network newNetwork() {
        Class<? extends Network> type = DEFINED.computeIfAbsent(specHash, h -> define());
        try {
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructing " + className + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("generated class " + className + " has no public no-argument constructor", e);
        }
    }

    private Class<? extends Network> define() {
        try {
            return new ShippedClassLoader(classFiles, Network.class.getClassLoader())
                    .loadClass(className).asSubclass(Network.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the shipped class files do not hold " + className, e);
        }
    }

    /** Defines the shipped classes, delegating everything else to its parent. */
    private static final class ShippedClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classFiles;

        ShippedClassLoader(Map<String, byte[]> classFiles, ClassLoader parent) {
            super("fnnc-network", parent);
            this.classFiles = classFiles;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classFiles.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
