package uk.nhs.impactmonitor.streams.web;

import uk.nhs.impactmonitor.domain.directory.AreaKind;

/** An area as {@code GET /api/v1/areas} lists it. */
public record AreaView(String code, String name, AreaKind kind, String parent, long practices, long registeredPatients) {
}
