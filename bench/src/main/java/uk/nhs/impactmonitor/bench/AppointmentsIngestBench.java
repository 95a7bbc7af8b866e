package uk.nhs.impactmonitor.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Section 5b: NHS England's daily GP appointments file for one month of England, sent as published (its header and that
 * month's rows) to {@code POST /api/v1/appointments} as admin, by an ingest-service of its own that knows the real
 * practice directory (the synthetic directory's sub-ICBs are not NHS England's, so the other sections' ingest-service
 * would reject every line). The month is the shared file's largest. One post right after start-up (timed, reported
 * apart: the first request also warms the JVM), then {@value #ROUNDS} timed posts; each replaces the sub-ICB-days the
 * previous one wrote, as a corrected publication would.
 */
final class AppointmentsIngestBench {

    static final String FILE = "gpad-daily-sds-role-2024-06-to-2024-10.csv";
    static final String PRACTICES = "gp-reg-pat-prac-map.csv";
    static final String LIST_SIZES = "gp-reg-pat-prac-all.csv";
    static final int ROUNDS = 5;

    private AppointmentsIngestBench() {
    }

    /**
     * @param month      the month sent, as the file writes it ({@code OCT2024})
     * @param rows       data rows sent
     * @param bytes      the body's size
     * @param accepted   rows accepted (every round the same)
     * @param rejected   lines rejected
     * @param subIcbDays sub-ICB-days written
     * @param firstSeconds the first post after the service started
     * @param seconds    the timed posts
     */
    record Result(String month, int rows, int bytes, long accepted, int rejected, long subIcbDays, double firstSeconds, Stats seconds) {
    }

    /** The month of the file with most rows, as a body of its own: the file's header and that month's rows, LF. */
    record Month(String month, int rows, String body) {
    }

    /** The shared data directory's appointments file and directory files, when all three are there. */
    static Optional<Path> sharedData(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE)) && Files.isRegularFile(dir.resolve(PRACTICES)) && Files.isRegularFile(dir.resolve(LIST_SIZES))
                ? Optional.of(dir) : Optional.empty();
    }

    static Month largestMonth(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String header = lines.get(0);
        int dateColumn = List.of(header.split(",")).stream().map(String::trim).map(String::toLowerCase).toList().indexOf("appointment_date");
        if (dateColumn < 0) {
            throw new IllegalStateException(file + ": no Appointment_Date column");
        }
        Map<String, List<String>> byMonth = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (fields.length > dateColumn && fields[dateColumn].length() == 9) {
                byMonth.computeIfAbsent(fields[dateColumn].substring(2), m -> new ArrayList<>()).add(line);
            }
        }
        Map.Entry<String, List<String>> largest = byMonth.entrySet().stream().max(Map.Entry.comparingByValue(
                java.util.Comparator.comparingInt(List::size))).orElseThrow();
        return new Month(largest.getKey(), largest.getValue().size(), header + "\n" + String.join("\n", largest.getValue()) + "\n");
    }

    static Result run(String ingestUrl, Month month) {
        double first = post(ingestUrl, month.body()).seconds();
        List<Double> seconds = new ArrayList<>();
        Answer last = null;
        for (int round = 0; round < ROUNDS; round++) {
            last = post(ingestUrl, month.body());
            seconds.add(last.seconds());
        }
        return new Result(month.month(), month.rows(), month.body().getBytes(StandardCharsets.UTF_8).length, last.body().path("accepted").asLong(),
                last.body().path("rejected").size(), last.body().path("subIcbDays").asLong(), first, Stats.of(seconds));
    }

    private record Answer(double seconds, JsonNode body) {
    }

    private static Answer post(String ingestUrl, String body) {
        long started = System.nanoTime();
        HttpResponse<String> answer = Http.send("POST", ingestUrl + "/api/v1/appointments", ServiceStack.ADMIN, "text/csv", body);
        double took = (System.nanoTime() - started) / 1e9;
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("appointments file refused: " + answer.statusCode() + " " + answer.body());
        }
        return new Answer(took, uk.nhs.impactmonitor.domain.topic.Json.MAPPER.readTree(answer.body()));
    }

    /** The arguments that give an ingest-service the real practice directory, and keep it off the directory topic. */
    static List<String> realDirectoryArgs(Path sharedData) {
        return List.of("--monitor.directory.practices=" + sharedData.resolve(PRACTICES).toAbsolutePath(),
                "--monitor.directory.list-sizes=" + sharedData.resolve(LIST_SIZES).toAbsolutePath(),
                "--monitor.ingest.publish-directory=false");
    }
}
