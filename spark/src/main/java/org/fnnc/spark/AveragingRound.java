package org.fnnc.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.fnnc.network.Network;
import org.fnnc.network.SplitMix64;
import org.fnnc.train.MinibatchLoop;
import org.fnnc.train.Optimizer;
import org.fnnc.train.TrainingDivergedException;

/**
 * One partition's share of a round of periodic averaging: restores the broadcast parameters and optimizer
 * state into a fresh network, redraws the epoch's shuffle of the partition's rows from the broadcast
 * generator state, and takes the round's steps with the spec's optimizer: the trainer's own loop
 * ({@link MinibatchLoop}). Depends on nothing but its inputs, so a re-run attempt returns the same bits.
 */
final class AveragingRound implements Function2<Integer, Iterator<PartitionRows>, Iterator<RoundResult>> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkShipment> shipment;
    private final Broadcast<RoundInput> input;

    AveragingRound(Broadcast<NetworkShipment> shipment, Broadcast<RoundInput> input) {
        this.shipment = shipment;
        this.input = input;
    }

    @Override
    public Iterator<RoundResult> call(Integer p, Iterator<PartitionRows> rows) {
        RoundInput in = input.value();
        RowBlock block = rows.next().train();
        int n = block.size();
        if (n == 0) {
            return List.of(new RoundResult(p, 0, null, null, 0, in.epochRng()[p], null)).iterator();
        }
        Network network = shipment.value().newNetwork();
        network.parameters().copyFrom(in.parameters());
        Optimizer optimizer = Optimizer.create(network.spec().training(), network.parameters().layout());
        optimizer.restore(in.optimizerState());
        SplitMix64 rng = new SplitMix64(0);
        rng.setState(in.epochRng()[p]);
        int[] order = new int[n];
        rng.permutation(order);
        MinibatchLoop loop = new MinibatchLoop(network, MinibatchLoop.batchSize(in.batchSize(), n), optimizer);
        try {
            double lossSum = loop.train(block.data(), order, in.batchSize(), in.fromStep()[p], in.toStep()[p],
                    in.learningRate(), in.epoch());
            return List.of(new RoundResult(p, n, network.parameters().toArray(), optimizer.state(), lossSum,
                    rng.state(), null)).iterator();
        } catch (TrainingDivergedException e) {
            return List.of(new RoundResult(p, n, null, null, Double.NaN, rng.state(), e)).iterator();
        }
    }
}
