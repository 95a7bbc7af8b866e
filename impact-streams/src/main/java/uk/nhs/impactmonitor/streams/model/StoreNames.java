package uk.nhs.impactmonitor.streams.model;

/** Explicit names of the national model's state stores (their changelogs are {@code <application.id>-<name>-changelog}). */
public final class StoreNames {

    /** {@code practiceCode/day} → the latest daily report. */
    public static final String PRACTICE_REPORTS = "practice-reports";
    /** noticeId → the latest notice event. */
    public static final String PRACTICE_NOTICES = "practice-notices";
    /** day → marker: days whose values must be recomputed; persisted so a crash before emission loses nothing. */
    public static final String PENDING_DAYS = "pending-days";
    /** {@code IndicatorValue.key()} → the value last emitted: the queryable store. */
    public static final String INDICATOR_VALUES = "indicator-values";
    /**
     * {@code earliest}/{@code latest} → the first and last day with values; {@code horizon} → H, the latest activity
     * day of any report (absent before the first report).
     */
    public static final String MODEL_HORIZON = "model-horizon";

    /** {@code subIcb/day} → the latest counts of the GP appointments feed. */
    public static final String SUB_ICB_APPOINTMENTS = "sub-icb-appointments";
    /** {@code area/day} → the area's daily appointment totals (the series behind the appointments indicators). */
    public static final String AREA_APPOINTMENT_TOTALS = "area-appointment-totals";
    /** Key of {@link #MODEL_HORIZON}: H_a, the appointments feed's latest day (absent before its first record). */
    public static final String APPOINTMENTS_HORIZON = "appointments-horizon";

    public static final String EARLIEST = "earliest";
    public static final String LATEST = "latest";
    public static final String HORIZON = "horizon";

    private StoreNames() {
    }
}
