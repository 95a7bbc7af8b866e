package uk.nhs.impactmonitor.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.indicator.Indicator;
import uk.nhs.impactmonitor.streams.topology.ModelFixture;

/**
 * When the national model recomputes: at once for live input, at the catch-up pace while a backlog is read (at least
 * {@code catch-up-records} records since the last emission), and at once again when the input stops.
 */
class NationalModelPacingTest {

    private static final LocalDate BASE_FROM = LocalDate.parse("2024-07-01");
    private static final LocalDate BASE_TO = LocalDate.parse("2024-07-07");
    private static final LocalDate FIRST = LocalDate.parse("2024-08-01");
    private static final int PRACTICES = 50;

    private ModelFixture fixture;
    private PracticeDirectory directory;
    private int catchUpRecords;
    private Duration catchUpInterval;
    /** Values emitted before the backlog was sent. */
    private int countBefore;

    @BeforeEach
    void open() {
        List<String> practices = new ArrayList<>();
        for (int p = 0; p < PRACTICES; p++) {
            practices.add("P" + p + ":QX1:1000");
        }
        directory = ModelFixture.directory(List.of("QX1"), practices);
        fixture = new ModelFixture(directory, BASE_FROM, BASE_TO);
        catchUpRecords = fixture.settings.streams().catchUpRecords();
        catchUpInterval = fixture.settings.streams().catchUpEmitInterval();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldRecomputeLiveInputAtTheNextPunctuation() {
        fixture.send(ModelFixture.agReport("P0", FIRST, 3));

        fixture.emit();

        assertThat(fixture.pendingDays()).isZero();
        assertThat(fixture.emitted("QX1", FIRST, Indicator.REPORTING_COMPLETENESS)).isNotNull();
    }

    @Test
    void shouldRecomputeABacklogAtTheCatchUpPaceWhileItIsRead() {
        fixture.send(ModelFixture.agReport("P0", FIRST, 3));
        fixture.emit(); // the last emission before the backlog
        int days = sendBacklog(FIRST.plusDays(1));

        // input keeps arriving every punctuation: nothing is recomputed until the catch-up interval has passed
        Duration waited = Duration.ZERO;
        while (fixture.pendingDays() > 0 && waited.compareTo(Duration.ofSeconds(10)) < 0) {
            assertThat(fixture.emittedCount()).as("values emitted after %s of catching up", waited).isLessThanOrEqualTo(countBefore);
            fixture.send(ModelFixture.agReport("P1", FIRST.plusDays(1), 4 + (int) waited.toMillis()));
            fixture.emit();
            waited = waited.plus(ModelFixture.EMIT_INTERVAL);
        }

        assertThat(days).isGreaterThan(1);
        assertThat(waited).isGreaterThanOrEqualTo(catchUpInterval.minus(ModelFixture.EMIT_INTERVAL))
                .isLessThanOrEqualTo(catchUpInterval.plus(ModelFixture.EMIT_INTERVAL));
        assertThat(fixture.emitted("QX1", FIRST.plusDays(days), Indicator.REPORTING_COMPLETENESS)).isNotNull();
    }

    @Test
    void shouldRecomputeAtOnceWhenTheInputStops() {
        fixture.send(ModelFixture.agReport("P0", FIRST, 3));
        fixture.emit();
        int days = sendBacklog(FIRST.plusDays(1));
        fixture.emit(); // reading the backlog: not yet
        assertThat(fixture.pendingDays()).isPositive();

        // no input for three punctuations (600 ms): the input has stopped, so what is pending is recomputed
        fixture.emit().emit().emit();

        assertThat(fixture.pendingDays()).isZero();
        // the backlog's last working day (version 2 has no completeness on a weekend, and the last day, 10 November 2024, is a Sunday)
        LocalDate lastWorkingDay = FIRST.plusDays(days);
        while (lastWorkingDay.getDayOfWeek().getValue() > 5) {
            lastWorkingDay = lastWorkingDay.minusDays(1);
        }
        assertThat(fixture.value("QX1", lastWorkingDay, Indicator.REPORTING_COMPLETENESS)).isEqualTo(1.0);
    }

    @Test
    void shouldKeepTheCatchUpPaceWhenThePunctuationAfterACatchUpEmissionFindsNoRecordReadYet() {
        // given: a backlog read until its first catch-up emission, which leaves days pending (20 days per emission)
        fixture.close();
        fixture = new ModelFixture(directory, BASE_FROM, BASE_TO, 20, true);
        fixture.send(ModelFixture.agReport("P0", FIRST, 3));
        fixture.emit();
        sendBacklog(FIRST.plusDays(1));
        long pendingBefore = fixture.pendingDays();
        int punctuations = 0;
        while (fixture.pendingDays() >= pendingBefore && punctuations < 100) {
            fixture.send(ModelFixture.agReport("P1", FIRST.plusDays(1), 4 + punctuations));
            fixture.emit();
            punctuations++;
        }
        long pendingAfterEmission = fixture.pendingDays();
        assertThat(pendingAfterEmission).as("days pending after the first catch-up emission").isPositive().isLessThan(pendingBefore);

        // when: the next punctuation finds no record read since that emission (the thread could not read while it
        // recomputed; under exactly-once the repartition topic's records arrive a commit at a time)
        fixture.emit();

        // then: still catching up, so nothing more is recomputed yet (it was: "no record since the last emission" read
        // as "no backlog", and a replay recomputed back to back, ~1 s at a time, most of its thread)
        assertThat(fixture.pendingDays()).isEqualTo(pendingAfterEmission);
    }

    @Test
    void shouldRecomputeAtTheCatchUpPaceWhenTheRecordsReadWereWrittenLongBeforeHoweverFewTheyAre() {
        // given: the model is behind its input (a restart after downtime): a few reports written an hour before they are
        // read, arriving a handful per punctuation (on one stream thread the model's input arrives a commit at a time)
        fixture.send(ModelFixture.agReport("P0", FIRST, 3));
        fixture.emit();
        countBefore = fixture.emittedCount();
        java.time.Instant anHourAgo = java.time.Instant.parse("2024-09-01T00:00:00Z").minus(Duration.ofHours(1));

        // when: read for less than the catch-up interval
        Duration waited = Duration.ZERO;
        for (int p = 1; waited.compareTo(catchUpInterval.minus(ModelFixture.EMIT_INTERVAL.multipliedBy(2))) < 0; p++) {
            fixture.send(ModelFixture.agReport("P" + (p % PRACTICES), FIRST.plusDays(p % 20), 2), anHourAgo);
            fixture.emit();
            waited = waited.plus(ModelFixture.EMIT_INTERVAL);
        }

        // then: nothing recomputed yet (a live trickle would be recomputed at the next punctuation)
        assertThat(fixture.emittedCount()).isEqualTo(countBefore);
        assertThat(fixture.pendingDays()).isPositive();
    }

    @Test
    void shouldRecomputeAFewRecordsWrittenJustBeforeAtTheNextPunctuationEvenRightAfterAnotherEmission() {
        // given: live input, each record written just before it is read
        java.time.Instant now = java.time.Instant.parse("2024-09-01T00:00:00Z");
        fixture.send(ModelFixture.agReport("P0", FIRST, 3), now);
        fixture.emit();

        // when: the next record comes at the very next punctuation
        fixture.send(ModelFixture.agReport("P1", FIRST, 5), now.plus(ModelFixture.EMIT_INTERVAL));
        fixture.emit();

        // then: recomputed at once
        assertThat(fixture.pendingDays()).isZero();
    }

    /** Sends catch-up-records reports, a day of every practice at a time; answers the number of days. */
    private int sendBacklog(LocalDate from) {
        countBefore = fixture.emittedCount();
        int days = (catchUpRecords + PRACTICES - 1) / PRACTICES;
        for (int d = 0; d < days; d++) {
            for (int p = 0; p < PRACTICES; p++) {
                fixture.send(ModelFixture.agReport("P" + p, from.plusDays(d), 2));
            }
        }
        return days;
    }
}
