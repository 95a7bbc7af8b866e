package uk.nhs.impactmonitor.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** Topics as the broker reports them, in the shape of their definitions ({@link TopicSpec}), to compare the two. */
public final class BrokerTopics {

    /** What a definition always states; {@code min.insync.replicas} only when the layout sets it. */
    static final Set<String> STATED = Set.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.RETENTION_MS_CONFIG, TopicConfig.RETENTION_BYTES_CONFIG);

    private BrokerTopics() {
    }

    /**
     * @param names    the topics to describe
     * @param expected the definitions: a topic's configuration is reported for the keys its definition states
     *                 (for a topic without one, the keys every definition states)
     */
    public static List<TopicSpec> describe(Admin admin, Collection<String> names, Collection<TopicSpec> expected)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicSpec> byName = expected.stream().collect(Collectors.toMap(TopicSpec::name, s -> s, (a, b) -> a));
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        List<TopicSpec> actual = new ArrayList<>();
        for (String name : names) {
            TopicDescription description = descriptions.get(name);
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            TopicSpec definition = byName.get(name);
            Map<String, String> stated = new LinkedHashMap<>();
            for (String key : definition == null ? STATED : definition.configs().keySet()) {
                ConfigEntry entry = config.get(key);
                stated.put(key, entry == null || entry.value() == null ? "(not set)" : entry.value());
            }
            actual.add(new TopicSpec(name, description.partitions().size(), (short) description.partitions().get(0).replicas().size(), stated));
        }
        return actual;
    }
}
