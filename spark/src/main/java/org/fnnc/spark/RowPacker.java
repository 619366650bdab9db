package org.fnnc.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.fnnc.spec.Loss;

/**
 * Packs a partition of {@code (features, label[, isValidation])} rows into {@link PartitionRows}, checking
 * every value: features finite and of the network's width; labels a class index for cross-entropy, in
 * [0, 1] for binary cross-entropy, finite for MSE.
 */
final class RowPacker implements Function2<Integer, Iterator<Row>, Iterator<PartitionRows>> {

    private static final long serialVersionUID = 1L;

    private final VectorColumn featureColumn;
    private final int featureCount;
    private final VectorColumn labelColumn;
    private final int targetWidth;
    private final Loss loss;
    private final int outputs;
    private final boolean withValidation;
    private final String[] columnNames;

    RowPacker(VectorColumn featureColumn, int featureCount, VectorColumn labelColumn, int targetWidth, Loss loss,
            int outputs, boolean withValidation, String[] columnNames) {
        this.featureColumn = featureColumn;
        this.featureCount = featureCount;
        this.labelColumn = labelColumn;
        this.targetWidth = targetWidth;
        this.loss = loss;
        this.outputs = outputs;
        this.withValidation = withValidation;
        this.columnNames = columnNames;
    }

    @Override
    public Iterator<PartitionRows> call(Integer partition, Iterator<Row> rows) {
        RowBlock train = new RowBlock(featureCount, targetWidth);
        RowBlock validation = new RowBlock(featureCount, targetWidth);
        long index = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            RowBlock block = withValidation && !row.isNullAt(2) && row.getBoolean(2) ? validation : train;
            block.grow();
            String problem = featureColumn.read(row, 0, featureCount, block.features(), block.size() * featureCount);
            if (problem == null) {
                problem = nonFinite(block.features(), block.size() * featureCount, featureCount);
            }
            if (problem != null) {
                return failed(partition, index, columnNames[0], problem);
            }
            int t = block.size() * targetWidth;
            problem = labelColumn.read(row, 1, targetWidth, block.targets(), t);
            if (problem == null) {
                problem = checkTarget(block.targets(), t);
            }
            if (problem != null) {
                return failed(partition, index, columnNames[1], problem);
            }
            block.add();
            index++;
        }
        return List.of(new PartitionRows(partition, train.trim(), validation.trim(), null)).iterator();
    }

    private static Iterator<PartitionRows> failed(int partition, long row, String column, String problem) {
        return List.of(new PartitionRows(partition, null, null,
                "row " + row + " of partition " + partition + ": column '" + column + "' " + problem)).iterator();
    }

    private static String nonFinite(float[] x, int from, int n) {
        for (int k = 0; k < n; k++) {
            if (!Float.isFinite(x[from + k])) {
                return "has " + x[from + k] + " at index " + k + " (features must be finite numbers)";
            }
        }
        return null;
    }

    private String checkTarget(float[] t, int from) {
        for (int k = 0; k < targetWidth; k++) {
            float v = t[from + k];
            switch (loss) {
                case CROSS_ENTROPY -> {
                    if (!(v >= 0 && v < outputs && v == Math.rint(v))) {
                        return "is " + v + ", not a class index 0.." + (outputs - 1)
                                + " (the spec's softmax layer has " + outputs + " units). Hint: StringIndexer turns"
                                + " labels into class indices";
                    }
                }
                case BINARY_CROSS_ENTROPY -> {
                    if (!(v >= 0 && v <= 1)) {
                        return "has " + v + (targetWidth > 1 ? " at index " + k : "")
                                + ", not a binary target in [0, 1] (the spec's loss is binary_cross_entropy)";
                    }
                }
                case MSE -> {
                    if (!Float.isFinite(v)) {
                        return "has " + v + (targetWidth > 1 ? " at index " + k : "")
                                + " (regression targets must be finite numbers)";
                    }
                }
            }
        }
        return null;
    }
}
