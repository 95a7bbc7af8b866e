package uk.nhs.impactmonitor.simulator.activity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import uk.nhs.impactmonitor.domain.action.CollectiveAction;
import uk.nhs.impactmonitor.domain.activity.DailyReport;
import uk.nhs.impactmonitor.domain.activity.Metric;
import uk.nhs.impactmonitor.domain.directory.Practice;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.domain.notice.NoticeEvent;
import uk.nhs.impactmonitor.domain.notice.NoticeEventType;
import uk.nhs.impactmonitor.simulator.activity.Draws.Purpose;
import uk.nhs.impactmonitor.simulator.output.SimulatedEvent;
import uk.nhs.impactmonitor.simulator.scenario.ActionEffect;
import uk.nhs.impactmonitor.simulator.scenario.ActionScenario;
import uk.nhs.impactmonitor.simulator.scenario.ClosedDays;
import uk.nhs.impactmonitor.simulator.scenario.NoticeRates;
import uk.nhs.impactmonitor.simulator.scenario.Scenario;

/**
 * Generates what every open practice of a directory sends under a scenario: notices when it joins an action,
 * and a daily report for each day from the start of the baseline weeks, some late, some corrected, some never.
 *
 * <p>Deterministic for (scenario, directory): every draw comes from a stream keyed by (seed, practice, day,
 * purpose), see {@link Draws}, so {@link #eventsArrivingOn(LocalDate)} is a pure function of the day. A live
 * run that asks for one day at a time gets exactly what a one-shot backfill of the same days gets.
 *
 * <p>Who takes part: each practice draws once per action a threshold u in [0, 1) and joins on the first day
 * the uptake share of its region exceeds u, so the set of participants only grows as the curve rises and
 * regional multipliers shift whole regions. Effects apply from the join day while the notice is in force.
 *
 * <p>Like real practices: most send nothing for a closed day (weekend, bank holiday) and the few open send a small
 * day ({@link uk.nhs.impactmonitor.simulator.scenario.ClosedDays}); a day's reports arrive over the following days
 * ({@link uk.nhs.impactmonitor.simulator.scenario.Reporting#arrival()}), so the latest days are always incomplete;
 * notices are given days ahead of their {@code effectiveFrom}
 * ({@link uk.nhs.impactmonitor.simulator.scenario.NoticeRates}).
 *
 * <p>Immutable once built (participation is worked out in the constructor), so days may be generated from
 * several threads at once, e.g. by a benchmark.
 */
public final class ActivityGenerator {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** Reports are sent at the end of the working day; corrections the next morning or later. */
    private static final LocalTime REPORT_TIME = LocalTime.of(18, 0);
    private static final LocalTime CORRECTION_TIME = LocalTime.of(10, 0);
    private static final LocalTime NOTICE_TIME = LocalTime.of(9, 0);
    /** A correction follows the first report by 1..this many days. */
    static final int MAX_CORRECTION_DELAY = 3;
    /** A withdrawal follows its declaration by 1..this many days. */
    private static final int MAX_WITHDRAWAL_DELAY = 5;
    /** A corrected notice ends the action after this many days at least, plus up to {@link #ENDED_SPREAD}. */
    private static final int MIN_ACTION_LENGTH = 14;
    private static final int ENDED_SPREAD = 43;
    /** A fixed-term notice runs 4 to 12 weeks. */
    private static final int MIN_FIXED_TERM = 28;
    private static final int FIXED_TERM_SPREAD = 57;
    /** The first report of a day that is later corrected counts this share of the day, and up to 20% more. */
    private static final double PROVISIONAL_SHARE = 0.75;

    /** Spread of practices' activity per patient (log scale), and of the day-to-day level. */
    private static final double PRACTICE_ACTIVITY_SIGMA = 0.10;
    private static final double PRACTICE_REFERRAL_SIGMA = 0.20;
    /** Online request volumes differ more between practices than anything else: digital uptake varies. */
    private static final double PRACTICE_ONLINE_SIGMA = 0.30;
    private static final double PRACTICE_LOAD_SIGMA = 0.08;
    private static final double DAILY_SIGMA = 0.05;
    private static final double SESSION_LOAD_SIGMA = 0.04;
    /** Session loads spread ±20% around a practice-day's mean: part of a practice's sessions hit a cap first. */
    private static final double SESSION_SPREAD = 0.2;

    private final Scenario scenario;
    private final List<Practice> practices;
    private final Map<String, Profile> profiles;
    private final Map<String, List<Participation>> participationByPractice;
    private final TreeMap<LocalDate, List<SimulatedEvent>> noticesByArrival;

    public ActivityGenerator(Scenario scenario, PracticeDirectory directory) {
        this.scenario = scenario;
        this.practices = directory.practices().stream().filter(Practice::open).toList();
        Map<String, Profile> profileMap = new LinkedHashMap<>();
        Map<String, List<Participation>> participation = new LinkedHashMap<>();
        TreeMap<LocalDate, List<SimulatedEvent>> notices = new TreeMap<>();
        for (Practice practice : practices) {
            profileMap.put(practice.code(), profile(practice));
            List<Participation> joined = new ArrayList<>();
            for (CollectiveAction action : CollectiveAction.values()) {
                ActionScenario actionScenario = scenario.actions().get(action);
                if (actionScenario != null) {
                    participate(practice, action, actionScenario, notices).ifPresent(joined::add);
                }
            }
            participation.put(practice.code(), List.copyOf(joined));
        }
        this.profiles = Collections.unmodifiableMap(profileMap);
        this.participationByPractice = Collections.unmodifiableMap(participation);
        notices.replaceAll((day, list) -> List.copyOf(list));
        this.noticesByArrival = notices;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The practices that send anything: the directory's open practices, in directory order. */
    public List<Practice> practices() {
        return practices;
    }

    /** First day with activity: the start of the baseline weeks. */
    public LocalDate firstDay() {
        return scenario.baselineStart();
    }

    /**
     * Everything that arrives on {@code day}, in a fixed order: notices first (by practice, then action), then
     * reports by activity day and practice. Days before {@link #firstDay()} have nothing; days after the
     * action period carry on with the final uptake.
     */
    public List<SimulatedEvent> eventsArrivingOn(LocalDate day) {
        List<SimulatedEvent> events = new ArrayList<>(noticesByArrival.getOrDefault(day, List.of()));
        int window = scenario.reporting().maxLateDays() + MAX_CORRECTION_DELAY;
        for (int back = window; back >= 0; back--) {
            LocalDate activityDay = day.minusDays(back);
            if (activityDay.isBefore(firstDay())) {
                continue;
            }
            for (Practice practice : practices) {
                ReportingFate fate = fate(practice, activityDay);
                if (fate.missing()) {
                    continue;
                }
                LocalDate firstArrival = activityDay.plusDays(fate.lateDays());
                boolean first = firstArrival.equals(day);
                boolean correction = fate.correctionDelay() > 0 && firstArrival.plusDays(fate.correctionDelay()).equals(day);
                if (!first && !correction) {
                    continue;
                }
                DailyReport activity = activity(practice, activityDay);
                if (first) {
                    DailyReport sent = fate.correctionDelay() > 0 ? provisional(activity, fate.provisionalShare()) : activity;
                    events.add(new SimulatedEvent.Report(day, withReceivedAt(sent, day, REPORT_TIME), false));
                }
                if (correction) {
                    events.add(new SimulatedEvent.Report(day, withReceivedAt(activity, day, CORRECTION_TIME), true));
                }
            }
        }
        return events;
    }

    /** Everything arriving on the days {@code from}..{@code to} inclusive, in arrival order. */
    public List<SimulatedEvent> events(LocalDate from, LocalDate to) {
        List<SimulatedEvent> events = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            events.addAll(eventsArrivingOn(day));
        }
        return events;
    }

    /** The practice's part in each action it joined (including withdrawn notices), by action. */
    public List<Participation> participation(String practiceCode) {
        return participationByPractice.getOrDefault(practiceCode, List.of());
    }

    /** Practices with {@code action} in force on {@code day}. */
    public long participants(CollectiveAction action, LocalDate day) {
        return participationByPractice.values().stream().flatMap(List::stream)
                .filter(p -> p.action() == action && p.inForceOn(day)).count();
    }

    /**
     * Whether the practice is open on {@code day}: every working day; on a closed day only with the scenario's
     * probability ({@link uk.nhs.impactmonitor.simulator.scenario.ClosedDays}), drawn per practice and day. A
     * practice that is not open sends no report for the day.
     */
    public boolean opensOn(Practice practice, LocalDate day) {
        return openLevel(practice, day) > 0;
    }

    /** 1 on a working day; on a closed day the scenario's activity share when the practice opens, else 0. */
    private double openLevel(Practice practice, LocalDate day) {
        if (WorkingCalendar.isWorkingDay(day)) {
            return 1.0;
        }
        ClosedDays closed = scenario.reporting().closedDays();
        boolean saturday = WorkingCalendar.isSaturday(day);
        double share = saturday ? closed.saturdayReporting() : closed.sundayReporting();
        double u = Draws.random(scenario.seed(), practice.code(), day.toEpochDay(), Purpose.OPENING).nextDouble();
        if (u >= share) {
            return 0.0;
        }
        return saturday ? closed.saturdayActivity() : closed.sundayActivity();
    }

    /**
     * A practice's true activity on a day, as its final report says, whether or not it reports that day
     * ({@code receivedAt} is empty); all zeros on a closed day the practice does not open.
     */
    public DailyReport activity(Practice practice, LocalDate day) {
        Profile profile = profiles.get(practice.code());
        if (profile == null) {
            profile = profile(practice);
        }
        long seed = scenario.seed();
        String code = practice.code();
        long epochDay = day.toEpochDay();
        double perThousand = practice.listSize() / 1000.0;
        double season = scenario.seasonality() ? WorkingCalendar.seasonalFactor(day) * WorkingCalendar.weekdayFactor(day) : 1.0;
        // a closed practice has no activity; an open one on a closed day a small share of a working day's, online
        // requests included (those sent to a shut practice are counted on the day it reads them)
        double open = openLevel(practice, day) * season;
        double online = open;
        double level = Draws.factor(Draws.random(seed, code, epochDay, Purpose.DAILY_LEVEL), DAILY_SIGMA);

        Map<Metric, Double> multipliers = new EnumMap<>(Metric.class);
        ActionEffect cap = null;
        for (Participation participation : participation(code)) {
            if (!participation.inForceOn(day)) {
                continue;
            }
            ActionEffect effect = scenario.actions().get(participation.action()).effect();
            effect.multipliers().forEach((metric, value) -> multipliers.merge(metric, value, (a, b) -> a * b));
            if (effect.contactCap() != null && (cap == null || effect.contactCap() < cap.contactCap())) {
                cap = effect;
            }
        }

        int demand = Draws.poisson(Draws.random(seed, code, epochDay, Purpose.CONTACTS),
                BaselineRates.PATIENT_CONTACTS * perThousand * open * profile.activity() * level
                        * multipliers.getOrDefault(Metric.PATIENT_CONTACTS, 1.0));
        SplittableRandom sessionDraws = Draws.random(seed, code, epochDay, Purpose.SESSIONS);
        double load = profile.contactsPerSession() * Draws.factor(sessionDraws, SESSION_LOAD_SIGMA);
        int sessions = demand == 0 ? 0 : (int) Math.max(1, Math.round(demand / load));
        SplittableRandom diversionDraws = Draws.random(seed, code, epochDay, Purpose.DIVERSIONS);
        int diversions = Draws.poisson(diversionDraws, BaselineRates.URGENT_CARE_DIVERSIONS * perThousand * open
                * profile.activity() * level * multipliers.getOrDefault(Metric.URGENT_CARE_DIVERSIONS, 1.0));
        int contacts = demand;
        int capped = 0;
        if (cap != null && sessions > 0) {
            // Session loads spread uniformly over [a, b] around the day's mean; the sessions above the cap are
            // the capped ones, and what they would have seen above it is turned away.
            double mean = (double) demand / sessions;
            double a = mean * (1 - SESSION_SPREAD);
            double b = mean * (1 + SESSION_SPREAD);
            double limit = cap.contactCap();
            if (limit < b) {
                double cappedShare = limit <= a ? 1.0 : (b - limit) / (b - a);
                double turnedAwayPerSession = limit <= a ? mean - limit : (b - limit) * (b - limit) / (2 * (b - a));
                capped = (int) Math.min(sessions, Math.round(cappedShare * sessions));
                int turnedAway = (int) Math.min(demand, Math.round(turnedAwayPerSession * sessions));
                contacts = demand - turnedAway;
                diversions += Draws.binomial(diversionDraws, turnedAway, cap.divertedShare());
            }
        }
        int ag = Draws.poisson(Draws.random(seed, code, epochDay, Purpose.AG_REQUESTS),
                BaselineRates.AG_REQUESTS * perThousand * open * profile.referral() * level
                        * multipliers.getOrDefault(Metric.AG_REQUESTS, 1.0));
        int referrals = Draws.poisson(Draws.random(seed, code, epochDay, Purpose.REFERRALS),
                BaselineRates.REFERRALS * perThousand * open * profile.referral() * level
                        * multipliers.getOrDefault(Metric.REFERRALS, 1.0));
        int onlineRequests = Draws.poisson(Draws.random(seed, code, epochDay, Purpose.ONLINE_REQUESTS),
                BaselineRates.ONLINE_REQUESTS * perThousand * online * profile.online() * level
                        * multipliers.getOrDefault(Metric.ONLINE_REQUESTS, 1.0));
        return new DailyReport(DailyReport.SCHEMA_VERSION, code, day, sessions, contacts, capped, diversions, ag,
                referrals, onlineRequests, null);
    }

    // --- per practice ------------------------------------------------------------------------------------

    /** What stays the same about a practice from day to day. */
    private record Profile(double activity, double contactsPerSession, double referral, double online) {
    }

    private Profile profile(Practice practice) {
        SplittableRandom random = Draws.random(scenario.seed(), practice.code(), 0, Purpose.PRACTICE_PROFILE);
        double activity = Draws.factor(random, PRACTICE_ACTIVITY_SIGMA);
        double load = BaselineRates.CONTACTS_PER_SESSION * Draws.factor(random, PRACTICE_LOAD_SIGMA);
        double referral = Draws.factor(random, PRACTICE_REFERRAL_SIGMA);
        double online = Draws.factor(random, PRACTICE_ONLINE_SIGMA);
        return new Profile(activity, load, referral, online);
    }

    /** Whether and when a practice's report of a day arrives. */
    private record ReportingFate(boolean missing, int lateDays, int correctionDelay, double provisionalShare) {
    }

    private ReportingFate fate(Practice practice, LocalDate day) {
        SplittableRandom random = Draws.random(scenario.seed(), practice.code(), day.toEpochDay(), Purpose.REPORTING_FATE);
        // every draw is made whatever the branch, so changing one rate does not reshuffle the others
        boolean missing = random.nextDouble() >= scenario.reporting().completeness() || !opensOn(practice, day);
        int lateDays = scenario.reporting().lateDays(random.nextDouble());
        boolean corrected = random.nextDouble() < scenario.reporting().correctionRate();
        int correctionDelay = 1 + random.nextInt(MAX_CORRECTION_DELAY);
        double provisionalShare = PROVISIONAL_SHARE + 0.2 * random.nextDouble();
        return new ReportingFate(missing, lateDays, corrected ? correctionDelay : 0, provisionalShare);
    }

    /** A first report sent before the day's records were complete: every count short by the same share. */
    private static DailyReport provisional(DailyReport full, double share) {
        int sessions = (int) Math.round(full.clinicianSessions() * share);
        return new DailyReport(full.schemaVersion(), full.practiceCode(), full.day(), sessions,
                (int) Math.round(full.patientContacts() * share),
                Math.min(sessions, (int) Math.round(full.cappedSessions() * share)),
                (int) Math.round(full.urgentCareDiversions() * share),
                (int) Math.round(full.agRequests() * share),
                (int) Math.round(full.referrals() * share),
                (int) Math.round(full.onlineRequests() * share),
                null);
    }

    private static DailyReport withReceivedAt(DailyReport report, LocalDate day, LocalTime time) {
        return new DailyReport(report.schemaVersion(), report.practiceCode(), report.day(), report.clinicianSessions(),
                report.patientContacts(), report.cappedSessions(), report.urgentCareDiversions(), report.agRequests(),
                report.referrals(), report.onlineRequests(), instant(day, time));
    }

    private static Instant instant(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(LONDON).toInstant();
    }

    private Optional<Participation> participate(Practice practice, CollectiveAction action, ActionScenario curve,
                                                Map<LocalDate, List<SimulatedEvent>> notices) {
        SplittableRandom random = Draws.random(scenario.seed(), practice.code(), 0, Purpose.PARTICIPATION, action.ordinal());
        NoticeRates rates = scenario.notices();
        int leadSpread = rates.maxLeadDays() - rates.minLeadDays() + 1;
        double threshold = random.nextDouble();
        int lead = rates.minLeadDays() + random.nextInt(leadSpread);
        double fate = random.nextDouble();
        int withdrawalDelay = 1 + random.nextInt(MAX_WITHDRAWAL_DELAY);
        int length = MIN_ACTION_LENGTH + random.nextInt(ENDED_SPREAD);
        int endNoticeLead = rates.minLeadDays() + random.nextInt(leadSpread);
        boolean viaLmc = random.nextDouble() < 0.2;
        int fixedTerm = MIN_FIXED_TERM + random.nextInt(FIXED_TERM_SPREAD);

        Integer joinDay = null;
        for (int day = 0; day <= curve.lastUptakeDay(); day++) {
            if (threshold < curve.share(day, practice.regionCode())) {
                joinDay = day;
                break;
            }
        }
        if (joinDay == null) {
            return Optional.empty();
        }
        LocalDate effectiveFrom = scenario.startDate().plusDays(joinDay);
        LocalDate declaredOn = max(effectiveFrom.minusDays(lead), firstDay());
        // fate: withdrawn | later corrected with an end | a fixed term from the start | open-ended
        boolean withdrawn = fate < rates.withdrawnRate();
        boolean ended = !withdrawn && fate < rates.withdrawnRate() + rates.correctedRate();
        boolean fixed = !withdrawn && !ended && fate < rates.withdrawnRate() + rates.correctedRate() + rates.fixedTermRate();
        LocalDate effectiveTo = ended ? effectiveFrom.plusDays(length) : fixed ? effectiveFrom.plusDays(fixedTerm - 1L) : null;
        LocalDate declaredTo = fixed ? effectiveTo : null;
        String noticeId = UUID.nameUUIDFromBytes((scenario.seed() + "/" + practice.code() + "/" + action)
                .getBytes(StandardCharsets.UTF_8)).toString();
        String submittedBy = viaLmc ? "LMC on behalf of the practice" : "practice manager";
        String note = "simulated (" + scenario.name() + " scenario)";

        add(notices, declaredOn, new NoticeEvent(NoticeEvent.SCHEMA_VERSION, NoticeEventType.DECLARED, noticeId,
                practice.code(), action, effectiveFrom, declaredTo, submittedBy, note, instant(declaredOn, NOTICE_TIME)));
        if (withdrawn) {
            LocalDate on = declaredOn.plusDays(withdrawalDelay);
            add(notices, on, new NoticeEvent(NoticeEvent.SCHEMA_VERSION, NoticeEventType.WITHDRAWN, noticeId,
                    practice.code(), action, effectiveFrom, declaredTo, submittedBy, note, instant(on, NOTICE_TIME)));
        } else if (ended) {
            LocalDate on = max(effectiveTo.minusDays(endNoticeLead), declaredOn.plusDays(1));
            add(notices, on, new NoticeEvent(NoticeEvent.SCHEMA_VERSION, NoticeEventType.CORRECTED, noticeId,
                    practice.code(), action, effectiveFrom, effectiveTo, submittedBy, note + ": action ended",
                    instant(on, NOTICE_TIME)));
        }
        return Optional.of(new Participation(practice.code(), action, noticeId, effectiveFrom, effectiveTo, withdrawn));
    }

    private static void add(Map<LocalDate, List<SimulatedEvent>> notices, LocalDate day, NoticeEvent event) {
        notices.computeIfAbsent(day, d -> new ArrayList<>()).add(new SimulatedEvent.Notice(day, event));
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /** Days between two dates, for callers sizing a run. */
    public static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
