package uk.nhs.impactmonitor.ingest.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.ingest.FixedClockConfiguration;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.AllRejected;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.AnyClientError;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.CellMutation;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.Expect;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.Invalid;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.Mutation;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.Request;
import uk.nhs.impactmonitor.ingest.hostile.HostileRequests.Status;

/**
 * Over ten thousand generated malformed requests, across every ingest endpoint, against the real service
 * (started once, over real HTTP) on a real KRaft broker: each is answered 4xx as problem details naming the
 * field the generator broke (or, for a batch, 202 with every row rejected and named), never 5xx, and no
 * topic's end offset moves. jqwik drives it; Spring's test context is not used, so the application is
 * started here with {@link org.springframework.boot.builder.SpringApplicationBuilder} on a free port.
 */
class HostileRequestsIntegrationTest {

    static final String ADMIN_TOKEN = "hostile-admin-" + UUID.randomUUID();
    static final String ACTIVE_ID = "hostile-active";
    static final String WITHDRAWN_ID = "hostile-withdrawn";
    static final String PRACTICE = "Z00002";
    static final String ANOTHER_PRACTICE = "Z00003";
    static final String SINGLE = "/api/v1/activity";
    static final String BATCH = "/api/v1/activity/batch";
    static final String NOTICES = "/api/v1/notices";
    static final int SINGLE_LIMIT = 64 * 1024;

    static EmbeddedKafkaKraftBroker broker;
    static ConfigurableApplicationContext app;
    static Admin admin;
    static HttpClient client;
    static String base;
    static HostileRequests requests;
    static Map<TopicPartition, Long> baseline;
    static final AtomicInteger SENT = new AtomicInteger();
    static final Map<Integer, Integer> STATUSES = new TreeMap<>();
    static long started;

    @BeforeContainer
    static void start() throws Exception {
        started = System.nanoTime();
        broker = new EmbeddedKafkaKraftBroker(1, 2, "practice-notices", "practice-activity", "practice-directory");
        broker.afterPropertiesSet();
        app = IngestServiceApplication.builder()
                .sources(FixedClockConfiguration.class)
                // run as a deployed service would: no test configuration of the ingest test sources joins in
                .initializers(context -> context.getBeanFactory().registerSingleton("noTestConfiguration", new NoTestConfiguration()))
                .run("--server.port=0",
                        // as deployed: not the dev profile, so no development credentials, and an admin token of our own
                        "--spring.profiles.active=production",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--monitor.security.admin-token=" + ADMIN_TOKEN,
                        "--monitor.ingest.publish-directory=false",
                        "--logging.level.root=WARN",
                        "--logging.level.org.apache.kafka=ERROR");
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        PracticeDirectory directory = app.getBean(PracticeDirectory.class);
        requests = new HostileRequests(directory::isKnownPractice, PRACTICE, ANOTHER_PRACTICE);

        // one active and one withdrawn notice, for corrections and withdrawals that must be refused
        assertThat(send("POST", NOTICES, "application/json", HostileRequests.json(requests.validNotice(ACTIVE_ID)), false).statusCode()).isEqualTo(202);
        assertThat(send("POST", NOTICES, "application/json", HostileRequests.json(requests.validNotice(WITHDRAWN_ID)), false).statusCode()).isEqualTo(202);
        assertThat(send("DELETE", NOTICES + "/" + WITHDRAWN_ID, null, null, false).statusCode()).isEqualTo(202);
        baseline = endOffsets();
        assertThat(baseline.entrySet().stream().filter(e -> e.getKey().topic().equals("practice-notices"))
                .mapToLong(Map.Entry::getValue).sum()).isEqualTo(3);
    }

    @AfterContainer
    static void stop() {
        System.out.printf("hostile requests: %d sent in %.1f s (start-up included; %.1f s waiting for answers); answers by status: %s%n",
                SENT.get(), (System.nanoTime() - started) / 1e9, IN_HTTP.get() / 1e9, STATUSES);
        if (admin != null) {
            admin.close();
        }
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    /** After every property: nothing reached Kafka. */
    @AfterProperty
    void noOffsetMoved() throws Exception {
        assertThat(endOffsets()).as("end offsets of every topic").isEqualTo(baseline);
    }

    // ------------------------------------------------------------------ the properties

    @Property(tries = 1800, edgeCases = EdgeCasesMode.NONE)
    void shouldRefuseNamingTheFieldWhenANoticeBreaksARule(@ForAll("badNotices") Request request) {
        assertAnswered(request);
    }

    @Property(tries = 1200, edgeCases = EdgeCasesMode.NONE)
    void shouldRefuseWhenACorrectionIsMalformedOrNamesABadNotice(@ForAll("badCorrections") Request request) {
        assertAnswered(request);
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void shouldRefuseWhenAWithdrawalNamesABadUnknownOrWithdrawnNotice(@ForAll("badWithdrawals") Request request) {
        assertAnswered(request);
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void shouldRefuseNamingTheParameterWhenTheNoticeFilterIsUnknown(@ForAll("badNoticeQueries") Request request) {
        assertAnswered(request);
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void shouldRefuseNamingTheFieldWhenADailyReportBreaksARule(@ForAll("badReports") Request request) {
        assertAnswered(request);
    }

    @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE)
    void shouldRejectEveryRowWhenEveryRowOfAJsonBatchIsBad(@ForAll("badJsonBatches") Request request) {
        assertAnswered(request);
    }

    @Property(tries = 1800, edgeCases = EdgeCasesMode.NONE)
    void shouldRejectEveryRowOrTheFileWhenACsvBatchIsBad(@ForAll("badCsvBatches") Request request) {
        assertAnswered(request);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void shouldRefuseBrokenJsonWrongContentTypesAndOversizeBodiesOnEveryEndpoint(@ForAll("badTransport") Request request) {
        assertAnswered(request);
    }

    /** The offsets check can fail: one valid report moves practice-activity by exactly one. */
    @Example
    void shouldMoveTheActivityOffsetByOneWhenAValidReportIsSent() throws Exception {
        // given
        Map<TopicPartition, Long> before = endOffsets();

        // when
        HttpResponse<String> response = send("POST", SINGLE, "application/json", HostileRequests.json(requests.validReport()), false);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Map<TopicPartition, Long> after = endOffsets();
        long moved = after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
        assertThat(moved).isEqualTo(1);
        baseline = after;
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Request> badNotices() {
        return Combinators.combine(HostileRequests.distinct(requests.noticeMutations(), 3), HostileRequests.noise(),
                        Arbitraries.integers().between(0, 1_000_000))
                .as((mutations, noise, n) -> {
                    ObjectNode notice = requests.validNotice(n % 3 == 0 ? null : "hostile-new-" + n);
                    mutations.forEach(m -> m.apply().accept(notice));
                    noise.accept(notice);
                    return new Request(HostileRequests.labelOf(mutations), "POST", NOTICES, "application/json",
                            HostileRequests.json(notice), false, new Invalid(HostileRequests.fieldsOf(mutations)));
                });
    }

    @Provide
    Arbitrary<Request> badCorrections() {
        Arbitrary<Request> badBody = HostileRequests.distinct(requests.noticeMutations(), 3).map(mutations -> {
            ObjectNode notice = requests.validNotice(ACTIVE_ID);
            mutations.forEach(m -> m.apply().accept(notice));
            return new Request(HostileRequests.labelOf(mutations), "PUT", NOTICES + "/" + ACTIVE_ID, "application/json",
                    HostileRequests.json(notice), false, new Invalid(HostileRequests.fieldsOf(mutations)));
        });
        Arbitrary<Request> otherId = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(64)
                .filter(id -> !id.equals(ACTIVE_ID))
                .map(id -> new Request("body names another notice", "PUT", NOTICES + "/" + ACTIVE_ID, "application/json",
                        HostileRequests.json(requests.validNotice(id)), false, new Invalid(Set.of("noticeId"))));
        Arbitrary<Request> otherPractice = Arbitraries.just(new Request("moves to another practice", "PUT", NOTICES + "/" + ACTIVE_ID,
                "application/json", HostileRequests.json(requests.validNotice(ACTIVE_ID).put("practiceCode", ANOTHER_PRACTICE)), false,
                new Invalid(Set.of("practiceCode"))));
        Arbitrary<Request> badPath = pathIds().map(path -> new Request("path " + path.label(), "PUT", NOTICES + "/" + path.encoded(),
                "application/json", HostileRequests.json(requests.validNotice(null)), false, path.expect()));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, badBody), net.jqwik.api.Tuple.of(1, otherId), net.jqwik.api.Tuple.of(1, otherPractice),
                net.jqwik.api.Tuple.of(3, badPath));
    }

    @Provide
    Arbitrary<Request> badWithdrawals() {
        return pathIds().map(path -> new Request("path " + path.label(), "DELETE", NOTICES + "/" + path.encoded(), null, null, false,
                path.expect()));
    }

    record PathId(String label, String encoded, Expect expect) {
    }

    /** Notice ids in a path: unknown (404), withdrawn (409), outside the id alphabet (400 noticeId, or refused earlier). */
    Arbitrary<PathId> pathIds() {
        Arbitrary<PathId> unknown = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("._-").ofMinLength(1).ofMaxLength(64)
                .filter(id -> !id.equals(ACTIVE_ID) && !id.equals(WITHDRAWN_ID) && !id.equals(".") && !id.equals(".."))
                .map(id -> new PathId("unknown " + id, id, new Status(404)));
        Arbitrary<PathId> withdrawn = Arbitraries.just(new PathId("withdrawn", WITHDRAWN_ID, new Status(409)));
        Arbitrary<PathId> outside = HostileRequests.anyText().ofMinLength(1).ofMaxLength(80)
                .filter(id -> !HostileRequests.NOTICE_ID.matcher(id).matches())
                .map(id -> new PathId("outside the alphabet " + id, java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"),
                        new HostileRequests.Refused("noticeId")));
        Arbitrary<PathId> tooLong = Arbitraries.strings().alpha().ofMinLength(65).ofMaxLength(300)
                .map(id -> new PathId("too long", id, new Invalid(Set.of("noticeId"))));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, unknown), net.jqwik.api.Tuple.of(1, withdrawn),
                net.jqwik.api.Tuple.of(4, outside), net.jqwik.api.Tuple.of(1, tooLong));
    }

    @Provide
    Arbitrary<Request> badNoticeQueries() {
        Arbitrary<String> unknownIcb = Arbitraries.oneOf(HostileRequests.anyText().ofMinLength(1).ofMaxLength(20),
                        Arbitraries.of("qkk", "Y56", "ENG", "Z00001", "QKK QKK", "Q"))
                .filter(code -> !code.isBlank() && app.getBean(PracticeDirectory.class).area(code.trim())
                        .filter(a -> a.kind() == uk.nhs.impactmonitor.domain.directory.AreaKind.ICB).isPresent() == false);
        Arbitrary<String> unknownPractice = requests.unknownPracticeCodes().filter(code -> !code.isBlank());
        return Arbitraries.oneOf(
                unknownPractice.map(code -> new Request("unknown practice filter", "GET", NOTICES + "?practiceCode=" + encode(code), null, null,
                        false, new Invalid(Set.of("practiceCode")))),
                unknownIcb.map(code -> new Request("unknown ICB filter", "GET", NOTICES + "?icb=" + encode(code), null, null, false,
                        new Invalid(Set.of("icb")))),
                Combinators.combine(unknownPractice, unknownIcb).as((p, i) -> new Request("both filters unknown", "GET",
                        NOTICES + "?practiceCode=" + encode(p) + "&icb=" + encode(i), null, null, false, new Invalid(Set.of("practiceCode", "icb")))),
                // escapes that are well-formed but decode to no valid UTF-8 (overlong, truncated, stray bytes)
                Arbitraries.of("%C0%AF", "%00", "%FF%FE", "%E0%A4", "Z0000%C3", "%ED%A0%80").map(raw -> new Request("undecodable percent-encoding",
                        "GET", NOTICES + "?practiceCode=" + raw, null, null, false, new HostileRequests.Refused("practiceCode"))));
    }

    @Provide
    Arbitrary<Request> badReports() {
        return Combinators.combine(HostileRequests.distinct(requests.reportMutations(), 3), HostileRequests.noise())
                .as((mutations, noise) -> {
                    ObjectNode report = requests.validReport();
                    mutations.forEach(m -> m.apply().accept(report));
                    noise.accept(report);
                    return new Request(HostileRequests.labelOf(mutations), "POST", SINGLE, "application/json", HostileRequests.json(report), false,
                            new Invalid(HostileRequests.fieldsOf(mutations)));
                });
    }

    @Provide
    Arbitrary<Request> badJsonBatches() {
        Arbitrary<Object> row = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, HostileRequests.distinct(requests.reportMutations(), 2).map(m -> (Object) m)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of((JsonNode) HostileRequests.NODES.numberNode(42), HostileRequests.NODES.stringNode("Z00001"),
                        HostileRequests.NODES.nullNode(), HostileRequests.NODES.arrayNode(), HostileRequests.NODES.booleanNode(true)).map(n -> (Object) n)));
        Arbitrary<Request> allBad = row.list().ofMinSize(1).ofMaxSize(8).map(rows -> {
            ArrayNode batch = HostileRequests.NODES.arrayNode();
            Map<Integer, Set<String>> lines = new LinkedHashMap<>();
            List<String> labels = new ArrayList<>();
            int line = 0;
            for (Object each : rows) {
                line++;
                if (each instanceof JsonNode element) {
                    batch.add(element);
                    lines.put(line, Set.of("body"));
                    labels.add(line + ": " + element);
                } else {
                    @SuppressWarnings("unchecked")
                    List<Mutation> mutations = (List<Mutation>) each;
                    ObjectNode report = requests.validReport();
                    mutations.forEach(m -> m.apply().accept(report));
                    batch.add(report);
                    lines.put(line, HostileRequests.fieldsOf(mutations));
                    labels.add(line + ": " + HostileRequests.labelOf(mutations));
                }
            }
            return new Request(String.join("; ", labels), "POST", BATCH, "application/json", HostileRequests.json(batch), false, new AllRejected(lines));
        });
        Arbitrary<Request> notAnArray = Arbitraries.of("{}", "{\"practiceCode\":\"Z00002\"}", "42", "\"[]\"", "[]", "true", "null", " [ ] ")
                .map(body -> new Request("not a non-empty array", "POST", BATCH, "application/json", body.getBytes(StandardCharsets.UTF_8), false,
                        new Invalid(Set.of("body"))));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, allBad), net.jqwik.api.Tuple.of(1, notAnArray));
    }

    @Provide
    Arbitrary<Request> badCsvBatches() {
        Arbitrary<Request> badRows = Combinators.combine(
                        HostileRequests.distinctCells(requests.cellMutations(), 2).list().ofMinSize(1).ofMaxSize(8),
                        Arbitraries.longs(), Arbitraries.of("\n", "\r\n"), Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(-3, 3))
                .as((rows, seed, eol, blankEvery, ragged) -> csvBatch(rows, seed, eol, blankEvery, ragged));
        Arbitrary<Request> badHeader = Combinators.combine(
                        Arbitraries.of(HostileRequests.CSV_COLUMNS).set().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false), Arbitraries.longs())
                .as((dropped, misspell, seed) -> {
                    List<String> header = new ArrayList<>();
                    for (String column : HostileRequests.shuffled(HostileRequests.CSV_COLUMNS, seed)) {
                        if (!dropped.contains(column)) {
                            header.add(column);
                        } else if (misspell) {
                            header.add(column + "s");
                        }
                    }
                    String csv = String.join(",", header) + "\n" + "Z00002,2024-08-01,10,240,4,7,3,12,55\n";
                    return new Request("header without " + dropped, "POST", BATCH, "text/csv", csv.getBytes(StandardCharsets.UTF_8), false,
                            new Invalid(new TreeSet<>(dropped)));
                });
        Arbitrary<Request> noRows = Arbitraries.of("", "\n", String.join(",", HostileRequests.CSV_COLUMNS) + "\n",
                        String.join(",", HostileRequests.CSV_COLUMNS) + "\n\n \n,,,,,,,,\n", "\uFEFF", "\"")
                .map(csv -> new Request("no rows", "POST", BATCH, "text/csv", csv.getBytes(StandardCharsets.UTF_8), false, new Invalid(Set.of())));
        Arbitrary<Request> unterminated = Arbitraries.integers().between(0, 5).map(goodLooking -> {
            StringBuilder csv = new StringBuilder(String.join(",", HostileRequests.CSV_COLUMNS)).append('\n');
            Map<Integer, Set<String>> lines = new LinkedHashMap<>();
            // rows that would be valid, but an opening quote never closed swallows them into the first one's practice cell
            csv.append("\"Z00002,2024-08-01,10,240,4,7,3,12,55\n");
            for (int i = 0; i < goodLooking; i++) {
                csv.append("Z00002,2024-08-0").append(i + 2).append(",10,240,4,7,3,12,55\n");
            }
            lines.put(2, Set.of("practiceCode"));
            return new Request("unterminated quote", "POST", BATCH, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8), false,
                    new AllRejected(lines));
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(14, badRows), net.jqwik.api.Tuple.of(2, badHeader),
                net.jqwik.api.Tuple.of(1, noRows), net.jqwik.api.Tuple.of(1, unterminated));
    }

    /**
     * A CSV file of bad rows; columns in a shuffled order with shuffled case, blank lines in between (skipped,
     * but counted in line numbers), cells quoted where needed or at random. {@code ragged} > 0 adds cells to
     * the first row, < 0 drops its last cells.
     */
    private Request csvBatch(List<List<CellMutation>> rows, long seed, String eol, int blankEvery, int ragged) {
        java.util.Random random = new java.util.Random(seed);
        List<String> columns = HostileRequests.shuffled(HostileRequests.CSV_COLUMNS, seed);
        StringBuilder csv = new StringBuilder(columns.stream().map(c -> random.nextBoolean() ? c : c.toUpperCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(","))).append(eol);
        Map<Integer, Set<String>> lines = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (blankEvery > 0 && r % blankEvery == 1) {
                csv.append(eol);
            }
            Map<String, String> cells = requests.validCsvCells();
            rows.get(r).forEach(m -> m.apply().accept(cells));
            Set<String> fields = new TreeSet<>(rows.get(r).stream().map(CellMutation::field).toList());
            List<String> values = new ArrayList<>();
            for (String column : columns) {
                values.add(HostileRequests.csvCell(cells.get(column), random.nextInt(5) == 0));
            }
            if (r == 0 && ragged > 0) {
                for (int i = 0; i < ragged; i++) {
                    values.add("extra");
                }
                fields.add("row");
            } else if (r == 0 && ragged < 0) {
                Set<String> dropped = new HashSet<>(columns.subList(columns.size() + ragged, columns.size()));
                for (int i = 0; i < -ragged; i++) {
                    values.remove(values.size() - 1);
                }
                fields = new TreeSet<>(rows.get(r).stream().filter(m -> java.util.Collections.disjoint(m.touches(), dropped))
                        .map(CellMutation::field).toList());
                fields.add("row");
            }
            int line = 1 + HostileRequests.newlines(csv);
            csv.append(String.join(",", values)).append(eol);
            lines.put(line, fields);
            labels.add(line + ": " + rows.get(r).stream().map(m -> m.field() + " " + m.label()).collect(Collectors.joining(", "))
                    + (r == 0 && ragged != 0 ? " ragged " + ragged : ""));
        }
        return new Request(String.join("; ", labels), "POST", BATCH, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8), false,
                new AllRejected(lines));
    }

    @Provide
    Arbitrary<Request> badTransport() {
        record Endpoint(String method, String path, byte[] validBody) {
        }
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", NOTICES, HostileRequests.json(requests.validNotice("hostile-transport"))),
                new Endpoint("PUT", NOTICES + "/" + ACTIVE_ID, HostileRequests.json(requests.validNotice(ACTIVE_ID))),
                new Endpoint("POST", SINGLE, HostileRequests.json(requests.validReport())),
                new Endpoint("POST", BATCH, HostileRequests.json(HostileRequests.NODES.arrayNode().add(requests.validReport()))));
        Arbitrary<Endpoint> endpoint = Arbitraries.of(endpoints);
        Arbitrary<Request> brokenJson = Combinators.combine(endpoint, Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 9))
                .as((e, cut, kind) -> {
                    byte[] body = switch (kind) {
                        case 0, 1, 2, 3 -> java.util.Arrays.copyOf(e.validBody(), (int) (cut * (e.validBody().length - 1)));
                        case 4 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
                        case 5 -> ("{\"practiceCode\":" + "1".repeat(1500) + "}").getBytes(StandardCharsets.UTF_8);
                        case 6 -> new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
                        case 7 -> "{'practiceCode':'Z00002'}".getBytes(StandardCharsets.UTF_8);
                        case 8 -> new String(e.validBody(), StandardCharsets.UTF_8).replaceFirst("\\}$", ",}").replaceFirst("\\]$", ",]")
                                .getBytes(StandardCharsets.UTF_8);
                        default -> ("{\"practiceCode\":\"Z00002\"" + "}".repeat(3)).getBytes(StandardCharsets.UTF_8);
                    };
                    return new Request("broken JSON (" + kind + ")", e.method(), e.path(), "application/json", body, false, new Invalid(Set.of()));
                });
        Arbitrary<Request> wrongType = Combinators.combine(endpoint, Arbitraries.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=xyz", "application/octet-stream", "image/png", "text/html", "application/jsonx", "text/json"),
                Arbitraries.of(true, false))
                .as((e, type, chunked) -> new Request("content type " + type, e.method(), e.path(), type, e.validBody(), chunked, new Status(415)));
        Arbitrary<Request> csvToSingle = Arbitraries.of(NOTICES, SINGLE).map(path -> new Request("CSV to a JSON-only endpoint", "POST", path, "text/csv",
                (String.join(",", HostileRequests.CSV_COLUMNS) + "\nZ00002,2024-08-01,10,240,4,7,3,12,55\n").getBytes(StandardCharsets.UTF_8), false,
                new Status(415)));
        Arbitrary<Request> noType = endpoint.map(e -> new Request("no content type", e.method(), e.path(), null, e.validBody(), false, new Status(415)));
        Arbitrary<Request> oddType = Combinators.combine(endpoint, Arbitraries.of("application/json; charset=nope", "application/json; charset=\"",
                "json", "/", "application/", "*/*", "application/*"))
                .as((e, type) -> new Request("odd content type " + type, e.method(), e.path(), type, e.validBody(), false, new AnyClientError()));
        Arbitrary<Request> oversize = Combinators.combine(Arbitraries.of(endpoints.subList(0, 3)), Arbitraries.integers().between(1, 2 * SINGLE_LIMIT),
                        Arbitraries.of(true, false))
                .as((e, over, chunked) -> {
                    ObjectNode body = (ObjectNode) Json.MAPPER.readTree(e.validBody());
                    int padding = SINGLE_LIMIT - e.validBody().length + over + 100;
                    body.put("note", "x".repeat(padding));
                    return new Request("oversize by ~" + over, e.method(), e.path(), "application/json", HostileRequests.json(body), chunked,
                            new Status(413));
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, brokenJson), net.jqwik.api.Tuple.of(3, wrongType),
                net.jqwik.api.Tuple.of(1, csvToSingle), net.jqwik.api.Tuple.of(1, noType), net.jqwik.api.Tuple.of(2, oddType),
                net.jqwik.api.Tuple.of(2, oversize));
    }

    // ------------------------------------------------------------------ checking the answer

    static void assertAnswered(Request request) {
        HttpResponse<String> response = send(request.method(), request.path(), request.contentType(), request.body(), request.chunked());
        int status = response.statusCode();
        synchronized (STATUSES) {
            STATUSES.merge(status, 1, Integer::sum);
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String why = request + "\n  answered " + status + " " + contentType + " " + response.body();
        assertThat(status).as(why).isLessThan(500);
        Expect expect = request.expect();
        if (expect instanceof Invalid invalid) {
            assertThat(status).as(why).isEqualTo(400);
            assertThat(contentType).as(why).startsWith("application/problem+json");
            Set<String> named = fieldsNamed(Json.MAPPER.readTree(response.body()).path("errors"));
            assertThat(named).as(why).isNotEmpty().containsAll(invalid.fields());
        } else if (expect instanceof Status expected) {
            assertThat(status).as(why).isEqualTo(expected.status());
            assertThat(contentType).as(why).startsWith("application/problem+json");
        } else if (expect instanceof HostileRequests.Refused refused) {
            assertThat(status).as(why).isEqualTo(400);
            if (contentType.startsWith("application/problem+json")) {
                // the application names the field; Spring Security's firewall, which refuses a URL before any
                // controller sees it, can only name the URL
                assertThat(fieldsNamed(Json.MAPPER.readTree(response.body()).path("errors"))).as(why).containsAnyOf(refused.field(), "url");
            } else {
                assertThat(response.body()).as(why).contains("HTTP Status 400");
            }
        } else if (expect instanceof AnyClientError) {
            assertThat(status).as(why).isBetween(400, 499);
            assertThat(contentType).as(why).startsWith("application/problem+json");
        } else if (expect instanceof AllRejected batch) {
            assertThat(status).as(why).isEqualTo(202);
            JsonNode answer = Json.MAPPER.readTree(response.body());
            assertThat(answer.path("accepted").asInt(-1)).as(why).isZero();
            Map<Integer, Set<String>> rejected = new HashMap<>();
            answer.path("rejected").forEach(row -> rejected.put(row.path("line").asInt(), fieldsNamed(row.path("errors"))));
            assertThat(rejected.keySet()).as(why).isEqualTo(batch.lines().keySet());
            batch.lines().forEach((line, fields) -> assertThat(rejected.get(line)).as(why + "\n  line " + line).isNotEmpty().containsAll(fields));
        }
    }

    static Set<String> fieldsNamed(JsonNode errors) {
        Set<String> fields = new HashSet<>();
        errors.forEach(e -> fields.add(e.path("field").asString()));
        return fields;
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static final java.util.concurrent.atomic.AtomicLong IN_HTTP = new java.util.concurrent.atomic.AtomicLong();

    static HttpResponse<String> send(String method, String path, String contentType, byte[] body, boolean chunked) {
        long start = System.nanoTime();
        try {
            return doSend(method, path, contentType, body, chunked);
        } finally {
            IN_HTTP.addAndGet(System.nanoTime() - start);
        }
    }

    static HttpResponse<String> doSend(String method, String path, String contentType, byte[] body, boolean chunked) {
        SENT.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        request.method(method, publisher);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<TopicPartition, Long> endOffsets() throws Exception {
        Set<String> topics = new java.util.HashSet<>(admin.listTopics().names().get(10, TimeUnit.SECONDS));
        // the audit trail records refusals and accepted files by design (AuditTrailIntegrationTest): the data topics are watched here
        topics.remove(uk.nhs.impactmonitor.domain.topic.Topics.AUDIT_LOG.name());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().forEach(description ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> offsets = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Keeps the ingest test sources' {@code @TestConfiguration}s (e.g. a MockProducer) out of the component scan. */
    static final class NoTestConfiguration extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NoTestConfiguration;
        }

        @Override
        public int hashCode() {
            return NoTestConfiguration.class.hashCode();
        }
    }
}
