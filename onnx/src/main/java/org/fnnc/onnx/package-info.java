/**
 * ONNX interop: {@link org.fnnc.onnx.OnnxExport} writes a network as an ONNX model, {@link org.fnnc.onnx.OnnxImport}
 * turns a dense ONNX model into an fnnc spec and weights. See docs/onnx.md.
 */
package org.fnnc.onnx;
