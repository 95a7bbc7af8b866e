package uk.nhs.impactmonitor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.SharedData;
import uk.nhs.impactmonitor.domain.directory.Area;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.directory.SyntheticDirectory;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.simulator.demo.DemoRunner;
import uk.nhs.impactmonitor.simulator.demo.DemoSettings;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

/**
 * The README's demo, end to end, at a scale CI can afford: the simulator's {@code expected} scenario (closed days,
 * reports arriving over days, notices given ahead) through the real ingest-service, impact-streams and alerts-service
 * on the in-process KRaft broker, as the local stack runs it (a backfill straight to Kafka of the baseline weeks and
 * the first action days, then a day at a time through the ingest API, to the end of the action period).
 * Then every indicator value is read back over the API, a reference written here applies each rule alerts-service
 * says it has in force ({@code GET /api/v1/rules}) as api.md and indicators.md (version 2) define it, and the
 * firing alerts must be exactly the reference's, counted by rule; no alert may judge a day after H − L.
 *
 * <p>Scale: the 717 synthetic practices of the South West's seven ICBs (Y58: 56 to 117 practices each) and South
 * East London (QKK, 193; London, Y56), so there are small and large ICBs, two regions and England ≠ any region.
 * The national directory (6,202 practices, {@code -Ddemo.scale=national}) is nine times the data for the same
 * rules and takes several times as long on two cores; CI's whole suite has to stay within about 15 minutes.
 *
 * <p>The reference's reading of the contract: api.md and indicators.md (version 2) for which values a rule judges,
 * alerts-service's README ("Which day a rule judges", "Lifecycle") where api.md leaves the rule's semantics open:
 * <ul>
 *   <li>a rule judges values of days up to H − L only (L = 3, {@code monitor.indicators.reporting-lag-days}'s
 *       default), and only values with {@code provisional = false}, unless it says {@code includeProvisional: true}
 *       (then up to H): participation is never provisional, but a value after H − L is on a day whose reports are
 *       still arriving, and the acceptance is that no alert judges a day after H − L;</li>
 *   <li>it judges {@code value}, or the interval's bound its {@code judge} names ({@code low}, {@code high});</li>
 *   <li>a day is usable when that number exists, its basis reaches {@code minPractices} / {@code minPracticeDays},
 *       and (when the rule has {@code minReportingCompleteness}) the area's settled {@code reporting_completeness}
 *       reaches it: that of the day or, on a weekend or bank holiday (no day of completeness), of the latest working
 *       day before it (a Saturday stands on Friday's); an unusable day neither breaches nor clears;</li>
 *   <li>{@code for} counts consecutive <em>calendar</em> days in breach: a day without a usable value (missing, thin,
 *       under the completeness) breaks the run, as a hole in the evidence is no evidence of a breach; only
 *       {@code reporting_completeness}, which exists on working days only, skips the other days. The alert's life
 *       over the days in order is Alertmanager's: PENDING until {@code for}, then FIRING at the day's level; CRITICAL
 *       as soon as the critical threshold is reached; back to WARNING once past {@code criticalClear}; RESOLVED only
 *       past {@code clear}. Every day is judged, whatever batches impact-streams emitted the values in and however far
 *       alerts-service lagged (it once judged only the latest day of a batch, and seven ICBs three weeks over their
 *       referral baseline never fired);</li>
 *   <li>EARS C2 (alerts-service's README): the day against the mean and sample standard deviation (floored at
 *       {@code minSigma}) of the {@code baselineDays} days of the indicator before the {@code guardDays} days before
 *       it; a baseline with a day that is not usable gives no verdict (which breaks a run).</li>
 * </ul>
 */
class DemoScaleIntegrationTest {

    private static final String ADMIN = "demo-scale-admin-token";
    /** indicators.md's L, {@code monitor.indicators.reporting-lag-days}'s default. */
    private static final int REPORTING_LAG_DAYS = 3;
    private static final Set<String> ICBS = Set.of("QJK", "QOX", "QR1", "QSL", "QT6", "QUY", "QVV", "QKK");
    /**
     * The backfill runs to 31 October (the local stack's demo: two weeks) and the last four weeks go live through the
     * ingest API: the same arrival state at the end either way (the backfill is what had arrived by its last day),
     * and a live day costs a few seconds of HTTP on two cores where the backfill costs a fraction of one.
     */
    private static final int BACKFILL_ACTION_DAYS = 92;
    private static final Set<LocalDate> BANK_HOLIDAYS = bankHolidays();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;
    private LocalStack stack;
    private DemoRunner demo;

    @AfterEach
    void stop() {
        if (demo != null) {
            demo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldFireExactlyTheAlertsTheScenarioCallsForWhenTheExpectedDemoHasRun() throws Exception {
        // given: the stack on its in-process broker with the demo's directory, and the demo as the local stack starts it
        boolean national = "national".equals(System.getProperty("demo.scale"));
        Path[] directoryFiles = writeDirectory(dataDir, national);
        List<String> args = List.of(
                "--monitor.data-dir=" + dataDir.resolve("data"),
                "--monitor.demo.enabled=false", "--monitor.local.auth-port=0",
                "--monitor.directory.practices=" + directoryFiles[0],
                "--monitor.directory.list-sizes=" + directoryFiles[1],
                "--monitor.security.admin-token=" + ADMIN,
                "--monitor.local.ingest-port=" + freePort(),
                "--monitor.local.streams-port=" + freePort(),
                "--monitor.local.alerts-port=" + freePort(),
                "--monitor.kafka.port=" + freePort(),
                "--monitor.kafka.controller-port=" + freePort());
        stack = LocalStack.start(args.toArray(String[]::new));
        var ports = stack.settings().local();
        String streams = "http://localhost:" + ports.streamsPort();
        String alerts = "http://localhost:" + ports.alertsPort();
        Scenario scenario = ScenarioLoader.shipped("expected");
        DemoSettings settings = new DemoSettings("expected", dataDir.resolve("data"), stack.bootstrapServers(),
                URI.create("http://localhost:" + ports.ingestPort()), ADMIN, Duration.ofMillis(200), BACKFILL_ACTION_DAYS,
                Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC));

        // when: the whole demo has been sent and every service has caught up
        long started = System.nanoTime();
        demo = DemoRunner.start(settings, stack.directory());
        LocalDate lastArrival = demo.finished().get(20, TimeUnit.MINUTES);
        long sent = System.nanoTime();
        awaitQuiet(stack.bootstrapServers(), Duration.ofMinutes(10));
        long quiet = System.nanoTime();

        // then: the horizon is the last arrival day (60% of a day's reports arrive that evening), so the judged days
        // end three days earlier
        assertThat(lastArrival).isEqualTo(scenario.endDate());
        LocalDate horizon = LocalDate.parse(getJson(streams + "/api/v1/areas/ENG/indicators").get(0).get("day").asString());
        assertThat(horizon).isEqualTo(scenario.endDate());
        LocalDate lastSettled = horizon.minusDays(REPORTING_LAG_DAYS);

        Map<String, String> kinds = new HashMap<>();
        for (JsonNode area : getJson(streams + "/api/v1/areas")) {
            kinds.put(area.get("code").asString(), area.get("kind").asString());
        }
        Values values = readValues(streams, kinds.keySet(), scenario.baselineStart(), horizon);
        long read = System.nanoTime();

        Map<String, Expected> reference = new TreeMap<>();
        for (JsonNode rule : getJson(alerts + "/api/v1/rules")) {
            reference.putAll(judge(rule, kinds, values, horizon));
        }
        Map<String, String> firing = new TreeMap<>();
        for (JsonNode alert : getJson(alerts + "/api/v1/alerts?state=FIRING")) {
            firing.put(key(alert.get("rule").asString(), alert.get("area").asString(), text(alert, "action"), text(alert, "metric")),
                    alert.get("severity").asString());
        }
        Map<String, Long> referenceByRule = reference.keySet().stream()
                .collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf('|')), TreeMap::new, Collectors.counting()));
        Map<String, Long> firingByRule = firing.keySet().stream()
                .collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf('|')), TreeMap::new, Collectors.counting()));
        System.out.printf("demo-scale (%s, %d practices): demo sent in %.0f s, services quiet %.0f s later, %d values read in %.0f s; "
                        + "H = %s; firing by rule %s; reference %s%n", national ? "national" : "South West + QKK",
                stack.directory().practices().size(), (sent - started) / 1e9, (quiet - sent) / 1e9, values.count,
                (read - quiet) / 1e9, horizon, firingByRule, referenceByRule);
        printDifferences(reference, firing);

        assertThat(firingByRule).as("firing alerts by rule").isEqualTo(referenceByRule);
        assertThat(firing.keySet()).as("firing alerts (rule|area|action|metric)").isEqualTo(reference.keySet());
        for (Map.Entry<String, Expected> expected : reference.entrySet()) {
            assertThat(firing.get(expected.getKey())).as("severity of " + expected.getKey())
                    .isEqualToIgnoringCase(expected.getValue().severity());
        }
        for (JsonNode alert : getJson(alerts + "/api/v1/alerts")) {
            assertThat(LocalDate.parse(alert.get("day").asString())).as("day judged by " + alert.get("alertId").asString()
                    + " (" + alert.get("rule").asString() + ", " + alert.get("area").asString() + ")").isBeforeOrEqualTo(lastSettled);
        }
        // the scenario's numbers call for A&G alerts: 46% of practices stop A&G in week one, 70% by month four
        assertThat(referenceByRule).containsKey("icb_ag_dropoff");
    }

    // --- the reference: rules as api.md and indicators.md define them ---------------------------------------------

    /** A firing alert the reference expects: its severity and the day it was last judged on. */
    record Expected(String severity, LocalDate day) {
    }

    /** Every value read back: area → series (indicator|action|metric) → day → value. */
    static final class Values {
        final Map<String, Map<String, TreeMap<LocalDate, JsonNode>>> byArea = new HashMap<>();
        long count;

        void add(JsonNode value) {
            String series = value.get("indicator").asString() + "|" + Objects.toString(text(value, "action"), "") + "|"
                    + Objects.toString(text(value, "metric"), "");
            byArea.computeIfAbsent(value.get("area").asString(), a -> new HashMap<>())
                    .computeIfAbsent(series, s -> new TreeMap<>()).put(LocalDate.parse(value.get("day").asString()), value);
            count++;
        }

        /**
         * The area's completeness standing for {@code day}: that of the latest working day on or before it (a Saturday
         * stands on Friday's), settled unless the rule includes provisional values; null when not known.
         */
        Double completeness(String area, LocalDate day, boolean includeProvisional) {
            LocalDate working = day;
            while (!isWorkingDay(working)) {
                working = working.minusDays(1);
            }
            TreeMap<LocalDate, JsonNode> series = byArea.getOrDefault(area, Map.of()).get("reporting_completeness||");
            JsonNode value = series == null ? null : series.get(working);
            if (value == null || value.get("value") == null || value.get("value").isNull()
                    || !includeProvisional && value.get("provisional").asBoolean()) {
                return null;
            }
            return value.get("value").asDouble();
        }
    }

    private static Map<String, Expected> judge(JsonNode rule, Map<String, String> kinds, Values values, LocalDate horizon) {
        String name = rule.get("name").asString();
        String indicator = rule.get("indicator").asString().toLowerCase();
        String action = text(rule, "action");
        String metric = text(rule, "metric");
        String scope = Objects.toString(text(rule, "scope"), "ICB");
        boolean includeProvisional = rule.has("includeProvisional") && rule.get("includeProvisional").asBoolean();
        LocalDate lastJudged = includeProvisional ? horizon : horizon.minusDays(REPORTING_LAG_DAYS);
        List<String> areas = new ArrayList<>();
        for (Map.Entry<String, String> area : kinds.entrySet()) {
            boolean inScope = switch (scope) {
                case "ICB" -> area.getValue().equals("ICB");
                case "REGION" -> area.getValue().equals("REGION");
                case "ENGLAND" -> area.getKey().equals(Area.ENGLAND);
                default -> contains(rule.get("areas"), area.getKey());
            };
            if (inScope) {
                areas.add(area.getKey());
            }
        }
        Map<String, Expected> expected = new HashMap<>();
        for (String area : areas) {
            for (Map.Entry<String, TreeMap<LocalDate, JsonNode>> series : values.byArea.getOrDefault(area, Map.of()).entrySet()) {
                String[] labels = series.getKey().split("\\|", -1);
                if (!labels[0].equals(indicator) || action != null && !action.equals(labels[1])
                        || metric != null && !metric.equals(labels[2])) {
                    continue;
                }
                // every day of the indicator from its first value to the last day judged, in order, with the number the
                // rule judges or null (not usable): a null day breaks a run of breaches and an EARS baseline
                TreeMap<LocalDate, Double> days = new TreeMap<>();
                if (series.getValue().isEmpty()) {
                    continue;
                }
                for (LocalDate day = series.getValue().firstKey(); !day.isAfter(lastJudged); day = day.plusDays(1)) {
                    if (workingDaysOnly(indicator) && !isWorkingDay(day)) {
                        continue; // not a day of reporting_completeness at all: neither counts nor breaks
                    }
                    JsonNode value = series.getValue().get(day);
                    days.put(day, value == null ? null
                            : usableNumber(rule, value, includeProvisional, values.completeness(area, day, includeProvisional)));
                }
                Expected alert = "EARS_C2".equals(text(rule, "type")) ? earsC2(rule, days) : threshold(rule, days);
                if (alert != null) {
                    expected.put(key(name, area, emptyToNull(labels[1]), emptyToNull(labels[2])), alert);
                }
            }
        }
        return expected;
    }

    /** The number the rule judges on this day, or null when the day is not usable for it. */
    private static Double usableNumber(JsonNode rule, JsonNode value, boolean includeProvisional, Double completeness) {
        if (!includeProvisional && value.has("provisional") && value.get("provisional").asBoolean()) {
            return null;
        }
        String judge = Objects.toString(text(rule, "judge"), "value").toLowerCase();
        JsonNode number = value.get(judge);
        if (number == null || number.isNull() || !Double.isFinite(number.asDouble())) {
            return null;
        }
        if (value.get("practices").asLong() < longOf(rule, "minPractices")
                || value.get("practiceDays").asLong() < longOf(rule, "minPracticeDays")) {
            return null;
        }
        JsonNode minCompleteness = rule.get("minReportingCompleteness");
        if (minCompleteness != null && !minCompleteness.isNull()
                && (completeness == null || completeness < minCompleteness.asDouble())) {
            return null;
        }
        return number.asDouble();
    }

    /** Alertmanager's life of a threshold alert over the days in order; the alert if it ends FIRING. */
    private static Expected threshold(JsonNode rule, TreeMap<LocalDate, Double> days) {
        boolean above = !"BELOW".equals(text(rule, "direction"));
        double warning = rule.get("warning").asDouble();
        double critical = rule.get("critical").asDouble();
        double clear = rule.has("clear") && !rule.get("clear").isNull() ? rule.get("clear").asDouble() : warning;
        double criticalClear = rule.has("criticalClear") && !rule.get("criticalClear").isNull()
                ? rule.get("criticalClear").asDouble() : critical - (warning - clear);
        int forDays = rule.has("for") ? rule.get("for").asInt() : 1;
        int run = 0;
        String firing = null;
        LocalDate day = null;
        for (Map.Entry<LocalDate, Double> reading : days.entrySet()) {
            if (reading.getValue() == null) {
                run = 0; // a hole in the evidence is not evidence of a breach; it changes nothing else
                continue;
            }
            double x = reading.getValue();
            String level = breaches(above, x, critical) ? "CRITICAL" : breaches(above, x, warning) ? "WARNING" : null;
            day = reading.getKey();
            if (level != null) {
                run++;
                if (firing == null) {
                    firing = run >= forDays ? level : null;
                } else if (level.equals("CRITICAL")) {
                    firing = "CRITICAL";
                } else if (firing.equals("CRITICAL") && clears(above, x, criticalClear)) {
                    firing = "WARNING"; // back past criticalClear, though still over the warning threshold
                }
            } else {
                run = 0;
                if (firing != null && clears(above, x, clear)) {
                    firing = null;
                } else if ("CRITICAL".equals(firing) && clears(above, x, criticalClear)) {
                    firing = "WARNING";
                }
            }
        }
        return firing == null ? null : new Expected(firing, day);
    }

    /**
     * EARS C2 over the days in order: WARNING at {@code warningSigmas}, resolved under {@code clearSigmas}. A day's
     * baseline is the {@code baselineDays} days of the indicator before the {@code guardDays} days before it, all of
     * them usable; otherwise the day has no verdict (and breaks a run).
     */
    private static Expected earsC2(JsonNode rule, TreeMap<LocalDate, Double> days) {
        boolean above = !"BELOW".equals(text(rule, "direction"));
        JsonNode ears = rule.get("ears");
        int baselineDays = ears.get("baselineDays").asInt();
        int guardDays = ears.get("guardDays").asInt();
        double warningSigmas = ears.get("warningSigmas").asDouble();
        double clearSigmas = ears.get("clearSigmas").asDouble();
        Double criticalSigmas = ears.has("criticalSigmas") && !ears.get("criticalSigmas").isNull()
                ? ears.get("criticalSigmas").asDouble() : null;
        double minSigma = ears.get("minSigma").asDouble();
        int forDays = rule.has("for") ? rule.get("for").asInt() : 1;
        int run = 0;
        String firing = null;
        LocalDate day = null;
        List<LocalDate> order = new ArrayList<>(days.keySet());
        for (int i = 0; i < order.size(); i++) {
            Double today = days.get(order.get(i));
            List<Double> baseline = new ArrayList<>();
            for (int j = i - guardDays - 1; j >= 0 && baseline.size() < baselineDays; j--) {
                baseline.add(days.get(order.get(j)));
            }
            if (today == null || baseline.size() < baselineDays || baseline.contains(null)) {
                run = 0;
                continue;
            }
            double mean = 0;
            for (double b : baseline) {
                mean += b;
            }
            mean /= baselineDays;
            double squares = 0;
            for (double b : baseline) {
                squares += (b - mean) * (b - mean);
            }
            double sigma = Math.max(Math.sqrt(squares / (baselineDays - 1)), minSigma);
            double x = today;
            double c2 = above ? (x - mean) / sigma : (mean - x) / sigma;
            String level = criticalSigmas != null && c2 >= criticalSigmas ? "CRITICAL" : c2 >= warningSigmas ? "WARNING" : null;
            day = order.get(i);
            if (level != null) {
                run++;
                if (firing == null) {
                    firing = run >= forDays ? level : null;
                } else if (level.equals("CRITICAL")) {
                    firing = "CRITICAL";
                } else if (firing.equals("CRITICAL") && c2 < criticalSigmas - (warningSigmas - clearSigmas)) {
                    firing = "WARNING";
                }
            } else {
                run = 0;
                if (firing != null && c2 < clearSigmas) {
                    firing = null;
                } else if ("CRITICAL".equals(firing) && c2 < criticalSigmas - (warningSigmas - clearSigmas)) {
                    firing = "WARNING";
                }
            }
        }
        return firing == null ? null : new Expected(firing, day);
    }

    /** indicators.md: reporting_completeness exists on working days only; every other indicator on every day. */
    private static boolean workingDaysOnly(String indicator) {
        return indicator.equals("reporting_completeness");
    }

    /** indicators.md's working day: Monday to Friday and not a bank holiday. */
    private static boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !BANK_HOLIDAYS.contains(day);
    }

    /**
     * England and Wales bank holidays as GOV.UK publishes them (../shared/data/bank-holidays.json, the copy the services'
     * built-in list is made from); without the file, the one bank holiday of the demo's period (baseline from July 2024
     * to 28 November 2024).
     */
    private static Set<LocalDate> bankHolidays() {
        Optional<Path> file = SharedData.dataFile("bank-holidays.json");
        if (file.isEmpty()) {
            return Set.of(LocalDate.parse("2024-08-26"));
        }
        try {
            Set<LocalDate> days = new HashSet<>();
            for (JsonNode event : Json.MAPPER.readTree(Files.readString(file.get())).get("england-and-wales").get("events")) {
                days.add(LocalDate.parse(event.get("date").asString()));
            }
            return days;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean breaches(boolean above, double value, double threshold) {
        return above ? value >= threshold : value <= threshold;
    }

    private static boolean clears(boolean above, double value, double threshold) {
        return above ? value < threshold : value > threshold;
    }

    // --- reading the services -------------------------------------------------------------------------------------

    /** Every indicator value of every area and day from {@code from} to {@code to}, as the API serves them. */
    private static Values readValues(String streams, Set<String> areas, LocalDate from, LocalDate to) throws Exception {
        Values values = new Values();
        for (String area : new TreeSet<>(areas)) {
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                for (JsonNode value : getJson(streams + "/api/v1/areas/" + URLEncoder.encode(area, StandardCharsets.UTF_8)
                        + "/indicators?day=" + day)) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /**
     * Waits until the demo's records have been read by every service and nothing more is written: every consumer
     * group at most one record (a transaction marker) behind on each partition, and the end offsets of every
     * non-internal topic unchanged over five checks two seconds apart.
     */
    private static void awaitQuiet(String bootstrapServers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, Long> previous = null;
            int unchanged = 0;
            while (unchanged < 5) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the services did not go quiet within " + timeout);
                }
                Thread.sleep(2000);
                Set<String> topics = admin.listTopics().names().get().stream().filter(t -> !t.startsWith("__")).collect(Collectors.toSet());
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                Map<TopicPartition, Long> ends = new HashMap<>();
                admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
                boolean caughtUp = true;
                for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata().get();
                    for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : committed.entrySet()) {
                        Long end = ends.get(offset.getKey());
                        if (end != null && offset.getValue() != null && end - offset.getValue().offset() > 1) {
                            caughtUp = false;
                        }
                    }
                }
                unchanged = caughtUp && ends.equals(previous) ? unchanged + 1 : 0;
                previous = ends;
            }
        }
    }

    private static void printDifferences(Map<String, Expected> reference, Map<String, String> firing) {
        List<String> differences = new ArrayList<>();
        reference.forEach((key, expected) -> {
            if (!firing.containsKey(key)) {
                differences.add("expected, not firing: " + key + " " + expected);
            }
        });
        firing.forEach((key, severity) -> {
            if (!reference.containsKey(key)) {
                differences.add("firing, not expected: " + key + " " + severity);
            }
        });
        differences.stream().limit(40).forEach(System.out::println);
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    private static String key(String rule, String area, String action, String metric) {
        return rule + "|" + area + "|" + Objects.toString(action, "") + "|" + Objects.toString(metric, "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private static long longOf(JsonNode rule, String field) {
        JsonNode value = rule.get(field);
        return value == null || value.isNull() ? 0 : value.asLong();
    }

    private static boolean contains(JsonNode list, String code) {
        if (list == null || !list.isArray()) {
            return false;
        }
        for (JsonNode each : list) {
            if (each.asString().equals(code)) {
                return true;
            }
        }
        return false;
    }

    // --- the directory ----------------------------------------------------------------------------------------------

    /**
     * The synthetic directory's practices of {@link #ICBS} (or all of them), written in NHS England's published
     * format so the stack loads them through its real loader, as {@code --monitor.directory.*} would.
     */
    static Path[] writeDirectory(Path dir, boolean national) throws IOException {
        PracticeDirectory synthetic = SyntheticDirectory.build();
        Map<String, Area> areas = synthetic.areas().stream().collect(Collectors.toMap(Area::code, a -> a, (a, b) -> a));
        StringBuilder map = new StringBuilder(TinyDirectory.MAP_HEADER).append("\r\n");
        StringBuilder totals = new StringBuilder("PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,"
                + "POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS\r\n");
        for (Practice practice : synthetic.practices()) {
            if (!practice.open() || !national && !ICBS.contains(practice.icbCode())) {
                continue;
            }
            Area icb = areas.get(practice.icbCode());
            Area region = areas.get(practice.regionCode());
            map.append(String.join(",", "GP_PRAC_PAT_LIST", "01Oct2025", practice.code(), quoted(practice.name()), "AB1 2CD",
                    practice.pcnCode(), "PCN " + practice.pcnCode(), "", practice.subIcbCode(), quoted("Sub-ICB " + practice.subIcbCode()),
                    Objects.toString(icb.onsCode(), ""), icb.code(), quoted(icb.name()), Objects.toString(region.onsCode(), ""),
                    region.code(), quoted(region.name()), "EMIS")).append("\r\n");
            totals.append(String.join(",", "GP_PRAC_PAT_LIST", "2026-02-01", "GP", practice.subIcbCode(), "", practice.code(),
                    "AB1 2CD", "ALL", "ALL", Integer.toString(practice.listSize()))).append("\r\n");
        }
        Path mapFile = dir.resolve("gp-reg-pat-prac-map.csv");
        Path totalsFile = dir.resolve("gp-reg-pat-prac-all.csv");
        Files.writeString(mapFile, map);
        Files.writeString(totalsFile, totals);
        return new Path[] {mapFile, totalsFile};
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
