package uk.nhs.impactmonitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.streams.config.ImpactSettings;

class ImpactTopologyNamesTest {

    @Test
    void shouldNameEveryProcessorStoreAndInternalTopicWhenBuilt() {
        // given
        var directory = ModelFixture.directory(List.of("QX1"), List.of("P1:QX1:1000"));

        // when
        TopologyDescription description = ImpactTopology.build(new StreamsBuilder(),
                ImpactSettings.defaults().withBaseline(LocalDate.parse("2024-07-01"), LocalDate.parse("2024-07-28")), directory)
                .build().describe();

        // then no generated name (KSTREAM-..., KTABLE-...) anywhere, and the model sits behind one named repartition topic,
        // the appointments feed behind another (both one partition, so both processors share one task and its stores)
        assertThat(description.toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(description.subtopologies()).hasSize(3);
        assertThat(description.toString()).contains("national-model-input-repartition", "appointments-input-repartition");
        String appointments = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(node -> node.name().equals("appointments-model")).findFirst().orElseThrow().toString();
        assertThat(appointments).contains("sub-icb-appointments", "area-appointment-totals", "indicator-values", "model-horizon");
        String model = description.subtopologies().stream().flatMap(s -> s.nodes().stream())
                .filter(node -> node.name().equals("national-model")).findFirst().orElseThrow().toString();
        assertThat(model).contains("practice-reports", "practice-notices", "pending-days", "indicator-values", "model-horizon");
    }
}
