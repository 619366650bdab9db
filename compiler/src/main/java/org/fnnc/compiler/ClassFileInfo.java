package org.fnnc.compiler;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the size facts that matter for the JIT from a class file (JVMS §4): the bytecode length of every
 * method's {@code Code} attribute and the constant pool count. Used to verify the unroll planner's budget
 * and by {@code fnnc inspect}.
 *
 * @param className        internal name of the class
 * @param constantPoolCount the class's constant_pool_count
 * @param methodCodeBytes  method name and descriptor → bytecode length, in class-file order
 */
public record ClassFileInfo(String className, int constantPoolCount, Map<String, Integer> methodCodeBytes) {

    /** The largest method's bytecode length. */
    public int largestMethod() {
        return methodCodeBytes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public static ClassFileInfo read(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int cpCount = in.readUnsignedShort();
            String[] utf8 = new String[cpCount];
            int[] classNameIndex = new int[cpCount];
            for (int i = 1; i < cpCount; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1:
                        utf8[i] = in.readUTF();
                        break;
                    case 7:
                        classNameIndex[i] = in.readUnsignedShort();
                        break;
                    case 8: case 16: case 19: case 20:
                        in.readUnsignedShort();
                        break;
                    case 15:
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        in.readInt();
                        break;
                    case 5: case 6:
                        in.readLong();
                        i++;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + i);
                }
            }
            in.readUnsignedShort();
            String name = utf8[classNameIndex[in.readUnsignedShort()]];
            in.readUnsignedShort();
            skip(in, 2 * in.readUnsignedShort());
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                skip(in, 6);
                skipAttributes(in);
            }
            Map<String, Integer> sizes = new LinkedHashMap<>();
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();
                String methodName = utf8[in.readUnsignedShort()];
                String descriptor = utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.readUnsignedShort();
                        in.readUnsignedShort();
                        int codeLength = in.readInt();
                        sizes.put(methodName + descriptor, codeLength);
                        skip(in, length - 8);
                    } else {
                        skip(in, length);
                    }
                }
            }
            return new ClassFileInfo(name, cpCount, sizes);
        } catch (IOException e) {
            throw new UncheckedIOException("truncated class file", e);
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int a = 0; a < count; a++) {
            in.readUnsignedShort();
            skip(in, in.readInt());
        }
    }

    private static void skip(DataInputStream in, int n) throws IOException {
        in.skipNBytes(n);
    }
}
