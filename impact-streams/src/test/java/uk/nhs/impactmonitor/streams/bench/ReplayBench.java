package uk.nhs.impactmonitor.streams.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.streams.Http;
import uk.nhs.impactmonitor.streams.ImpactStreamsApplication;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * A national replay through a real broker (a benchmark, run by hand, never a test): every synthetic practice reports
 * every day from the start of the default baseline for the given number of days; prints how long until England's
 * completeness on the last day reads 1.0 in the API, i.e. every report is in the model and the day was emitted.
 *
 * <p>Run: {@code java -cp <test classpath> uk.nhs.impactmonitor.streams.bench.ReplayBench [days]}
 */
public final class ReplayBench {

    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 35;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        int port = freePort();
        ConfigurableApplicationContext app = ImpactStreamsApplication.builder().run("--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--monitor.security.dev-credentials=true",
                "--monitor.streams.state-dir=" + Files.createTempDirectory("replay-bench"),
                "--monitor.streams.application-server=127.0.0.1:" + port, "--logging.level.root=WARN");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(), ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new ByteArraySerializer())) {
            PracticeDirectory directory = app.getBean(PracticeDirectory.class);
            List<Practice> practices = List.copyOf(directory.practices());
            Random random = new Random(1);
            LocalDate first = LocalDate.parse("2024-07-04");
            LocalDate last = first.plusDays(days - 1);
            var serializer = Topics.PRACTICE_ACTIVITY.valueSerde().serializer();
            long started = System.nanoTime();
            int sent = 0;
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                for (Practice practice : practices) {
                    int sessions = 5 + random.nextInt(10);
                    DailyReport report = ModelFixture.report(practice.code(), day, sessions, sessions * 22, random.nextInt(sessions + 1),
                            random.nextInt(8), random.nextInt(12), random.nextInt(10), random.nextInt(30));
                    producer.send(new ProducerRecord<>(Topics.PRACTICE_ACTIVITY.name(), report.key(), serializer.serialize("", report)));
                    sent++;
                }
            }
            producer.flush();
            long produced = System.nanoTime();
            System.out.printf("produced %,d reports in %,d ms%n", sent, (produced - started) / 1_000_000);
            Http http = new Http(port);
            while (completeness(http, last) != 1.0) {
                Thread.sleep(500);
                if (System.nanoTime() - started > 1_800_000_000_000L) {
                    throw new IllegalStateException("not caught up after 30 minutes");
                }
            }
            long done = System.nanoTime();
            System.out.printf("%,d reports (%d days x %,d practices): last day complete in the API %,d ms after the first was sent "
                    + "(%,d ms after the last)%n", sent, days, practices.size(), (done - started) / 1_000_000, (done - produced) / 1_000_000);
        } finally {
            app.close();
            broker.destroy();
        }
    }

    private static double completeness(Http http, LocalDate day) {
        Http.Response response = http.get("/api/v1/areas/ENG/indicators/reporting_completeness?from=" + day + "&to=" + day, Http.ADMIN);
        if (response.status() != 200 || response.json().isEmpty()) {
            return -1;
        }
        JsonNode value = response.json().get(0).path("value");
        return value.isNull() ? -1 : value.asDouble();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
