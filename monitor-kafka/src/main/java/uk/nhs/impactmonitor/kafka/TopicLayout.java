package uk.nhs.impactmonitor.kafka;

/**
 * What a deployment adds to the topic definitions ({@code Topic}): how many partitions a topic spread over the
 * deployment gets (single-partition topics and dead-letter topics always have one), how many copies of each
 * partition the brokers keep, and how many of them must have a write before it is acknowledged.
 *
 * @param partitions         partitions of every topic not marked single-partition; at least 1 (the local stack: 1,
 *                           docker compose: 3, so a second impact-streams instance has work to take over)
 * @param replicationFactor  copies of each partition; 1 on one broker, 3 in a replicated deployment
 * @param minInSyncReplicas  copies that must have a write before {@code acks=all} is answered, set on every topic;
 *                           0 leaves it to the broker's default ({@code min.insync.replicas}), as compose's
 *                           {@code ha} profile does, which raises the cluster default once every topic is replicated
 */
public record TopicLayout(int partitions, short replicationFactor, int minInSyncReplicas) {

    /** One broker: one partition, one copy, the broker's min in-sync replicas. */
    public static final TopicLayout LOCAL = new TopicLayout(1, (short) 1, 0);

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: must be at least 1 but was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor: must be at least 1 but was " + replicationFactor);
        }
        if (minInSyncReplicas < 0 || minInSyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("minInSyncReplicas: must be between 0 and the replication factor "
                    + replicationFactor + " but was " + minInSyncReplicas);
        }
    }
}
