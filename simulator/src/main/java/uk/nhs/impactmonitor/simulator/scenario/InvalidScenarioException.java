package uk.nhs.impactmonitor.simulator.scenario;

import java.util.List;

/** A scenario file that cannot be used; {@link #errors()} names every problem by its path in the file. */
public class InvalidScenarioException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> errors;

    public InvalidScenarioException(String source, List<String> errors) {
        super("scenario " + source + " is invalid:\n  " + String.join("\n  ", errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    public String source() {
        return source;
    }

    /** Each problem as {@code path: message}, e.g. {@code actions.CAP_DAILY_CONTACTS.uptake[2].share: must be between 0 and 1}. */
    public List<String> errors() {
        return errors;
    }
}
