package uk.nhs.impactmonitor.streams.model;

import uk.nhs.impactmonitor.domain.indicator.IndicatorValue;

/**
 * What the national model emits: a changed indicator value, or a record refused by the model (e.g. a practice
 * the directory does not know) bound for its topic's dead-letter topic. Never serialised: it only travels from
 * the model to the two sinks inside one task.
 */
public record ModelOutput(IndicatorValue indicator, String deadLetterTopic, String deadLetterKey, byte[] deadLetterValue) {

    public static ModelOutput of(IndicatorValue indicator) {
        return new ModelOutput(indicator, null, null, null);
    }

    public static ModelOutput deadLetter(String topic, String key, byte[] value) {
        return new ModelOutput(null, topic, key, value);
    }

    public boolean isIndicator() {
        return indicator != null;
    }
}
