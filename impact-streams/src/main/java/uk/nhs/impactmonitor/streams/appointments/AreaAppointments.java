package uk.nhs.impactmonitor.streams.appointments;

import java.time.LocalDate;

/**
 * An area's GP appointments of one day (the series behind the appointments indicators): {@code all}, {@code gp}
 * summed over its sub-ICB locations with data that day, and how many those are.
 */
public record AreaAppointments(String area, LocalDate day, long all, long gp, int subIcbs) {

    public static String key(String area, LocalDate day) {
        return area + "/" + day;
    }
}
