package uk.nhs.impactmonitor.alerts.config;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import uk.nhs.impactmonitor.alerts.dispatch.Dispatcher;
import uk.nhs.impactmonitor.alerts.metrics.AlertMetrics;
import uk.nhs.impactmonitor.alerts.nflog.NotificationLog;
import uk.nhs.impactmonitor.alerts.lifecycle.AlertEngine;
import uk.nhs.impactmonitor.alerts.lifecycle.IndicatorConsumer;
import uk.nhs.impactmonitor.alerts.silence.SilenceExpiry;
import uk.nhs.impactmonitor.alerts.silence.SilenceStore;
import uk.nhs.impactmonitor.alerts.subscription.SubscriptionStore;

/**
 * Starts the service in the only safe order: read every piece of state back from Kafka (subscriptions,
 * silences, the notification log, the alerts), then consume indicators, then dispatch. Stops in reverse. Each tick
 * first lets silences that ran out release their alerts (a lifecycle change), then dispatches (which changes none).
 */
public class AlertsRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertsRuntime.class);

    private final SubscriptionStore subscriptions;
    private final SilenceStore silences;
    private final NotificationLog notificationLog;
    private final AlertEngine engine;
    private final IndicatorConsumer consumer;
    private final SilenceExpiry silenceExpiry;
    private final Dispatcher dispatcher;
    private final AlertMetrics metrics;
    private final AlertsProperties properties;
    private volatile boolean running;
    private Thread consumerThread;
    private ScheduledExecutorService ticker;

    public AlertsRuntime(SubscriptionStore subscriptions, SilenceStore silences, NotificationLog notificationLog, AlertEngine engine,
                         IndicatorConsumer consumer, SilenceExpiry silenceExpiry, Dispatcher dispatcher, AlertMetrics metrics,
                         AlertsProperties properties) {
        this.subscriptions = subscriptions;
        this.silences = silences;
        this.notificationLog = notificationLog;
        this.engine = engine;
        this.consumer = consumer;
        this.silenceExpiry = silenceExpiry;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.properties = properties;
    }

    @Override
    public void start() {
        subscriptions.restore();
        silences.restore();
        notificationLog.restore();
        engine.restore();
        log.info("Restored {} subscription(s), {} silence(s), {} notification record(s)", subscriptions.all().size(),
                silences.all().size(), notificationLog.size());
        consumer.prepare();
        consumerThread = new Thread(consumer, "alerts-indicators");
        consumerThread.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alerts-dispatch");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(10, properties.tickInterval().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        running = true;
    }

    private void tick() {
        try {
            if (engine.isReady()) {
                // before the plan, as before: a silence that ended is off the alerts when they are next read
                silenceExpiry.run();
            }
            dispatcher.tick();
            metrics.update(engine.alerts());
        } catch (Throwable e) {
            // a tick that fails (Kafka briefly away) must not end the schedule, which one exception would
            log.error("Dispatch tick failed: {}", e.toString(), e);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                // a tick under way may still hand a delivery over: let it, then wait for what is in flight
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dispatcher.awaitIdle(properties.delivery().shutdownGrace());
        consumer.stop();
        if (consumerThread != null) {
            try {
                consumerThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
