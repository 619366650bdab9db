package org.fnnc.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.fnnc.onnx.proto.OnnxProto.ModelProto;

/**
 * Parses ONNX files with the protobuf classes generated from ONNX's {@code onnx.proto}, bounded: the file is
 * read whole (protobuf messages cannot exceed 2 GiB, so neither can a model without external data), then
 * parsed from that array, so a length field claiming more bytes than the file has fails at once instead of
 * allocating; nesting deeper than {@value #MAX_NESTING} messages (graphs inside attributes inside graphs...)
 * is refused before it can overflow the stack.
 */
final class OnnxModelReader {

    /** Largest file read: protobuf's own limit for one message. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** Deepest message nesting accepted; a dense network needs 6 (model, graph, node, attribute, tensor...). */
    static final int MAX_NESTING = 64;

    private OnnxModelReader() {
    }

    static ModelProto read(Path file, String source) throws IOException {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > MAX_FILE_BYTES) {
                throw new OnnxFormatException(source, "the file is " + size + " bytes, more than the 2 GiB an ONNX"
                        + " model without external data can have", null);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until full or end of file (a file that shrank meanwhile is parsed as far as it goes)
            }
            bytes = buf.array();
            if (buf.hasRemaining()) {
                bytes = java.util.Arrays.copyOf(bytes, buf.position());
            }
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(source, "file not found: " + file, null);
        }
        return parse(bytes, source);
    }

    static ModelProto parse(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new OnnxFormatException(source, "the file is empty", "expected an ONNX model (.onnx)");
        }
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setRecursionLimit(MAX_NESTING);
        ModelProto model;
        try {
            model = ModelProto.parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
        } catch (IOException e) { // from a byte array, only InvalidProtocolBufferException
            throw new OnnxFormatException(source, "not a valid ONNX file: " + protobufProblem(e),
                    "expected an ONNX model (.onnx); was it truncated or written by something else?");
        }
        if (!model.hasGraph()) {
            throw new OnnxFormatException(source, "not an ONNX model: it has no graph",
                    "expected an ONNX model (.onnx), e.g. from torch.onnx.export");
        }
        if (model.getIrVersion() <= 0) {
            throw new OnnxFormatException(source, "not an ONNX model: its ir_version is " + model.getIrVersion(),
                    "expected an ONNX model (.onnx) with an IR version of 3 or more");
        }
        return model;
    }

    /** The protobuf library's message without its advice about unknown-field handling. */
    private static String protobufProblem(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = m.indexOf("  ");
        return (cut > 0 ? m.substring(0, cut) : m).strip();
    }
}
