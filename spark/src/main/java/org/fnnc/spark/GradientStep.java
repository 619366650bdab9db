package org.fnnc.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.fnnc.network.Network;
import org.fnnc.train.MinibatchLoop;

/**
 * One partition's part of an exact minibatch step: of the global batch {@code order[from .. from+count)}
 * (indices into all training rows, partition after partition) it takes the rows it holds, in batch order,
 * and sums their losses and gradients at the broadcast parameters.
 */
final class GradientStep implements Function2<Integer, Iterator<PartitionRows>, Iterator<GradientSum>> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkShipment> shipment;
    private final Broadcast<double[]> parameters;
    private final Broadcast<int[]> order;
    private final int[] offsets;
    private final int from;
    private final int count;

    GradientStep(Broadcast<NetworkShipment> shipment, Broadcast<double[]> parameters, Broadcast<int[]> order,
            int[] offsets, int from, int count) {
        this.shipment = shipment;
        this.parameters = parameters;
        this.order = order;
        this.offsets = offsets;
        this.from = from;
        this.count = count;
    }

    @Override
    public Iterator<GradientSum> call(Integer p, Iterator<PartitionRows> rows) {
        RowBlock block = rows.next().train();
        int first = offsets[p];
        int end = first + block.size();
        int[] global = order.value();
        int[] local = new int[count];
        int k = 0;
        for (int b = from; b < from + count; b++) {
            int g = global[b];
            if (g >= first && g < end) {
                local[k++] = g - first;
            }
        }
        if (k == 0) {
            return List.of(new GradientSum(p, 0, 0, null)).iterator();
        }
        Network network = shipment.value().newNetwork();
        network.parameters().copyFrom(parameters.value());
        double loss = new MinibatchLoop(network, k, null).accumulate(block.data(), local, 0, k);
        return List.of(new GradientSum(p, k, loss, network.gradients().toArray())).iterator();
    }
}
