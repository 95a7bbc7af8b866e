package uk.nhs.impactmonitor.simulator.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.nhs.impactmonitor.domain.SharedData;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.NhsDirectoryLoader;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.simulator.TestDirectories;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.ClosedDays;
import uk.nhs.impactmonitor.simulator.scenario.Reporting;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;
import uk.nhs.impactmonitor.simulator.scenario.ScenarioLoader;

class ActivityGeneratorTest {

    private static final Scenario EXPECTED = ScenarioLoader.shipped("expected");
    private static final Scenario WORST = ScenarioLoader.shipped("reasonable-worst-case");
    /** Registered patients in England, the denominator of the published national rates. */
    private static final double ENGLAND_PATIENTS = 63_000_000;
    /** Working days in a month, to turn monthly national volumes into daily ones. */
    private static final double WORKING_DAYS_A_MONTH = 21;

    @Test
    void shouldProduceIdenticalEventsWhenSeedIsTheSame() {
        // given
        PracticeDirectory directory = TestDirectories.first(200);
        LocalDate from = EXPECTED.baselineStart();
        LocalDate to = from.plusDays(59);

        // when
        List<SimulatedEvent> first = new ActivityGenerator(EXPECTED, directory).events(from, to);
        List<SimulatedEvent> second = new ActivityGenerator(EXPECTED, TestDirectories.first(200)).events(from, to);

        // then: 60 days, 42 of them working days, at 96% reporting: over 200 x 40 reports
        assertThat(first).hasSizeGreaterThan(200 * 40);
        assertThat(first.stream().anyMatch(e -> e instanceof SimulatedEvent.Notice)).isTrue();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldProduceDifferentEventsWhenSeedDiffers() {
        // given
        PracticeDirectory directory = TestDirectories.first(200);
        LocalDate from = EXPECTED.baselineStart();
        LocalDate to = from.plusDays(59);

        // when
        List<SimulatedEvent> original = new ActivityGenerator(EXPECTED, directory).events(from, to);
        List<SimulatedEvent> reseeded = new ActivityGenerator(EXPECTED.withSeed(EXPECTED.seed() + 1), directory).events(from, to);

        // then
        assertThat(reseeded).isNotEqualTo(original);
        Map<String, DailyReport> before = finalReports(original);
        Map<String, DailyReport> after = finalReports(reseeded);
        long same = before.keySet().stream().filter(key -> before.get(key).equals(after.get(key))).count();
        assertThat(same).as("practice-days with identical reports under another seed").isLessThan(before.size() / 10);
    }

    @Test
    void shouldEqualOneShotGenerationWhenDaysAreGeneratedLiveOneAtATime() {
        // given
        PracticeDirectory directory = TestDirectories.first(200);
        LocalDate from = EXPECTED.baselineStart();
        LocalDate to = EXPECTED.startDate().plusDays(20);
        List<SimulatedEvent> oneShot = new ActivityGenerator(EXPECTED, directory).events(from, to);

        // when: a backfill up to the start date, then live days, on a generator that first served a later day
        ActivityGenerator live = new ActivityGenerator(EXPECTED, directory);
        live.eventsArrivingOn(to.plusDays(30));
        List<SimulatedEvent> continued = new ArrayList<>(live.events(from, EXPECTED.startDate()));
        for (LocalDate day = EXPECTED.startDate().plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            continued.addAll(live.eventsArrivingOn(day));
        }

        // then
        assertThat(continued).isEqualTo(oneShot);
    }

    @Test
    void shouldGiveEachPracticeTheSameNumbersWhenTheDirectoryIsInAnotherOrder() {
        // given
        List<Practice> practices = new ArrayList<>(TestDirectories.first(100).practices());
        List<Practice> reversed = new ArrayList<>(practices);
        Collections.reverse(reversed);
        LocalDate from = EXPECTED.startDate();
        LocalDate to = from.plusDays(13);

        // when
        List<SimulatedEvent> forwards = new ActivityGenerator(EXPECTED, TestDirectories.of(practices)).events(from, to);
        List<SimulatedEvent> backwards = new ActivityGenerator(EXPECTED, TestDirectories.of(reversed)).events(from, to);

        // then: the same events, only listed in the other order
        assertThat(new HashSet<>(backwards)).isEqualTo(new HashSet<>(forwards));
    }

    @Test
    void shouldSendOnlyValidReportsAndNoticesWhenTheScenarioIsTheWorstCase() {
        // given
        ActivityGenerator generator = new ActivityGenerator(WORST, TestDirectories.first(300));

        // when
        List<SimulatedEvent> events = generator.events(WORST.baselineStart(), WORST.endDate());

        // then
        List<String> problems = new ArrayList<>();
        for (SimulatedEvent event : events) {
            if (event instanceof SimulatedEvent.Report report) {
                report.report().problems().forEach(problem -> problems.add(report.report().key() + " " + problem));
                assertThat(report.arrivalDay()).isAfterOrEqualTo(report.report().day());
            } else {
                NoticeEvent notice = ((SimulatedEvent.Notice) event).event();
                notice.problems().forEach(problem -> problems.add(notice.noticeId() + " " + problem));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(events.stream().filter(e -> e instanceof SimulatedEvent.Report r && r.report().cappedSessions() > 0))
                .as("capped reports").isNotEmpty();
    }

    @Test
    void shouldLandNearPublishedNationalVolumesWhenPracticesWorkAnOrdinaryDay() {
        // given: a Wednesday of the baseline weeks, every practice of the national directory
        ActivityGenerator generator = new ActivityGenerator(EXPECTED, TestDirectories.NATIONAL);
        LocalDate wednesday = LocalDate.of(2024, 7, 10);
        assertThat(wednesday.getDayOfWeek()).isEqualTo(DayOfWeek.WEDNESDAY);
        double patients = TestDirectories.NATIONAL.registeredPatients("ENG");

        // when
        Map<Metric, Long> totals = totals(generator, wednesday);

        // then: England's published volumes, scaled to the directory's patients
        double contacts = 1_400_000 / ENGLAND_PATIENTS * patients;                        // ~1.4M appointments a working day
        double agRequests = 200_000 / WORKING_DAYS_A_MONTH / ENGLAND_PATIENTS * patients;  // ~200,000 A&G requests a month
        double referrals = 1_600_000 / WORKING_DAYS_A_MONTH / ENGLAND_PATIENTS * patients; // ~1.6M e-RS referrals a month
        assertThat((double) totals.get(Metric.PATIENT_CONTACTS)).isCloseTo(contacts, within(0.15 * contacts));
        assertThat((double) totals.get(Metric.AG_REQUESTS)).isCloseTo(agRequests, within(0.15 * agRequests));
        assertThat((double) totals.get(Metric.REFERRALS)).isCloseTo(referrals, within(0.15 * referrals));
        // 25 to 30 contacts per clinician session, and nobody at the cap before the action
        double perSession = (double) totals.get(Metric.PATIENT_CONTACTS) / totals.get(Metric.CLINICIAN_SESSIONS);
        assertThat(perSession).isBetween(25.0, 30.0);
        assertThat(totals.get(Metric.CAPPED_SESSIONS)).isZero();
        // diversions small: under 2% of contacts
        assertThat((double) totals.get(Metric.URGENT_CARE_DIVERSIONS)).isLessThan(0.02 * contacts);
    }

    @Test
    void shouldLandNearPublishedNationalVolumesWhenTheDirectoryIsNhsEnglands() throws Exception {
        // given: NHS England's published files, when ../shared/data has them
        Optional<Path> practicesFile = SharedData.dataFile(SharedData.PRACTICES_FILE);
        Optional<Path> listSizesFile = SharedData.dataFile(SharedData.LIST_SIZES_FILE);
        assumeTrue(practicesFile.isPresent() && listSizesFile.isPresent(), "NHS England's files are not in ../shared/data");
        PracticeDirectory directory = NhsDirectoryLoader.load(practicesFile.get(), listSizesFile.get());
        ActivityGenerator generator = new ActivityGenerator(EXPECTED, directory);
        double patients = directory.registeredPatients("ENG");

        // when
        Map<Metric, Long> totals = totals(generator, LocalDate.of(2024, 7, 10));

        // then
        double contacts = 1_400_000 / ENGLAND_PATIENTS * patients;
        assertThat((double) totals.get(Metric.PATIENT_CONTACTS)).isCloseTo(contacts, within(0.15 * contacts));
        assertThat(totals.get(Metric.CAPPED_SESSIONS)).isZero();
    }

    @Test
    void shouldOpenFewPracticesForSmallDaysWhenTheDayIsClosed() {
        // given: the national directory; Wednesday 10, Saturday 13 and Sunday 14 July 2024, bank holiday 26 August
        ActivityGenerator generator = new ActivityGenerator(EXPECTED, TestDirectories.NATIONAL);
        LocalDate wednesday = LocalDate.of(2024, 7, 10);
        LocalDate saturday = wednesday.plusDays(3);
        LocalDate sunday = wednesday.plusDays(4);
        LocalDate bankHoliday = LocalDate.of(2024, 8, 26);
        double practices = generator.practices().size();

        // when
        Map<Metric, Long> weekday = totals(generator, wednesday);
        Map<Metric, Long> onSaturday = totals(generator, saturday);
        Map<Metric, Long> onSunday = totals(generator, sunday);
        double openSaturday = generator.practices().stream().filter(p -> generator.opensOn(p, saturday)).count() / practices;
        double openSunday = generator.practices().stream().filter(p -> generator.opensOn(p, sunday)).count() / practices;
        double openBankHoliday = generator.practices().stream().filter(p -> generator.opensOn(p, bankHoliday)).count() / practices;

        // then: every practice opens on a working day; a fifth on a Saturday, 2% on a Sunday or bank holiday
        // (binomial sd over 6,202 practices: 0.005 and 0.0018)
        assertThat(generator.practices()).allMatch(p -> generator.opensOn(p, wednesday));
        assertThat(openSaturday).isCloseTo(0.20, within(0.015));
        assertThat(openSunday).isCloseTo(0.02, within(0.006));
        assertThat(openBankHoliday).isCloseTo(0.02, within(0.006));
        // national activity: Saturday 0.20 x 0.16 = 3.2% of an average working day, Sunday 0.02 x 0.14 = 0.28%;
        // Wednesday is 0.98 of the average, and the season moves by under 0.2% between the 10th and the 14th:
        // Saturday / Wednesday = 0.032 / 0.98 = 0.0327, Sunday / Wednesday = 0.0028 / 0.98 = 0.00286 (NHS England's
        // appointments, summer 2024: 3.2% and 0.29% of the week's weekdays)
        double contacts = weekday.get(Metric.PATIENT_CONTACTS);
        assertThat(onSaturday.get(Metric.PATIENT_CONTACTS) / contacts).isCloseTo(0.0327, within(0.003));
        assertThat(onSunday.get(Metric.PATIENT_CONTACTS) / contacts).isCloseTo(0.00286, within(0.001));
        assertThat(onSaturday.get(Metric.ONLINE_REQUESTS) / (double) weekday.get(Metric.ONLINE_REQUESTS)).isCloseTo(0.0327, within(0.004));
        // a practice that is shut has nothing, and sends nothing for the day
        Practice shut = generator.practices().stream().filter(p -> !generator.opensOn(p, sunday)).findFirst().orElseThrow();
        assertThat(generator.activity(shut, sunday).patientContacts()).isZero();
        assertThat(generator.activity(shut, sunday).onlineRequests()).isZero();
        List<SimulatedEvent> arriving = generator.events(sunday, sunday.plusDays(6));
        assertThat(arriving).noneMatch(e -> e instanceof SimulatedEvent.Report r && r.report().day().equals(sunday)
                && !generator.opensOn(practiceOf(generator, r.report().practiceCode()), sunday));
    }

    @Test
    void shouldSendOnlyTheOpenPracticesReportsWhenTheDayIsClosed() {
        // given: every open practice reports, on the day; a quarter of practices open on a Saturday, none on a Sunday
        Scenario scenario = ScenarioLoader.parse("""
                name: closed
                seed: 5
                actionDays: 7
                reporting:
                  completeness: 1.0
                  arrival: [1.0]
                  correctionRate: 0
                  closedDays: {saturday: {reporting: 0.25, activity: 0.5}, sunday: {reporting: 0.0}}
                actions: {}
                """, "test");
        ActivityGenerator generator = new ActivityGenerator(scenario, TestDirectories.first(400));
        LocalDate saturday = LocalDate.of(2024, 8, 3);
        LocalDate sunday = LocalDate.of(2024, 8, 4);
        LocalDate monday = LocalDate.of(2024, 8, 5);

        // when
        List<SimulatedEvent> events = generator.events(saturday, monday);

        // then: Saturday's reports are exactly the open practices', Sunday has none, Monday has all 400
        Map<LocalDate, Long> reportsByDay = events.stream().filter(e -> e instanceof SimulatedEvent.Report)
                .map(e -> ((SimulatedEvent.Report) e).report().day()).collect(Collectors.groupingBy(d -> d, Collectors.counting()));
        long open = generator.practices().stream().filter(p -> generator.opensOn(p, saturday)).count();
        assertThat(reportsByDay.get(saturday)).isEqualTo(open);
        assertThat((double) open / 400).isCloseTo(0.25, within(0.06));
        assertThat(reportsByDay).doesNotContainKey(sunday);
        assertThat(reportsByDay.get(monday)).isEqualTo(400);
    }

    @Test
    void shouldMapADrawToItsArrivalDayWhenTheScheduleIsGiven() {
        // given: 60% on the day, 30% a day later, 8% two days later, 2% three days later
        Reporting reporting = new Reporting(0.96, List.of(0.60, 0.30, 0.08, 0.02), 0, ClosedDays.DEFAULT);

        // then: the cumulative shares 0.60, 0.90, 0.98, 1.00 are the boundaries
        assertThat(reporting.lateDays(0.0)).isZero();
        assertThat(reporting.lateDays(0.599)).isZero();
        assertThat(reporting.lateDays(0.601)).isEqualTo(1);
        assertThat(reporting.lateDays(0.899)).isEqualTo(1);
        assertThat(reporting.lateDays(0.901)).isEqualTo(2);
        assertThat(reporting.lateDays(0.979)).isEqualTo(2);
        assertThat(reporting.lateDays(0.981)).isEqualTo(3);
        assertThat(reporting.lateDays(0.99999)).isEqualTo(3);
        assertThat(reporting.maxLateDays()).isEqualTo(3);
    }

    @Test
    void shouldLeaveTheLatestDaysIncompleteWhenReportsArriveOverDays() {
        // given: the expected scenario (96% report; 60% on the day, 30%, 8%, 1.5%, 0.5% one to four days later), 2,000
        // practices, and what has arrived by the evening of Friday 11 October 2024
        ActivityGenerator generator = new ActivityGenerator(EXPECTED, TestDirectories.first(2000));
        LocalDate friday = LocalDate.of(2024, 10, 11);

        // when
        List<SimulatedEvent> arrived = generator.events(EXPECTED.baselineStart(), friday);
        Map<LocalDate, Long> reported = arrived.stream().filter(e -> e instanceof SimulatedEvent.Report r && !r.correction())
                .map(e -> ((SimulatedEvent.Report) e).report().day()).collect(Collectors.groupingBy(d -> d, Collectors.counting()));

        // then: by hand, of 2,000 practices open on a working day 0.96 x (share arrived): Friday 11th 0.96 x 0.60 =
        // 0.576; Thursday 0.96 x 0.90 = 0.864; Wednesday 0.96 x 0.98 = 0.9408; Tuesday 0.96 x 0.995 = 0.9552; Monday and
        // before 0.96 (binomial sd over 2,000: at most 0.011)
        assertThat(reported.get(friday) / 2000.0).isCloseTo(0.576, within(0.035));
        assertThat(reported.get(friday.minusDays(1)) / 2000.0).isCloseTo(0.864, within(0.025));
        assertThat(reported.get(friday.minusDays(2)) / 2000.0).isCloseTo(0.9408, within(0.02));
        assertThat(reported.get(friday.minusDays(3)) / 2000.0).isCloseTo(0.9552, within(0.02));
        assertThat(reported.get(friday.minusDays(4)) / 2000.0).isCloseTo(0.96, within(0.02));
        // and over the whole run (500 practices: ~38,000 first reports), the arrival lags follow the schedule
        List<SimulatedEvent.Report> firsts = new ActivityGenerator(EXPECTED, TestDirectories.first(500)).events(EXPECTED.baselineStart(), EXPECTED.endDate()).stream()
                .filter(e -> e instanceof SimulatedEvent.Report r && !r.correction()).map(e -> (SimulatedEvent.Report) e)
                .filter(r -> !r.report().day().isAfter(EXPECTED.endDate().minusDays(4))).toList();
        long[] byLag = new long[5];
        firsts.forEach(r -> byLag[(int) (r.arrivalDay().toEpochDay() - r.report().day().toEpochDay())]++);
        double n = firsts.size();
        assertThat(new double[] {byLag[0] / n, byLag[1] / n, byLag[2] / n, byLag[3] / n, byLag[4] / n})
                .containsExactly(new double[] {0.60, 0.30, 0.08, 0.015, 0.005}, within(0.008));
        // every report's receivedAt is on its arrival day
        assertThat(firsts).allMatch(r -> r.report().receivedAt().atZone(java.time.ZoneId.of("Europe/London")).toLocalDate()
                .equals(r.arrivalDay()));
    }

    @Test
    void shouldGiveNoticeOneToTwoWeeksAheadWhenPracticesJoin() {
        // given: the expected scenario's notices: 7 to 14 days ahead, 10% for a fixed term of 4 to 12 weeks
        ActivityGenerator generator = new ActivityGenerator(EXPECTED, TestDirectories.first(2000));

        // when
        List<SimulatedEvent.Notice> declared = generator.events(EXPECTED.baselineStart(), EXPECTED.endDate()).stream()
                .filter(e -> e instanceof SimulatedEvent.Notice n && n.event().type() == NoticeEventType.DECLARED)
                .map(e -> (SimulatedEvent.Notice) e).toList();

        // then: the first day of the baseline is 4 July, so every lead fits: each notice arrives 7 to 14 days before
        // its effectiveFrom, each lead about 1/8 of them; the day-0 joiners (from 1 August) declared 18 to 25 July
        long[] byLead = new long[15];
        for (SimulatedEvent.Notice notice : declared) {
            long lead = notice.event().effectiveFrom().toEpochDay() - notice.arrivalDay().toEpochDay();
            assertThat(lead).isBetween(7L, 14L);
            byLead[(int) lead]++;
            assertThat(notice.event().occurredAt().atZone(java.time.ZoneId.of("Europe/London")).toLocalDate())
                    .isEqualTo(notice.arrivalDay());
        }
        for (int lead = 7; lead <= 14; lead++) {
            assertThat((double) byLead[lead] / declared.size()).as("lead " + lead).isCloseTo(0.125, within(0.015));
        }
        assertThat(declared).filteredOn(n -> n.event().effectiveFrom().equals(EXPECTED.startDate()))
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n.arrivalDay()).isBetween(LocalDate.of(2024, 7, 18), LocalDate.of(2024, 7, 25)));
        // 10% name an end date from the start, 28 to 84 days in force; the rest are open-ended
        List<SimulatedEvent.Notice> fixed = declared.stream().filter(n -> n.event().effectiveTo() != null).toList();
        assertThat((double) fixed.size() / declared.size()).isCloseTo(0.10, within(0.015));
        assertThat(fixed).allSatisfy(n -> assertThat(n.event().effectiveTo().toEpochDay() - n.event().effectiveFrom().toEpochDay() + 1)
                .isBetween(28L, 84L));
    }

    @Test
    void shouldHaveNoReportBeyondTheNoticesWhenNoticesAreGivenAhead() {
        // given: what has arrived by Monday 22 July 2024, in the baseline weeks
        ActivityGenerator generator = new ActivityGenerator(EXPECTED, TestDirectories.first(2000));
        LocalDate monday = LocalDate.of(2024, 7, 22);

        // when
        List<SimulatedEvent> arrived = generator.events(EXPECTED.baselineStart(), monday);

        // then: notices for 1 August are in (the action is a plan), no report is for a day after the 22nd
        assertThat(arrived).anyMatch(e -> e instanceof SimulatedEvent.Notice n && n.event().effectiveFrom().isAfter(monday));
        assertThat(arrived).noneMatch(e -> e instanceof SimulatedEvent.Report r && r.report().day().isAfter(monday));
    }

    @Test
    void shouldGrowParticipationAlongTheUptakeCurveWhenRegionsVary() {
        // given
        ActivityGenerator generator = new ActivityGenerator(EXPECTED, TestDirectories.NATIONAL);
        int practices = generator.practices().size();

        // when: practices that have joined (declared, whatever became of the notice later) by each day
        long[] joined = new long[EXPECTED.actionDays()];
        Map<String, long[]> capByRegion = new HashMap<>();
        for (Practice practice : generator.practices()) {
            for (Participation participation : generator.participation(practice.code())) {
                int day = (int) (participation.effectiveFrom().toEpochDay() - EXPECTED.startDate().toEpochDay());
                if (participation.action() == CollectiveAction.STOP_ADVICE_AND_GUIDANCE) {
                    joined[day]++;
                }
                if (participation.action() == CollectiveAction.CAP_DAILY_CONTACTS) {
                    capByRegion.computeIfAbsent(practice.regionCode(), r -> new long[1])[0]++;
                }
            }
        }
        for (int day = 1; day < joined.length; day++) {
            joined[day] += joined[day - 1];
        }

        // then: 25% on day 0, 46% by day 6, 70% by day 119 (the curve of expected.yml)
        assertThat((double) joined[0] / practices).isCloseTo(0.25, within(0.025));
        assertThat((double) joined[6] / practices).isCloseTo(0.46, within(0.025));
        assertThat((double) joined[119] / practices).isCloseTo(0.70, within(0.025));
        // London caps at 0.41 x 1.15 = 0.4715, the Midlands at 0.41 x 0.9 = 0.369
        long london = TestDirectories.NATIONAL.practicesIn("Y56").size();
        long midlands = TestDirectories.NATIONAL.practicesIn("Y60").size();
        assertThat((double) capByRegion.get("Y56")[0] / london).isCloseTo(0.4715, within(0.04));
        assertThat((double) capByRegion.get("Y60")[0] / midlands).isCloseTo(0.369, within(0.04));
    }

    @Test
    void shouldDeclareEveryParticipationOnceWhenNoticesAreLaterCorrectedOrWithdrawn() {
        // given
        ActivityGenerator generator = new ActivityGenerator(WORST, TestDirectories.first(500));

        // when
        // corrections that end an action arrive up to 56 days after the last join (less their 3-10 days' notice)
        List<NoticeEvent> notices = generator.events(WORST.baselineStart(), WORST.endDate().plusDays(60)).stream()
                .filter(e -> e instanceof SimulatedEvent.Notice).map(e -> ((SimulatedEvent.Notice) e).event()).toList();

        // then
        Map<String, List<NoticeEvent>> byId = notices.stream().collect(Collectors.groupingBy(NoticeEvent::noticeId,
                LinkedHashMap::new, Collectors.toList()));
        int participations = 0;
        for (Practice practice : generator.practices()) {
            for (Participation participation : generator.participation(practice.code())) {
                participations++;
                List<NoticeEvent> history = byId.get(participation.noticeId());
                assertThat(history).isNotNull();
                NoticeEvent declared = history.get(0);
                assertThat(declared.type()).isEqualTo(NoticeEventType.DECLARED);
                assertThat(declared.effectiveFrom()).isEqualTo(participation.effectiveFrom());
                assertThat(declared.action()).isEqualTo(participation.action());
                if (participation.withdrawn()) {
                    assertThat(history).extracting(NoticeEvent::type).containsExactly(NoticeEventType.DECLARED, NoticeEventType.WITHDRAWN);
                } else if (declared.effectiveTo() != null) {
                    // a fixed term, given with the declaration
                    assertThat(history).hasSize(1);
                    assertThat(declared.effectiveTo()).isEqualTo(participation.effectiveTo());
                } else if (participation.effectiveTo() != null) {
                    assertThat(history).extracting(NoticeEvent::type).containsExactly(NoticeEventType.DECLARED, NoticeEventType.CORRECTED);
                    assertThat(history.get(1).effectiveTo()).isEqualTo(participation.effectiveTo());
                } else {
                    assertThat(history).hasSize(1);
                }
            }
        }
        assertThat(byId).hasSize(participations);
    }

    @Test
    void shouldEndWithTheTrueCountsWhenReportsArriveLateOrCorrected() {
        // given: the worst case reports 90% of the practice-days a practice is open, 55% late (45% on the day), 5% corrected
        ActivityGenerator generator = new ActivityGenerator(WORST, TestDirectories.first(200));
        LocalDate lastArrival = WORST.endDate().plusDays(WORST.reporting().maxLateDays() + ActivityGenerator.MAX_CORRECTION_DELAY);

        // when
        List<SimulatedEvent> events = generator.events(WORST.baselineStart(), lastArrival);

        // then: the last report of each practice-day is its true activity
        List<SimulatedEvent.Report> reports = events.stream().filter(e -> e instanceof SimulatedEvent.Report)
                .map(e -> (SimulatedEvent.Report) e).toList();
        Map<String, DailyReport> last = finalReports(events);
        Map<String, Practice> practices = generator.practices().stream().collect(Collectors.toMap(Practice::code, p -> p));
        for (DailyReport report : last.values()) {
            if (report.day().isAfter(WORST.endDate())) {
                continue; // its correction may still be on its way
            }
            assertThat(withoutReceivedAt(report)).isEqualTo(generator.activity(practices.get(report.practiceCode()), report.day()));
        }
        long practiceDays = 0;
        for (LocalDate day = WORST.baselineStart(); !day.isAfter(WORST.endDate()); day = day.plusDays(1)) {
            for (Practice practice : generator.practices()) {
                practiceDays += generator.opensOn(practice, day) ? 1 : 0;
            }
        }
        long reportedInScenario = last.values().stream().filter(r -> !r.day().isAfter(WORST.endDate())).count();
        assertThat((double) reportedInScenario / practiceDays).isCloseTo(0.90, within(0.01));
        List<SimulatedEvent.Report> firsts = reports.stream().filter(r -> !r.correction()).toList();
        double late = (double) firsts.stream().filter(r -> r.arrivalDay().isAfter(r.report().day())).count() / firsts.size();
        assertThat(late).isCloseTo(0.55, within(0.01));
        double corrected = (double) reports.stream().filter(SimulatedEvent.Report::correction).count() / firsts.size();
        assertThat(corrected).isCloseTo(0.05, within(0.01));
        // a corrected day's first report undercounts: it was sent before the day's records were complete
        Set<String> correctedKeys = reports.stream().filter(SimulatedEvent.Report::correction).map(r -> r.report().key())
                .collect(Collectors.toSet());
        long undercounted = firsts.stream().filter(r -> correctedKeys.contains(r.report().key()) && r.report().patientContacts() > 0)
                .filter(r -> r.report().patientContacts() < last.get(r.report().key()).patientContacts()).count();
        assertThat(undercounted).isPositive();
    }

    @Test
    void shouldNearlyStopAdviceAndGuidanceWhenEveryPracticeStopsIt() {
        // given: every practice stops A&G from the start, sending none, and refers 50% more
        Scenario scenario = ScenarioLoader.parse("""
                name: all-stop
                seed: 7
                actionDays: 14
                reporting: {completeness: 1.0, lateRate: 0, correctionRate: 0}
                notices: {correctedRate: 0, withdrawnRate: 0}
                actions:
                  STOP_ADVICE_AND_GUIDANCE:
                    uptake: [{day: 0, share: 1.0}]
                    effect:
                      multipliers: {agRequests: 0, referrals: 1.5}
                """, "test");
        Scenario noAction = ScenarioLoader.parse("""
                name: none
                seed: 7
                actionDays: 14
                actions: {}
                """, "test");
        ActivityGenerator stopping = new ActivityGenerator(scenario, TestDirectories.NATIONAL);
        ActivityGenerator ordinary = new ActivityGenerator(noAction, TestDirectories.NATIONAL);
        LocalDate before = scenario.startDate().minusDays(1);   // Wednesday 31 July 2024
        LocalDate during = scenario.startDate().plusDays(5);    // Tuesday 6 August 2024

        // when
        Map<Metric, Long> stoppedBefore = totals(stopping, before);
        Map<Metric, Long> stoppedDuring = totals(stopping, during);
        Map<Metric, Long> ordinaryDuring = totals(ordinary, during);

        // then
        assertThat(stoppedBefore).isEqualTo(totals(ordinary, before));
        assertThat(stoppedBefore.get(Metric.AG_REQUESTS)).isPositive();
        assertThat(stoppedDuring.get(Metric.AG_REQUESTS)).isZero();
        assertThat((double) stoppedDuring.get(Metric.REFERRALS) / ordinaryDuring.get(Metric.REFERRALS)).isCloseTo(1.5, within(0.02));
        assertThat(stoppedDuring.get(Metric.PATIENT_CONTACTS)).isEqualTo(ordinaryDuring.get(Metric.PATIENT_CONTACTS));
    }

    @Test
    void shouldCapContactsAndDivertTheRestWhenAPracticeCapsAt25() {
        // given: practice Z00001 (list 10,000) caps from the start; the same seed without the action is its
        // counterfactual, so demand and sessions are the same draws
        Scenario capping = ScenarioLoader.parse("""
                name: cap
                seed: 13
                actionDays: 7
                seasonality: false
                actions:
                  CAP_DAILY_CONTACTS:
                    uptake: [{day: 0, share: 1.0}]
                    effect: {contactCap: 25, divertedShare: 1.0}
                """, "test");
        Scenario ordinary = ScenarioLoader.parse("name: none\nseed: 13\nactionDays: 7\nseasonality: false\nactions: {}\n", "test");
        PracticeDirectory directory = TestDirectories.twoPractices();
        Practice practice = directory.practice("Z00001").orElseThrow();
        LocalDate monday = LocalDate.of(2024, 8, 5);

        // when
        DailyReport without = new ActivityGenerator(ordinary, directory).activity(practice, monday);
        DailyReport with = new ActivityGenerator(capping, directory).activity(practice, monday);

        // then: without the cap the practice sees 270 contacts in 10 sessions, 27.0 a session. Session loads
        // spread ±20% around it: a = 21.6, b = 32.4, b - a = 10.8. Sessions above 25: (32.4 - 25) / 10.8 = 0.685
        // of 10 = 6.85 → 7 capped. Turned away per session: (32.4 - 25)² / (2 · 10.8) = 54.76 / 21.6 = 2.535,
        // times 10 = 25.35 → 25, so 270 - 25 = 245 contacts (24.5 a session), and all 25 diverted on top of
        // the 4 ordinary diversions.
        assertThat(without.patientContacts()).isEqualTo(270);
        assertThat(without.clinicianSessions()).isEqualTo(10);
        assertThat(without.cappedSessions()).isZero();
        assertThat(without.urgentCareDiversions()).isEqualTo(4);
        assertThat(with.clinicianSessions()).isEqualTo(10);
        assertThat(with.cappedSessions()).isEqualTo(7);
        assertThat(with.patientContacts()).isEqualTo(245);
        assertThat(with.urgentCareDiversions()).isEqualTo(4 + 25);
        assertThat(with.agRequests()).isEqualTo(without.agRequests());
        assertThat(with.referrals()).isEqualTo(without.referrals());
    }

    private static Practice practiceOf(ActivityGenerator generator, String code) {
        return generator.practices().stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    }

    private static Map<Metric, Long> totals(ActivityGenerator generator, LocalDate day) {
        Map<Metric, Long> totals = new LinkedHashMap<>();
        for (Metric metric : Metric.REPORT_METRICS) {
            totals.put(metric, 0L);
        }
        for (Practice practice : generator.practices()) {
            DailyReport report = generator.activity(practice, day);
            for (Metric metric : Metric.REPORT_METRICS) {
                totals.merge(metric, (long) report.count(metric), Long::sum);
            }
        }
        return totals;
    }

    /** The latest report of each practice-day, as a reader of the topic would keep it. */
    private static Map<String, DailyReport> finalReports(List<SimulatedEvent> events) {
        Map<String, DailyReport> last = new HashMap<>();
        for (SimulatedEvent event : events) {
            if (event instanceof SimulatedEvent.Report report) {
                last.put(report.report().key(), report.report());
            }
        }
        return last;
    }

    private static DailyReport withoutReceivedAt(DailyReport r) {
        return new DailyReport(r.schemaVersion(), r.practiceCode(), r.day(), r.clinicianSessions(), r.patientContacts(),
                r.cappedSessions(), r.urgentCareDiversions(), r.agRequests(), r.referrals(), r.onlineRequests(), null);
    }
}
