package uk.nhs.impactmonitor.simulator.activity;

/**
 * Ordinary (pre-action) activity per 1,000 registered patients per working day, grounded in published
 * national volumes for England (~63 million registered patients, ~21 working days a month). Practices
 * differ around these means and days are noisy; see {@link ActivityGenerator}.
 */
public final class BaselineRates {

    /**
     * About 1.4 million GP appointments a working day (NHS England, Appointments in General Practice, 2024)
     * for about 63 million patients: 1.4M / 63M ≈ 22.2 contacts per 1,000.
     */
    public static final double PATIENT_CONTACTS = 22.2;

    /**
     * Contacts per clinician session: about 27 on average (the usual 25-30), practices differing around it;
     * so sessions ≈ 22.2 / 27 ≈ 0.82 per 1,000 and a typical session is already above the UEMO cap of 25,
     * which is why capping bites.
     */
    public static final double CONTACTS_PER_SESSION = 27.0;

    /**
     * e-RS Advice &amp; Guidance: about 200,000 requests a month ≈ 10,000 a working day; 10,000 / 63M ≈ 0.16
     * per 1,000.
     */
    public static final double AG_REQUESTS = 0.16;

    /**
     * GP referrals through e-RS: about 1.6 million a month ≈ 76,000 a working day ≈ 1.2 per 1,000. An
     * approximation: published e-RS totals mix referral sources and months vary.
     */
    public static final double REFERRALS = 1.2;

    /**
     * Online consultation submissions: of the order of 3.5 million a month in 2024 ≈ 167,000 a working day
     * ≈ 2.6 per 1,000. An approximation of a fast-growing series; what matters here is its size relative to
     * contacts (roughly one in nine).
     */
    public static final double ONLINE_REQUESTS = 2.6;

    /**
     * Patients sent to urgent care (UTC, 111, ED) because the practice's capacity was reached: small in
     * ordinary times. There is no national series; assumed 0.2 per 1,000 (≈ 12,600 a working day, under 1%
     * of contacts), so that a cap's diversions stand out against it.
     */
    public static final double URGENT_CARE_DIVERSIONS = 0.2;

    /** Capped sessions are 0 at baseline: no practice works to the cap unless it takes CAP_DAILY_CONTACTS. */
    public static final double CAPPED_SESSIONS = 0.0;

    private BaselineRates() {
    }
}
