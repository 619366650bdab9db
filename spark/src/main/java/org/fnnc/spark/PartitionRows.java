package org.fnnc.spark;

import java.io.Serializable;

/**
 * One partition's training and validation rows, or what made a row unusable (the first bad row, found while
 * packing, so that the driver reports it once instead of a task failing and being retried).
 */
record PartitionRows(int partition, RowBlock train, RowBlock validation, String problem) implements Serializable {
}
