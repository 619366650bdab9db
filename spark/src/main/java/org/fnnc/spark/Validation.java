package org.fnnc.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.fnnc.network.Network;
import org.fnnc.train.Evaluator;

/** Evaluates the broadcast parameters on one partition's validation rows with the runtime's {@link Evaluator}. */
final class Validation implements Function2<Integer, Iterator<PartitionRows>, Iterator<MetricsPart>> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkShipment> shipment;
    private final Broadcast<double[]> parameters;

    Validation(Broadcast<NetworkShipment> shipment, Broadcast<double[]> parameters) {
        this.shipment = shipment;
        this.parameters = parameters;
    }

    @Override
    public Iterator<MetricsPart> call(Integer p, Iterator<PartitionRows> rows) {
        RowBlock block = rows.next().validation();
        if (block.size() == 0) {
            return List.of(MetricsPart.EMPTY).iterator();
        }
        Network network = shipment.value().newNetwork();
        network.parameters().copyFrom(parameters.value());
        return List.of(MetricsPart.of(new Evaluator(network).evaluate(block.data()), network.outputSize())).iterator();
    }
}
