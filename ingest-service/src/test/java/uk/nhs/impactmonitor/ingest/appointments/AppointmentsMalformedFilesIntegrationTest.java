package uk.nhs.impactmonitor.ingest.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import uk.nhs.impactmonitor.domain.appointments.SubIcbAppointments;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.topic.Json;
import uk.nhs.impactmonitor.domain.topic.Topics;
import uk.nhs.impactmonitor.ingest.FixedClockConfiguration;
import uk.nhs.impactmonitor.ingest.IngestServiceApplication;

/**
 * Generated appointments files with bad lines, posted over real HTTP to the service on a real KRaft broker
 * (started once; the synthetic directory, today Monday 5 August 2024). Each file has a header in some letter
 * case and order with unknown columns, LF or CRLF, sometimes a byte-order mark and quoted cells, and rows that
 * are sound or broken one or two ways. What must come back is worked out by {@link Reference}, written here from
 * indicators.md and api.md: every bad line named with its number and the columns at fault, the good lines of a
 * sub-ICB-day with a bad line named as not taken, the rest summed per sub-ICB-day, never a 5xx; and the topic gets
 * exactly those sums (read back), or, for a wholly bad file, no end offset of any topic moves.
 */
class AppointmentsMalformedFilesIntegrationTest {

    static final String ADMIN_TOKEN = "appointments-admin-" + UUID.randomUUID();
    static final String PATH = "/api/v1/appointments";
    static final LocalDate TODAY = FixedClockConfiguration.TODAY;
    static final String SUB_ICB = "SUB_ICB_LOCATION_CODE";
    static final String DATE = "Appointment_Date";
    static final String ROLE = "SDS_ROLE_GROUP";
    static final String COUNT = "COUNT_OF_APPOINTMENTS";
    static final List<String> REQUIRED = List.of(SUB_ICB, DATE, ROLE, COUNT);
    static final List<String> UNKNOWN_COLUMNS = List.of("SUB_ICB_LOCATION_NAME", "ICB_ONS_CODE", "REGION_ONS_CODE", "Note");
    static final List<String> ROLES = List.of("GP", "gp", "Nurses", "Other Direct Patient Care", "Unknown", "Data Quality");
    static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    /** The service's cap on one row's count (ingest-service README): more than any sub-ICB's appointments of a day. */
    static final long MAX_COUNT = 10_000_000;
    /** Three sub-ICB locations of the synthetic directory, in two ICBs. */
    static final List<String> SUB_ICBS = List.of("QOP-1", "QOP-2", "QKK-1");

    static EmbeddedKafkaKraftBroker broker;
    static ConfigurableApplicationContext app;
    static Admin admin;
    static KafkaConsumer<byte[], byte[]> consumer;
    static HttpClient client;
    static String base;
    static Set<String> knownSubIcbs;

    @BeforeContainer
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 2, "practice-notices", "practice-activity", "practice-directory", "area-appointments");
        broker.afterPropertiesSet();
        app = IngestServiceApplication.builder()
                .sources(FixedClockConfiguration.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("noTestConfiguration", new NoTestConfiguration()))
                .run("--server.port=0",
                        "--spring.profiles.active=production",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--monitor.security.admin-token=" + ADMIN_TOKEN,
                        "--monitor.ingest.publish-directory=false",
                        "--logging.level.root=WARN",
                        "--logging.level.org.apache.kafka=ERROR");
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        knownSubIcbs = new HashSet<>();
        app.getBean(PracticeDirectory.class).practices().forEach(p -> knownSubIcbs.add(p.subIcbCode()));
        assertThat(knownSubIcbs).containsAll(SUB_ICBS);
    }

    @AfterContainer
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
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

    // ------------------------------------------------------------------ the properties

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    void shouldNameEveryBadLineAndWriteOnlyWholeSubIcbDaysWhenAFileMixesGoodAndBadLines(@ForAll("mixedFiles") CsvFile file) throws Exception {
        // given
        Reference.Expected expected = Reference.judge(file);
        Map<TopicPartition, Long> before = endOffsets();

        // when
        HttpResponse<String> response = post(file.render());

        // then
        String why = file.render().replace("\r", "\\r") + "\n  answered " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(why).isEqualTo(202);
        JsonNode answer = Json.MAPPER.readTree(response.body());
        assertThat(rejected(answer)).as(why).isEqualTo(expected.rejected());
        assertThat(answer.path("accepted").asInt(-1)).as(why).isEqualTo(expected.acceptedRows());
        assertThat(answer.path("rejectedLines").asInt(-1)).as(why).isEqualTo(expected.rejected().size());
        assertThat(answer.path("subIcbDays").asInt(-1)).as(why).isEqualTo(expected.sums().size());
        Map<TopicPartition, Long> after = endOffsets();
        assertThat(moved(before, after, "area-appointments")).as(why).isEqualTo(expected.sums().size());
        assertThat(moved(before, after, null) - moved(before, after, "area-appointments")).as(why + "\n  other topics").isZero();
        assertThat(written(before, after)).as(why).isEqualTo(expected.sums());
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void shouldNameEveryLineAndMoveNoOffsetWhenEveryLineOfAFileIsBad(@ForAll("whollyBadFiles") CsvFile file) throws Exception {
        // given
        Reference.Expected expected = Reference.judge(file);
        assertThat(expected.acceptedRows()).as("the generator made every line bad").isZero();
        Map<TopicPartition, Long> before = endOffsets();

        // when
        HttpResponse<String> response = post(file.render());

        // then
        String why = file.render().replace("\r", "\\r") + "\n  answered " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(why).isEqualTo(202);
        JsonNode answer = Json.MAPPER.readTree(response.body());
        assertThat(rejected(answer)).as(why).isEqualTo(expected.rejected());
        assertThat(rejected(answer)).as(why).hasSize(file.rows().size());
        assertThat(answer.path("accepted").asInt(-1)).as(why).isZero();
        assertThat(answer.path("subIcbDays").asInt(-1)).as(why).isZero();
        assertThat(endOffsets()).as(why + "\n  end offsets of every topic").isEqualTo(before);
    }

    // ------------------------------------------------------------------ the files

    /** Ways to break a row; {@code value} is the bad cell (or, for the cell-count faults, how many cells). */
    enum Fault { UNKNOWN_SUB_ICB, EMPTY_SUB_ICB, BAD_DATE, FUTURE_DATE, EMPTY_ROLE, NEGATIVE_COUNT, NON_INTEGER_COUNT, HUGE_COUNT,
        FEWER_CELLS, MORE_CELLS }

    record Break(Fault fault, String value) {
    }

    /** A row before it is written out: sound values, then the breaks applied. */
    record Row(String subIcb, LocalDate day, int monthCase, String role, long count, List<String> unknownCells, boolean quoteAll, List<Break> breaks) {
    }

    /** A file: the header's columns (canonical names, in order) and their letter case, line ending, byte-order mark, rows. */
    record CsvFile(List<String> columns, List<Integer> headerCases, boolean crlf, boolean bom, boolean finalNewline, List<Row> rows) {

        /** The cells of each row as the service will read them, in header order. */
        List<List<String>> cells() {
            List<List<String>> all = new ArrayList<>();
            for (Row row : rows) {
                Map<String, String> byColumn = new HashMap<>();
                byColumn.put(SUB_ICB, row.subIcb());
                byColumn.put(DATE, published(row.day(), row.monthCase()));
                byColumn.put(ROLE, row.role());
                byColumn.put(COUNT, Long.toString(row.count()));
                int unknown = 0;
                for (String column : columns) {
                    if (!REQUIRED.contains(column)) {
                        byColumn.put(column, row.unknownCells().get(unknown++ % row.unknownCells().size()));
                    }
                }
                int fewer = 0;
                int more = 0;
                for (Break b : row.breaks()) {
                    switch (b.fault()) {
                        case UNKNOWN_SUB_ICB, EMPTY_SUB_ICB -> byColumn.put(SUB_ICB, b.value());
                        case BAD_DATE, FUTURE_DATE -> byColumn.put(DATE, b.value());
                        case EMPTY_ROLE -> byColumn.put(ROLE, b.value());
                        case NEGATIVE_COUNT, NON_INTEGER_COUNT, HUGE_COUNT -> byColumn.put(COUNT, b.value());
                        case FEWER_CELLS -> fewer = Integer.parseInt(b.value());
                        case MORE_CELLS -> more = Integer.parseInt(b.value());
                    }
                }
                List<String> cells = new ArrayList<>();
                columns.forEach(column -> cells.add(byColumn.get(column)));
                // at least two cells stay, so the row is never a blank line (which a file may have and the service skips)
                int keep = Math.max(2, cells.size() - fewer);
                List<String> shaped = new ArrayList<>(cells.subList(0, keep));
                for (int i = 0; i < more; i++) {
                    shaped.add("extra");
                }
                all.add(shaped);
            }
            return all;
        }

        String render() {
            String newline = crlf ? "\r\n" : "\n";
            StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
            List<String> header = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                header.add(letterCase(columns.get(i), headerCases.get(i)));
            }
            text.append(String.join(",", header));
            List<List<String>> cells = cells();
            for (int r = 0; r < cells.size(); r++) {
                boolean quoteAll = rows.get(r).quoteAll();
                text.append(newline).append(String.join(",", cells.get(r).stream().map(c -> quote(c, quoteAll)).toList()));
            }
            if (finalNewline) {
                text.append(newline);
            }
            return text.toString();
        }

        /** The line each row starts on: the header is line 1, and a quoted line break inside a cell is a line too. */
        List<Integer> lines() {
            List<Integer> lines = new ArrayList<>();
            int line = 2;
            for (List<String> row : cells()) {
                lines.add(line);
                line += 1 + (int) String.join("", row).chars().filter(c -> c == '\n').count();
            }
            return lines;
        }
    }

    static String quote(String cell, boolean always) {
        boolean needed = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
        return needed || always ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    static String letterCase(String text, int style) {
        return switch (style) {
            case 0 -> text;
            case 1 -> text.toLowerCase(Locale.ROOT);
            case 2 -> text.toUpperCase(Locale.ROOT);
            default -> {
                StringBuilder mixed = new StringBuilder();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    mixed.append(i % 2 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
                yield mixed.toString();
            }
        };
    }

    /** As NHS England publishes a day ({@code 01AUG2024}), the month in the given letter case. */
    static String published(LocalDate day, int monthCase) {
        return String.format(Locale.ROOT, "%02d%s%04d", day.getDayOfMonth(), letterCase(MONTHS.get(day.getMonthValue() - 1), monthCase), day.getYear());
    }

    // ------------------------------------------------------------------ the reference

    /** What api.md and indicators.md say the answer must be, worked out here without the service's classes. */
    static final class Reference {

        static final Pattern DATE_PATTERN = Pattern.compile("(\\d{2})([A-Za-z]{3})(\\d{4})");

        record Expected(Map<Integer, Set<String>> rejected, int acceptedRows, Map<String, List<Long>> sums) {
        }

        /** The day of a published date, or null when it is not one. */
        static LocalDate parse(String value) {
            Matcher m = DATE_PATTERN.matcher(value);
            if (!m.matches()) {
                return null;
            }
            int month = MONTHS.indexOf(m.group(2).toUpperCase(Locale.ROOT));
            if (month < 0) {
                return null;
            }
            try {
                return LocalDate.of(Integer.parseInt(m.group(3)), month + 1, Integer.parseInt(m.group(1)));
            } catch (DateTimeException e) {
                return null;
            }
        }

        static Expected judge(CsvFile file) {
            int width = file.columns().size();
            record Judged(int line, Set<String> faults, String key, long count, boolean gp) {
            }
            List<Judged> judged = new ArrayList<>();
            List<List<String>> rows = file.cells();
            List<Integer> lines = file.lines();
            for (int r = 0; r < rows.size(); r++) {
                List<String> cells = rows.get(r);
                Map<String, String> value = new HashMap<>();
                for (String column : REQUIRED) {
                    int at = file.columns().indexOf(column);
                    value.put(column, at < cells.size() ? cells.get(at).trim() : "");
                }
                Set<String> faults = new HashSet<>();
                if (cells.size() != width) {
                    faults.add("row");
                }
                String subIcb = value.get(SUB_ICB).toUpperCase(Locale.ROOT);
                boolean subIcbOk = knownSubIcbs.contains(subIcb);
                if (!subIcbOk) {
                    faults.add(SUB_ICB);
                }
                LocalDate day = parse(value.get(DATE));
                boolean dayOk = day != null && !day.isAfter(TODAY);
                if (!dayOk) {
                    faults.add(DATE);
                }
                if (value.get(ROLE).isEmpty()) {
                    faults.add(ROLE);
                }
                String count = value.get(COUNT);
                boolean countOk = count.matches("\\d+") && (count.replaceFirst("^0+", "").length() <= 8 && Long.parseLong(count) <= MAX_COUNT);
                if (!countOk) {
                    faults.add(COUNT);
                }
                String key = subIcbOk && dayOk ? subIcb + "/" + day : null;
                judged.add(new Judged(lines.get(r), faults, key, countOk ? Long.parseLong(count) : 0, value.get(ROLE).equalsIgnoreCase("GP")));
            }
            // a sub-ICB-day with any bad line goes in not at all (ingest-service README)
            Set<String> spoiled = new HashSet<>();
            judged.stream().filter(j -> !j.faults().isEmpty() && j.key() != null).forEach(j -> spoiled.add(j.key()));
            Map<Integer, Set<String>> rejected = new TreeMap<>();
            Map<String, List<Long>> sums = new LinkedHashMap<>();
            int accepted = 0;
            for (Judged j : judged) {
                if (!j.faults().isEmpty()) {
                    rejected.put(j.line(), j.faults());
                } else if (spoiled.contains(j.key())) {
                    rejected.put(j.line(), Set.of("row"));
                } else {
                    accepted++;
                    List<Long> sum = sums.computeIfAbsent(j.key(), k -> new ArrayList<>(List.of(0L, 0L)));
                    sum.set(0, sum.get(0) + j.count());
                    sum.set(1, sum.get(1) + (j.gp() ? j.count() : 0));
                }
            }
            return new Expected(rejected, accepted, sums);
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<CsvFile> mixedFiles() {
        return files(row(Arbitraries.integers().between(0, 2)));
    }

    @Provide
    Arbitrary<CsvFile> whollyBadFiles() {
        return files(row(Arbitraries.integers().between(1, 2)));
    }

    Arbitrary<CsvFile> files(Arbitrary<Row> rows) {
        Arbitrary<List<String>> columns = Arbitraries.subsetOf(UNKNOWN_COLUMNS).map(unknown -> {
            List<String> all = new ArrayList<>(REQUIRED);
            all.addAll(unknown);
            return all;
        }).flatMap(all -> Arbitraries.shuffle(all));
        return columns.flatMap(cols -> Combinators.combine(
                        Arbitraries.integers().between(0, 3).list().ofSize(cols.size()),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        rows.list().ofMinSize(1).ofMaxSize(25))
                .as((cases, crlf, bom, finalNewline, list) -> new CsvFile(cols, cases, crlf, bom, finalNewline, list)));
    }

    /** A row: a known sub-ICB in some letter case (perhaps padded), one of the four days up to today, and {@code breaks} faults. */
    Arbitrary<Row> row(Arbitrary<Integer> breaks) {
        Arbitrary<String> subIcb = Combinators.combine(Arbitraries.of(SUB_ICBS), Arbitraries.integers().between(0, 3), Arbitraries.of("", " "))
                .as((code, style, pad) -> pad + letterCase(code, style) + pad);
        Arbitrary<LocalDate> day = Arbitraries.integers().between(0, 3).map(TODAY::minusDays);
        Arbitrary<List<String>> unknownCells = Arbitraries.strings().withChars("abc ,\"\n").ofMaxLength(8).list().ofSize(4);
        // fewer and more cells together could restore the header's width, so a row has one or the other
        Arbitrary<List<Break>> faults = breaks.flatMap(n -> faultArbitrary().list().ofSize(n)
                .uniqueElements(b -> b.fault() == Fault.MORE_CELLS ? Fault.FEWER_CELLS : b.fault()));
        return Combinators.combine(subIcb, day, Arbitraries.integers().between(0, 3), Arbitraries.of(ROLES),
                        Arbitraries.longs().between(0, 5_000), unknownCells, Arbitraries.of(true, false, false, false), faults)
                .as(Row::new);
    }

    Arbitrary<Break> faultArbitrary() {
        Arbitrary<Break> unknownSubIcb = Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars('-').ofMinLength(1).ofMaxLength(6)
                .filter(code -> !knownSubIcbs.contains(code.toUpperCase(Locale.ROOT)))
                .map(code -> new Break(Fault.UNKNOWN_SUB_ICB, code));
        Arbitrary<Break> emptySubIcb = Arbitraries.of("", "  ").map(v -> new Break(Fault.EMPTY_SUB_ICB, v));
        Arbitrary<Break> badDate = Arbitraries.oneOf(
                        Arbitraries.of("2024-08-01", "1AUG2024", "31JUN2024", "29FEB2023", "01AUG24", "01SEPT2024", "00AUG2024", "01 AUG 2024", "", "01AGU2024"),
                        Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'Z').withChars(" -/").ofMaxLength(10))
                .filter(v -> Reference.parse(v.trim()) == null)
                .map(v -> new Break(Fault.BAD_DATE, v));
        Arbitrary<Break> futureDate = Combinators.combine(Arbitraries.integers().between(1, 2_000), Arbitraries.integers().between(0, 3))
                .as((days, style) -> new Break(Fault.FUTURE_DATE, published(TODAY.plusDays(days), style)));
        Arbitrary<Break> emptyRole = Arbitraries.of("", " ").map(v -> new Break(Fault.EMPTY_ROLE, v));
        Arbitrary<Break> negative = Arbitraries.longs().between(1, 1_000_000).map(n -> new Break(Fault.NEGATIVE_COUNT, "-" + n));
        Arbitrary<Break> nonInteger = Arbitraries.oneOf(
                        Arbitraries.of("1.5", "1e3", "12 3", "abc", "0x10", "+5", "1,234", "", "NaN", "½"),
                        Arbitraries.strings().withChars("0123456789.,-+eE x\"").ofMaxLength(8))
                .filter(v -> !v.trim().matches("\\d+"))
                .map(v -> new Break(Fault.NON_INTEGER_COUNT, v));
        Arbitrary<Break> huge = Arbitraries.oneOf(Arbitraries.longs().between(MAX_COUNT + 1, Long.MAX_VALUE).map(String::valueOf),
                        Arbitraries.strings().numeric().ofLength(30).map(v -> "9" + v))
                .map(v -> new Break(Fault.HUGE_COUNT, v));
        Arbitrary<Break> fewer = Arbitraries.integers().between(1, 6).map(n -> new Break(Fault.FEWER_CELLS, Integer.toString(n)));
        Arbitrary<Break> more = Arbitraries.integers().between(1, 3).map(n -> new Break(Fault.MORE_CELLS, Integer.toString(n)));
        return Arbitraries.oneOf(unknownSubIcb, emptySubIcb, badDate, futureDate, emptyRole, negative, nonInteger, huge, fewer, more);
    }

    // ------------------------------------------------------------------ talking to the service and the broker

    static HttpResponse<String> post(String csv) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + PATH)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Each rejected line with the columns its errors name. */
    static Map<Integer, Set<String>> rejected(JsonNode answer) {
        Map<Integer, Set<String>> rejected = new TreeMap<>();
        answer.path("rejected").forEach(row -> {
            Set<String> fields = new HashSet<>();
            row.path("errors").forEach(e -> fields.add(e.path("field").asString()));
            rejected.put(row.path("line").asInt(), fields);
        });
        return rejected;
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

    /** Records added between two sets of end offsets, on one topic (or on all, for null). */
    static long moved(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after, String topic) {
        return after.entrySet().stream().filter(e -> topic == null || e.getKey().topic().equals(topic))
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    /** The area-appointments records written between two sets of end offsets, as key → [all, gp]. */
    static Map<String, List<Long>> written(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        List<TopicPartition> partitions = after.keySet().stream().filter(tp -> tp.topic().equals("area-appointments")).toList();
        consumer.assign(partitions);
        partitions.forEach(tp -> consumer.seek(tp, before.getOrDefault(tp, 0L)));
        Map<String, List<Long>> written = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < after.get(tp)) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < after.get(new TopicPartition(record.topic(), record.partition()))) {
                    SubIcbAppointments value = Topics.AREA_APPOINTMENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    written.put(new String(record.key(), StandardCharsets.UTF_8), List.of(value.all(), value.gp()));
                }
            }
        }
        return written;
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
