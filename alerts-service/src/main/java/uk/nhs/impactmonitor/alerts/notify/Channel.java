package uk.nhs.impactmonitor.alerts.notify;

/** One way of delivering a message (one attempt; retries are {@link Deliverer}'s). */
public interface Channel {

    String name();

    void deliver(Receiver receiver, WebhookMessage message) throws DeliveryException;
}
