package uk.nhs.impactmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.localstack.LocalStack;

/**
 * A real Prometheus (Debian's, started by the test) scrapes the three running services through a config derived
 * from the committed prometheus/prometheus.yml; then every PromQL expression in grafana/dashboards must return
 * at least one series, and the numbers the planners' dashboards show are the ones worked out by hand below.
 *
 * <p>The monitor holds four practices in NHS England's file format: P00001 (10,000 patients) and P00002 (5,000) in
 * ICB QE1, P00003 (6,000) in QOP, all North West (Y62); P00004 (4,000) in QHM, North East and Yorkshire (Y63).
 * P00001 and P00002 stop Advice & Guidance from 1 August 2024, and all four report for that day.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIntegrationTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final String ADMIN = "deploy-checks-admin";
    private static final String ACTION = "STOP_ADVICE_AND_GUIDANCE";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration SERIES_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private LocalStack stack;
    private HttpServer webhook;
    private final AtomicInteger webhookDeliveries = new AtomicInteger();
    /** Alerts in the delivered messages (one message may carry several). */
    private final AtomicInteger webhookAlerts = new AtomicInteger();
    /** When the first notice was posted: no latency of this run can be longer than the time since. */
    private long fedFromNanos;
    private Process prometheus;
    private String prometheusUrl;

    @BeforeAll
    void startTheMonitorAndPrometheus() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "/usr/bin/prometheus is absent (apt-get install prometheus, as .ci/run does): "
                + "the dashboards' queries are not evaluated");
        Path[] directory = writeDirectory(dir);
        stack = LocalStack.start(
                "--monitor.data-dir=" + dir.resolve("data"),
                "--monitor.demo.enabled=false",
                // every report is in at once here: with no reporting lag, 1 August (the only day reported) is settled, so
                // the alert rules, which judge settled days only, judge it whichever value reaches alerts-service first
                "--monitor.indicators.reporting-lag-days=0",
                "--monitor.directory.practices=" + directory[0],
                "--monitor.directory.list-sizes=" + directory[1],
                "--monitor.security.admin-token=" + ADMIN,
                "--monitor.kafka.port=" + freePort(),
                "--monitor.kafka.controller-port=" + freePort(),
                "--monitor.local.ingest-port=" + freePort(),
                "--monitor.local.streams-port=" + freePort(),
                "--monitor.local.alerts-port=" + freePort(), "--monitor.local.auth-port=0",
                // a notification as soon as an alert fires (default group wait 30 s)
                "--monitor.alerts.group-wait=0s", "--monitor.alerts.tick-interval=50ms");
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            webhookAlerts.addAndGet(DeployFiles.JSON.readTree(body).path("alerts").size());
            webhookDeliveries.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        feedTheMonitor();
        startPrometheus();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldReturnASeriesForEveryDashboardExpressionWhenPrometheusScrapesTheRunningServices() throws Exception {
        // given: every expression of every dashboard, with the area variables set to areas that hold data
        Map<String, String> variables = Map.of("region", "Y62", "icb", "QE1");
        List<Dashboard.Query> queries = Dashboard.all().stream().flatMap(d -> d.queries().stream()).toList();
        assertThat(queries).hasSizeGreaterThan(30);

        // when: each is evaluated until it answers a series (counters need two scrapes before rate() has one)
        Map<String, String> empty = new LinkedHashMap<>();
        long deadline = System.nanoTime() + SERIES_TIMEOUT.toNanos();
        for (Dashboard.Query query : queries) {
            String promql = query.resolve(variables);
            JsonNode result = awaitSeries(promql, deadline);
            if (result.isEmpty()) {
                empty.put(query.where(), promql);
            }
        }

        // then
        assertThat(empty).as("dashboard expressions that return no series").isEmpty();
    }

    @Test
    void shouldShowHandWorkedValuesWhenPlannersReadTheNationalRegionAndIcbDashboards() throws Exception {
        // given
        Dashboard national = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/national-overview.json"));
        Dashboard region = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/region.json"));
        Dashboard icb = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/icb.json"));
        Map<String, String> y62 = Map.of("region", "Y62");
        Map<String, String> qe1 = Map.of("icb", "QE1");

        // when / then: participation, by hand. ENG: 2 of 4 practices = 0.5; patients 15,000 of 25,000 = 0.6.
        // Y62: 2 of 3 = 0.6667; 15,000 of 21,000 = 0.7143. QE1: 2 of 2 = 1.0; 15,000 of 15,000 = 1.0.
        assertEventually(() -> value(national, "Participation by action", Map.of(), "action", ACTION), 0.5);
        assertEventually(() -> value(national, "Patients covered by action", Map.of(), "action", ACTION), 0.6);
        assertEventually(() -> value(region, "Participation by action", y62, "action", ACTION), 2.0 / 3);
        assertEventually(() -> value(region, "Patients covered by action", y62, "action", ACTION), 15_000.0 / 21_000);
        assertEventually(() -> value(icb, "Participation by action", qe1, "action", ACTION), 1.0);
        assertEventually(() -> value(icb, "Patients covered by action", qe1, "action", ACTION), 1.0);
        // the regions' bars: each region's highest participation (Y63 has no participating practice)
        assertEventually(() -> value(national, "Participation by region", Map.of(), "area", "Y62"), 2.0 / 3);
        assertEventually(() -> value(national, "Participation by region", Map.of(), "area", "Y63"), 0.0);

        // reports on 1 August, one day in the 7-day window, every practice reporting:
        //   urgent care diversions 20, 10, 3, 2: ENG 1000·35/25,000 = 1.4; Y62 1000·33/21,000 = 1.5714; QE1 1000·30/15,000 = 2.0
        //   capped / clinician sessions 5/10, 0/10, 0/10, 3/10: ENG 8/40 = 0.2; Y62 5/30 = 0.1667; QE1 5/20 = 0.25
        //   contacts / sessions 200, 120, 150, 150 over 10 each: ENG 620/40 = 15.5; Y62 470/30 = 15.6667; QE1 320/20 = 16.0
        //   reporting completeness 1.0 everywhere
        assertUrgentCareAndSessions(national, Map.of(), 1.4, 0.2, 15.5);
        assertUrgentCareAndSessions(region, y62, 33_000.0 / 21_000, 5.0 / 30, 470.0 / 30);
        assertUrgentCareAndSessions(icb, qe1, 2.0, 0.25, 16.0);
        assertEventually(() -> single(national, "Reporting completeness", Map.of(), "A"), 1.0);
        assertEventually(() -> single(region, "Reporting completeness", y62, "A"), 1.0);
        assertEventually(() -> single(icb, "Reporting completeness", qe1, "A"), 1.0);
    }

    @Test
    void shouldCountWhatHappenedWhenOperationsReadTheServiceHealthAndAlertsDashboards() throws Exception {
        // given: 2 notices declared, 4 reports accepted and 1 rejected (negative count), 1 unreadable activity record
        Dashboard alerts = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/alerts.json"));
        Dashboard region = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/region.json"));
        Dashboard icb = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/icb.json"));

        // when / then: the counters themselves, as the panels' expressions select them
        assertEventually(() -> instant("sum(ingest_notices_total{change=\"DECLARED\", outcome=\"accepted\"})"), 2.0);
        assertEventually(() -> instant("sum(ingest_reports_total{outcome=\"accepted\"})"), 4.0);
        assertEventually(() -> instant("sum(ingest_reports_total{outcome=\"rejected\"})"), 1.0);
        assertEventually(() -> instant("sum(impact_dead_letters_total{topic=\"" + Topics.PRACTICE_ACTIVITY.name() + "\"})"), 1.0);
        // alerts: QE1 is 2 of 2 practices and all its patients (icb_participation and icb_patients_covered fire);
        // Y62 at 2 of 3 = 0.667 is over the region warning 0.4 and under its critical 0.75
        assertEventually(() -> sumOf(icb, "Alerts firing in the ICB", Map.of("icb", "QE1")), 2.0);
        assertEventually(() -> value(region, "Alerts firing in the region", Map.of("region", "Y62"), "severity", "WARNING"), 1.0);
        assertEventually(() -> sumOf(alerts, "Firing now", Map.of()), 3.0);
        // the Y62 subscriber's webhook answered 200 for every delivery Prometheus counted
        double delivered = eventually(() -> instant("sum(alerts_deliveries_total{channel=\"webhook\", outcome=\"delivered\"})"),
                () -> (double) webhookDeliveries.get());
        assertThat(delivered).isPositive().isEqualTo((double) webhookDeliveries.get());
    }

    @Test
    void shouldShowEveryConsumersLagAndAPipelineLatencyPerEmissionWhenOperationsReadTheServiceHealthDashboard() throws Exception {
        // given: the consumers of the pipeline, by the service that runs them and the topic they read
        Dashboard health = Dashboard.load(DeployFiles.root().resolve("grafana/dashboards/service-health.json"));
        Map<String, String> consumers = Map.of(
                "ingest-service|practice-notices", "the notice view",
                "impact-streams|practice-notices", "Streams: notices in",
                "impact-streams|practice-activity", "Streams: reports in",
                "impact-streams|" + repartitionTopic(), "Streams: the national model",
                "impact-streams|" + Topics.IMPACT_INDICATORS.name(), "the SSE feed and gauges",
                "alerts-service|" + Topics.IMPACT_INDICATORS.name(), "alerting");

        // when / then: the lag panel has a series for each, and each is back to 0 once the stack is idle
        for (Map.Entry<String, String> consumer : consumers.entrySet()) {
            String[] jobTopic = consumer.getKey().split("\\|");
            assertThat(eventually(() -> lag(health, jobTopic[0], jobTopic[1]), 0.0)).as("lag of %s (%s)", consumer.getValue(), consumer.getKey())
                    .isZero();
        }

        // the model stage: one duration per value written to impact-indicators
        double emitted = eventually(() -> instant("sum(monitor_pipeline_latency_seconds_count{stage=\"model\"})"),
                () -> committedRecords(Topics.IMPACT_INDICATORS.name()));
        assertThat(emitted).as("model stage samples = indicator records").isPositive().isEqualTo(committedRecords(Topics.IMPACT_INDICATORS.name()));
        // the alert stage: one duration per change of an alert's state or severity on impact-alerts (all caused by indicators here)
        double transitions = eventually(() -> instant("sum(monitor_pipeline_latency_seconds_count{stage=\"alert\"})"), this::alertTransitions);
        assertThat(transitions).as("alert stage samples = transitions on impact-alerts").isPositive().isEqualTo(alertTransitions());
        // the webhook stage: at most one per alert in a delivered message (a notification whose alert changed again while
        // in flight is not timed: its cause is the newer transition)
        double notified = instant("sum(monitor_pipeline_latency_seconds_count{stage=\"webhook\"})");
        assertThat(notified).as("webhook stage samples").isPositive().isLessThanOrEqualTo(webhookAlerts.get());
        // every duration lies inside this run: nothing was ingested before the first notice was posted
        double run = (System.nanoTime() - fedFromNanos) / 1e9;
        for (String stage : List.of("model", "alert", "webhook")) {
            double sum = instant("sum(monitor_pipeline_latency_seconds_sum{stage=\"" + stage + "\"})");
            double count = instant("sum(monitor_pipeline_latency_seconds_count{stage=\"" + stage + "\"})");
            assertThat(sum).as(stage + " total").isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(count * run);
            double max = instant("max(monitor_pipeline_latency_seconds_max{stage=\"" + stage + "\"})");
            assertThat(max).as(stage + " max").isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(run);
            // the histogram's buckets hold every sample, and the panels' quantile reads them (over every sample since
            // start here: the rate() of the panels is NaN in this test, since everything happened before Prometheus started)
            assertThat(instant("sum(monitor_pipeline_latency_seconds_bucket{stage=\"" + stage + "\", le=\"+Inf\"})")).isEqualTo(count);
            double p50 = instant("histogram_quantile(0.5, sum by (le) (monitor_pipeline_latency_seconds_bucket{stage=\"" + stage + "\"}))");
            double p99 = instant("histogram_quantile(0.99, sum by (le) (monitor_pipeline_latency_seconds_bucket{stage=\"" + stage + "\"}))");
            assertThat(p50).as(stage + " p50").isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(p99);
            assertThat(p99).as(stage + " p99").isLessThanOrEqualTo(run);
        }
    }

    private static String repartitionTopic() {
        return "impact-streams-" + uk.nhs.impactmonitor.streams.topology.ImpactTopology.MODEL_INPUT + "-repartition";
    }

    /** The lag panel's series of one consumer (records behind, summed over the partitions). */
    private double lag(Dashboard dashboard, String job, String topic) throws Exception {
        JsonNode result = awaitSeries(panelQuery(dashboard, "Consumer lag by stage", "A").resolve(Map.of()), System.nanoTime() + SERIES_TIMEOUT.toNanos());
        for (JsonNode series : result) {
            if (job.equals(series.get("metric").path("job").asString("")) && topic.equals(series.get("metric").path("topic").asString(""))) {
                return Double.parseDouble(series.get("value").get(1).asString(""));
            }
        }
        throw new AssertionError("no lag series for " + job + " <- " + topic + " in " + result);
    }

    /** Committed records of a topic, from its beginning to its end now. */
    private double committedRecords(String topic) {
        return readAll(topic).size();
    }

    /** Changes of state or severity on impact-alerts, per alert in the order written. */
    private double alertTransitions() {
        Map<String, String> last = new HashMap<>();
        int transitions = 0;
        for (ConsumerRecord<byte[], byte[]> record : readAll(Topics.IMPACT_ALERTS.name())) {
            JsonNode alert = DeployFiles.JSON.readTree(record.value());
            String now = alert.path("state").asString("") + "/" + alert.path("severity").asString("");
            if (!now.equals(last.put(alert.path("alertId").asString(""), now))) {
                transitions++;
            }
        }
        return transitions;
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    /** A scrape, or an alert a moment behind the others, can show an earlier value: wait for the expected one, then assert. */
    private static void assertEventually(Probe probe, double expected) throws Exception {
        assertThat(eventually(probe, () -> expected)).isCloseTo(expected, within(1e-9));
    }

    private static double eventually(Probe probe, double expected) throws Exception {
        return eventually(probe, () -> expected);
    }

    private static double eventually(Probe probe, Probe expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                double value = probe.value();
                if (Math.abs(value - expected.value()) <= 1e-9 || System.nanoTime() > deadline) {
                    return value;
                }
            } catch (AssertionError notThereYet) {
                if (System.nanoTime() > deadline) {
                    throw notThereYet;
                }
            }
            Thread.sleep(250);
        }
    }

    @FunctionalInterface
    private interface Probe {
        double value() throws Exception;
    }

    private void assertUrgentCareAndSessions(Dashboard dashboard, Map<String, String> variables, double diversions,
                                             double cappedShare, double contactsPerSession) throws Exception {
        assertThat(eventually(() -> single(dashboard, "Urgent care and sessions", variables, "A"), diversions)).as(dashboard.name() + " diversions")
                .isCloseTo(diversions, within(1e-9));
        assertThat(eventually(() -> single(dashboard, "Urgent care and sessions", variables, "B"), cappedShare)).as(dashboard.name() + " capped share")
                .isCloseTo(cappedShare, within(1e-9));
        assertThat(eventually(() -> single(dashboard, "Urgent care and sessions", variables, "C"), contactsPerSession)).as(dashboard.name() + " contacts per session")
                .isCloseTo(contactsPerSession, within(1e-9));
    }

    private void feedTheMonitor() throws Exception {
        var ports = stack.settings().local();
        String ingest = "http://127.0.0.1:" + ports.ingestPort();
        String alerts = "http://127.0.0.1:" + ports.alertsPort();
        HttpResponse<String> subscribed = post(alerts + "/api/v1/subscriptions",
                "{\"area\":\"Y62\",\"webhook\":{\"url\":\"http://127.0.0.1:" + webhook.getAddress().getPort()
                        + "/hook\",\"secret\":\"deploy-checks-secret\"}}");
        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
        fedFromNanos = System.nanoTime();
        for (String practice : List.of("P00001", "P00002")) {
            HttpResponse<String> notice = post(ingest + "/api/v1/notices", "{\"practiceCode\":\"" + practice + "\",\"action\":\"" + ACTION
                    + "\",\"effectiveFrom\":\"2024-08-01\",\"submittedBy\":\"" + practice + " practice manager\"}");
            assertThat(notice.statusCode()).as(notice.body()).isEqualTo(202);
        }
        int[][] counts = {
                // clinicianSessions, patientContacts, cappedSessions, urgentCareDiversions
                {10, 200, 5, 20}, {10, 120, 0, 10}, {10, 150, 0, 3}, {10, 150, 3, 2}};
        for (int i = 0; i < counts.length; i++) {
            HttpResponse<String> report = post(ingest + "/api/v1/activity", report("P0000" + (i + 1), counts[i][0], counts[i][1], counts[i][2], counts[i][3]));
            assertThat(report.statusCode()).as(report.body()).isEqualTo(202);
        }
        HttpResponse<String> rejected = post(ingest + "/api/v1/activity", report("P00001", 10, -1, 0, 0));
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> unreadable = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
            unreadable.send(new ProducerRecord<>(Topics.PRACTICE_ACTIVITY.name(), "P00001/2024-08-01".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        // the alerts fire and reach the subscriber before Prometheus starts, so every counter has its final value
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (webhookDeliveries.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(webhookDeliveries.get()).as("webhook deliveries to the Y62 subscriber").isPositive();
    }

    private static String report(String practice, int sessions, int contacts, int capped, int diversions) {
        return "{\"practiceCode\":\"" + practice + "\",\"day\":\"2024-08-01\",\"clinicianSessions\":" + sessions
                + ",\"patientContacts\":" + contacts + ",\"cappedSessions\":" + capped + ",\"urgentCareDiversions\":" + diversions
                + ",\"agRequests\":0,\"referrals\":1,\"onlineRequests\":2}";
    }

    /** The committed scrape jobs, their targets moved to this test's ports, scraped every second. */
    private void startPrometheus() throws Exception {
        var ports = stack.settings().local();
        Map<String, Integer> portOfJob = Map.of("ingest-service", ports.ingestPort(), "impact-streams", ports.streamsPort(),
                "alerts-service", ports.alertsPort());
        ObjectNode config = (ObjectNode) DeployFiles.yaml(DeployFiles.root().resolve("prometheus/prometheus.yml"));
        ((ObjectNode) config.get("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        List<String> jobs = new ArrayList<>();
        for (JsonNode job : config.get("scrape_configs")) {
            String name = job.get("job_name").asString("");
            assertThat(portOfJob).as("a scrape job for a service this test runs").containsKey(name);
            jobs.add(name);
            ArrayNode targets = ((ObjectNode) job.get("static_configs").get(0)).putArray("targets");
            targets.add("127.0.0.1:" + portOfJob.get(name));
        }
        assertThat(jobs).containsExactlyInAnyOrder("ingest-service", "impact-streams", "alerts-service");
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, DeployFiles.YAML.writeValueAsString(config));
        int port = freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        // up: every target scraped at least once
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode up = query("sum(up)");
                if (!up.isEmpty() && up.get(0).get("value").get(1).asString("").equals("3")) {
                    return;
                }
            } catch (java.net.ConnectException notListeningYet) {
                assertThat(prometheus.isAlive()).as("Prometheus is running; its log: %s", Files.readString(dir.resolve("prometheus.log"))).isTrue();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not scrape the three services; its log: " + Files.readString(dir.resolve("prometheus.log")));
    }

    private JsonNode awaitSeries(String promql, long deadline) throws Exception {
        JsonNode result = query(promql);
        while (result.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            result = query(promql);
        }
        return result;
    }

    /** The instant value of the series of a panel's first target whose label has the given value. */
    private double value(Dashboard dashboard, String panel, Map<String, String> variables, String label, String labelValue) throws Exception {
        JsonNode result = awaitSeries(panelQuery(dashboard, panel, "A").resolve(variables), System.nanoTime() + SERIES_TIMEOUT.toNanos());
        for (JsonNode series : result) {
            if (labelValue.equals(series.get("metric").path(label).asString(""))) {
                return Double.parseDouble(series.get("value").get(1).asString(""));
            }
        }
        throw new AssertionError(dashboard.name() + " / " + panel + ": no series with " + label + "=" + labelValue + " in " + result);
    }

    private double single(Dashboard dashboard, String panel, Map<String, String> variables, String refId) throws Exception {
        JsonNode result = awaitSeries(panelQuery(dashboard, panel, refId).resolve(variables), System.nanoTime() + SERIES_TIMEOUT.toNanos());
        assertThat(result).as(dashboard.name() + " / " + panel + " / " + refId).hasSize(1);
        return Double.parseDouble(result.get(0).get("value").get(1).asString(""));
    }

    private double sumOf(Dashboard dashboard, String panel, Map<String, String> variables) throws Exception {
        JsonNode result = awaitSeries(panelQuery(dashboard, panel, "A").resolve(variables), System.nanoTime() + SERIES_TIMEOUT.toNanos());
        double sum = 0;
        for (JsonNode series : result) {
            sum += Double.parseDouble(series.get("value").get(1).asString(""));
        }
        return sum;
    }

    private static Dashboard.Query panelQuery(Dashboard dashboard, String panel, String refId) {
        for (JsonNode target : dashboard.panel(panel).get("targets")) {
            if (refId.equals(target.get("refId").asString(""))) {
                return new Dashboard.Query(dashboard.name() + " / " + panel, target.get("expr").asString(""));
            }
        }
        throw new AssertionError(dashboard.name() + " / " + panel + " has no target " + refId);
    }

    private double instant(String promql) throws Exception {
        JsonNode result = awaitSeries(promql, System.nanoTime() + SERIES_TIMEOUT.toNanos());
        assertThat(result).as(promql).hasSize(1);
        return Double.parseDouble(result.get(0).get("value").get(1).asString(""));
    }

    private JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503) {
            return DeployFiles.JSON.createArrayNode();
        }
        JsonNode body = DeployFiles.JSON.readTree(response.body());
        assertThat(body.path("status").asString("")).as(promql + " -> " + response.body()).isEqualTo("success");
        return body.get("data").get("result");
    }

    private static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Four practices in NHS England's published file format, so the services load them through the real loader. */
    private static Path[] writeDirectory(Path dir) throws IOException {
        Path map = dir.resolve("gp-reg-pat-prac-map.csv");
        Files.writeString(map, "PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,"
                + "ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,"
                + "ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME\r\n"
                + practice("P00001", "QE1", "E54000048", "NHS Lancashire and South Cumbria Integrated Care Board", "Y62", "E40000014", "North West")
                + practice("P00002", "QE1", "E54000048", "NHS Lancashire and South Cumbria Integrated Care Board", "Y62", "E40000014", "North West")
                + practice("P00003", "QOP", "E54000057", "NHS Greater Manchester Integrated Care Board", "Y62", "E40000014", "North West")
                + practice("P00004", "QHM", "E54000050", "NHS North East and North Cumbria Integrated Care Board", "Y63", "E40000012",
                "North East and Yorkshire"));
        Path totals = dir.resolve("gp-reg-pat-prac-all.csv");
        Map<String, Integer> lists = new HashMap<>(Map.of("P00001", 10_000, "P00002", 5_000, "P00003", 6_000, "P00004", 4_000));
        StringBuilder text = new StringBuilder("PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,"
                + "POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n");
        lists.keySet().stream().sorted().forEach(code -> text.append("GP_PRAC_PAT_LIST,2026-02-01,GP,00L,E38000001,").append(code)
                .append(",AB1 2CD,ALL,ALL,").append(lists.get(code)).append("\r\n"));
        Files.writeString(totals, text);
        return new Path[] {map, totals};
    }

    private static String practice(String code, String icb, String onsIcb, String icbName, String region, String onsRegion, String regionName) {
        return "GP_PRAC_PAT_LIST,01Oct2025," + code + ",PRACTICE " + code + ",AB1 2CD,U00001,SOME PCN,E38000001,00L,\"Sub-ICB, 00L\","
                + onsIcb + "," + icb + ",\"" + icbName + "\"," + onsRegion + "," + region + "," + regionName + ",EMIS\r\n";
    }
}
