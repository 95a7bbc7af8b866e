package uk.nhs.impactmonitor.domain.action;

/**
 * The BMA GPC England menu of collective actions (2024) that a practice can notify it is taking.
 * The constant names are the stable identifiers of {@code domain.md}; they appear as-is in JSON,
 * topic keys and indicator labels.
 */
public enum CollectiveAction {

    CAP_DAILY_CONTACTS(
            "Cap daily patient contacts at 25 per clinician",
            "Limit patient contacts per clinician per day to the UEMO safe maximum of 25 and divert the rest to local urgent care.",
            "Urgent-care diversions rise; contacts per clinician session fall to 25 or fewer."),
    STOP_ADVICE_AND_GUIDANCE(
            "Stop Advice & Guidance",
            "Stop engaging with the e-Referral Service Advice & Guidance pathway.",
            "Advice & Guidance requests drop; referrals may rise."),
    END_VOLUNTARY_SERVICES(
            "End voluntary services",
            "Serve notice on voluntary services that plug local commissioning gaps.",
            "Services ceased (count, by type)."),
    STOP_RATIONING_REFERRALS(
            "Stop rationing referrals",
            "Refer, investigate or admit when clinically appropriate; send letters instead of local proformas.",
            "Referrals, investigations and admissions rise."),
    SWITCH_OFF_GPCONNECT_CODING(
            "Switch off GPConnect third-party coding",
            "Switch off GPConnect functionality that lets third parties enter coding into the practice record.",
            "None to measure (notification only)."),
    WITHDRAW_SECONDARY_USE_SHARING(
            "Withdraw secondary-use data sharing",
            "Withdraw data-sharing agreements that are used only for secondary purposes.",
            "Data feeds lost (count)."),
    FREEZE_NEW_DATA_SHARING(
            "Freeze new data sharing",
            "Freeze sign-up to new data-sharing agreements or platforms.",
            "None to measure."),
    SWITCH_OFF_MEDICINES_OPTIMISATION(
            "Switch off medicines-optimisation software",
            "Switch off ICB medicines-optimisation software used for savings or rationing.",
            "None to measure."),
    DEFER_DIGITAL_SIGNOFF(
            "Defer digital sign-off",
            "Defer declarations for \"better digital telephony\" and \"simpler online requests\", including keeping online triage open after safe capacity is reached.",
            "Online requests fall when triage closes."),
    DEFER_PILOTS(
            "Defer pilots",
            "Defer accepting new local or national pilot programmes.",
            "None to measure.");

    private final String title;
    private final String description;
    private final String effectToWatch;

    CollectiveAction(String title, String description, String effectToWatch) {
        this.title = title;
        this.description = description;
        this.effectToWatch = effectToWatch;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public String effectToWatch() {
        return effectToWatch;
    }

    /** The action with this id, or {@code null}: callers decide how an unknown id is reported. */
    public static CollectiveAction fromId(String id) {
        if (id == null) {
            return null;
        }
        for (CollectiveAction action : values()) {
            if (action.name().equals(id)) {
                return action;
            }
        }
        return null;
    }
}
