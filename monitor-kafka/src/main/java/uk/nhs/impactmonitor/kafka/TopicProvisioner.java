package uk.nhs.impactmonitor.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that makes the broker's topics what their definitions say: creates the missing ones and brings
 * the configuration of existing ones (cleanup policy, retention, min in-sync replicas) to their definition,
 * logging every change. Used by the local stack and by each service at start-up, so a topic created earlier with
 * the broker's defaults (seven days' retention) is corrected by the next start.
 *
 * <p>It never changes a topic's partition count or replication factor: more partitions would move keys to other
 * partitions (per-key order and Kafka Streams' stores rest on them), and more replicas is a reassignment (compose's
 * {@code kafka-ha-init}). A difference there is reported as a warning.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 30;

    /** What a run did: topics created, configuration changed per topic ({@code key: old → new}), what it left alone. */
    public record Report(List<String> created, Map<String, List<String>> changed, List<String> warnings) {
        public boolean changedNothing() {
            return created.isEmpty() && changed.isEmpty();
        }
    }

    private TopicProvisioner() {
    }

    public static Report provision(String bootstrapServers, Collection<TopicSpec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(10)))) {
            return provision(admin, specs);
        }
    }

    public static Report provision(Admin admin, Collection<TopicSpec> specs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> created = new ArrayList<>();
        List<TopicSpec> present = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (existing.contains(spec.name())) {
                present.add(spec);
                continue;
            }
            try {
                admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs())))
                        .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(spec.name());
                log.info("Created topic {}: {} partition(s), {} replica(s), {}", spec.name(), spec.partitions(), spec.replicationFactor(),
                        spec.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // another service created it meanwhile: bring it to its definition like any existing topic
                present.add(spec);
            }
        }
        awaitDescribable(admin, created);
        Map<String, List<String>> changed = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        if (!present.isEmpty()) {
            align(admin, present, changed, warnings);
        }
        return new Report(List.copyOf(created), changed, List.copyOf(warnings));
    }

    /**
     * Waits until the broker describes every topic just created: creation is acknowledged by the controller before
     * every broker's metadata has it, and a describe (or a client's first use) in between is answered "this server
     * does not host this topic-partition" (seen in TopicProvisionerIntegrationTest on a loaded machine).
     */
    private static void awaitDescribable(Admin admin, List<String> created)
            throws ExecutionException, InterruptedException, TimeoutException {
        if (created.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.describeTopics(created).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void align(Admin admin, List<TopicSpec> present, Map<String, List<String>> changed, List<String> warnings)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = present.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> alterations = new HashMap<>();
        for (TopicSpec spec : present) {
            TopicDescription description = descriptions.get(spec.name());
            int partitions = description.partitions().size();
            if (partitions != spec.partitions()) {
                warnings.add(spec.name() + " has " + partitions + " partition(s), its definition " + spec.partitions()
                        + ": left as it is (changing the count moves keys between partitions)");
            }
            int replicas = description.partitions().get(0).replicas().size();
            if (replicas < spec.replicationFactor()) {
                warnings.add(spec.name() + " has " + replicas + " replica(s), its definition " + spec.replicationFactor()
                        + ": left as it is (adding replicas is a partition reassignment)");
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            Config actual = configs.get(resource);
            List<AlterConfigOp> ops = new ArrayList<>();
            List<String> changes = new ArrayList<>();
            spec.configs().forEach((key, wanted) -> {
                ConfigEntry entry = actual.get(key);
                String current = entry == null ? null : entry.value();
                if (!wanted.equals(current)) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, wanted), AlterConfigOp.OpType.SET));
                    changes.add(key + ": " + current + " → " + wanted);
                }
            });
            if (!ops.isEmpty()) {
                alterations.put(resource, ops);
                changed.put(spec.name(), changes);
            }
        }
        if (!alterations.isEmpty()) {
            admin.incrementalAlterConfigs(alterations).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            changed.forEach((topic, changes) -> log.warn("Brought topic {} to its definition: {}", topic, String.join(", ", changes)));
        }
        warnings.forEach(log::warn);
    }
}
