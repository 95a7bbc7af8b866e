package uk.nhs.impactmonitor.alerts.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.nhs.impactmonitor.alerts.subscription.Subscription;
import uk.nhs.impactmonitor.domain.topic.Json;

/**
 * Posts a message to a Microsoft Teams Workflows incoming webhook as an Adaptive Card (version 1.4, the form
 * api.md gives): per alert its area, indicator, value with its 95% interval, threshold and since when, with links to
 * the area on the planners' page and to acknowledging the alert; silence notices as one line each. Written from the
 * same message the webhook gets, so grouping, dedup, retries, silences and escalation are the webhook's. The URL is
 * checked against the {@link WebhookUrlPolicy} before every delivery, as a webhook's is, and never written to a log
 * or an error in full: its query is the credential to the channel.
 */
public class TeamsChannel implements Channel {

    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    public static final String CARD_VERSION = "1.4";
    /** Teams refuses cards over about 28 KB: past this many alerts the card says how many more there are. */
    static final int MAX_ALERTS_ON_CARD = 20;

    private final HttpClient client;
    private final DeliveryProperties delivery;
    private final WebhookUrlPolicy policy;
    private final String pageUrl;

    /** @param pageUrl the planners' page as people reach it ({@code monitor.alerts.page-url}) */
    public TeamsChannel(DeliveryProperties delivery, WebhookUrlPolicy policy, String pageUrl) {
        this.delivery = delivery;
        this.policy = policy;
        this.pageUrl = pageUrl;
        this.client = HttpClient.newBuilder().connectTimeout(delivery.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return Receiver.TEAMS;
    }

    @Override
    public void deliver(Receiver receiver, WebhookMessage message) throws DeliveryException {
        Subscription.Teams teams = receiver.subscription().teams();
        var refused = policy.refusal(teams.url());
        if (refused.isPresent()) {
            // not retried: the next pipeline run checks (and resolves) again
            throw new DeliveryException("Teams URL " + teams.masked() + " refused: " + refused.get(), false);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(teams.url()))
                .timeout(delivery.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "impact-monitor-alerts/1")
                .header(DedupKey.HEADER, DedupKey.ofMessage(message))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(card(message))))
                .build();
        WebhookChannel.post(client, request, teams.masked());
    }

    /** The Teams message: one attachment, the Adaptive Card. */
    Map<String, Object> card(WebhookMessage message) {
        List<Object> body = new ArrayList<>();
        body.add(text(title(message), "Large", "Bolder", anyFiring(message) ? "Attention" : "Good"));
        List<WebhookMessage.WebhookAlert> alerts = message.alerts();
        for (WebhookMessage.WebhookAlert alert : alerts.subList(0, Math.min(alerts.size(), MAX_ALERTS_ON_CARD))) {
            body.addAll(alert.labels().containsKey("silenceId") ? silenceNotice(alert) : alertSection(message, alert));
        }
        int more = alerts.size() - Math.min(alerts.size(), MAX_ALERTS_ON_CARD) + message.truncatedAlerts();
        if (more > 0) {
            body.add(text(more + " more alert(s): see the planners' page", null, null, null));
        }
        List<Object> actions = new ArrayList<>();
        String area = message.groupLabels().get("area");
        if (area != null) {
            actions.add(openUrl("Open " + area + " on the planners' page", pageLink(area)));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        content.put("type", "AdaptiveCard");
        content.put("version", CARD_VERSION);
        content.put("msteams", Map.of("width", "Full"));
        content.put("body", body);
        content.put("actions", actions);
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", CARD_CONTENT_TYPE);
        attachment.put("contentUrl", null);
        attachment.put("content", content);
        Map<String, Object> teamsMessage = new LinkedHashMap<>();
        teamsMessage.put("type", "message");
        teamsMessage.put("attachments", List.of(attachment));
        return teamsMessage;
    }

    private List<Object> alertSection(WebhookMessage message, WebhookMessage.WebhookAlert alert) {
        Map<String, String> labels = alert.labels();
        Map<String, String> annotations = alert.annotations();
        boolean firing = WebhookMessage.FIRING.equals(alert.status());
        String area = labels.get("area");
        List<Object> section = new ArrayList<>();
        section.add(separatorText("[" + alert.status().toUpperCase(Locale.ROOT) + "] " + labels.getOrDefault("severity", "").toUpperCase(Locale.ROOT)
                + " " + annotations.getOrDefault("summary", labels.get("alertname")), firing ? "Attention" : "Good"));
        List<Map<String, String>> facts = new ArrayList<>();
        facts.add(fact("Area", annotations.getOrDefault("areaName", area) + " (" + area + ")"));
        String indicator = labels.get("indicator") + (labels.containsKey("action") ? " · " + labels.get("action") : "")
                + (labels.containsKey("metric") ? " · " + labels.get("metric") : "");
        facts.add(fact("Indicator", indicator));
        facts.add(fact("Value", value(annotations)));
        facts.add(fact("Threshold", annotations.get("threshold") + " (" + labels.getOrDefault("severity", "").toUpperCase(Locale.ROOT) + ")"));
        facts.add(fact("Day", annotations.get("day")));
        facts.add(fact("Since", String.valueOf(alert.startsAt())));
        if (annotations.containsKey("acknowledgedBy")) {
            facts.add(fact("Acknowledged by", annotations.get("acknowledgedBy")));
        }
        if (annotations.containsKey("escalation")) {
            facts.add(fact("Escalation", annotations.get("escalation")));
        }
        section.add(Map.of("type", "FactSet", "facts", facts));
        if (annotations.containsKey("description")) {
            section.add(text(annotations.get("description"), "Small", null, null));
        }
        List<Object> actions = new ArrayList<>();
        actions.add(openUrl("Open " + area + " on the planners' page", pageLink(area)));
        if (firing) {
            // acknowledging is a POST with a credential (api.md): the link leads to it; the page has no button for it yet
            actions.add(openUrl("Acknowledge", message.externalURL() + "/api/v1/alerts/" + alert.fingerprint() + "/ack"));
        }
        section.add(Map.of("type", "ActionSet", "actions", actions));
        return section;
    }

    private static List<Object> silenceNotice(WebhookMessage.WebhookAlert alert) {
        return List.of(separatorText(alert.annotations().getOrDefault("summary", alert.labels().get("alertname")), "Default"));
    }

    /** "0.62 (95% interval 0.55 to 0.70)", or the value alone when the indicator has no interval. */
    static String value(Map<String, String> annotations) {
        String value = annotations.get("value");
        if (annotations.containsKey("low") && annotations.containsKey("high")) {
            return value + " (95% interval " + annotations.get("low") + " to " + annotations.get("high") + ")";
        }
        return value;
    }

    private String pageLink(String area) {
        return pageUrl + "#area=" + area;
    }

    private static String title(WebhookMessage message) {
        long firing = message.alerts().stream().filter(a -> WebhookMessage.FIRING.equals(a.status())).count();
        String area = message.groupLabels().getOrDefault("area", "");
        return "[" + message.status().toUpperCase(Locale.ROOT) + (firing > 0 ? ":" + firing : "") + "] " + area + " — "
                + message.alerts().size() + " alert(s)";
    }

    private static boolean anyFiring(WebhookMessage message) {
        return message.alerts().stream().anyMatch(a -> WebhookMessage.FIRING.equals(a.status()));
    }

    private static Map<String, Object> text(String text, String size, String weight, String color) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "TextBlock");
        block.put("text", text);
        block.put("wrap", true);
        if (size != null) {
            block.put("size", size);
        }
        if (weight != null) {
            block.put("weight", weight);
        }
        if (color != null) {
            block.put("color", color);
        }
        return block;
    }

    private static Map<String, Object> separatorText(String text, String color) {
        Map<String, Object> block = text(text, "Medium", "Bolder", color);
        block.put("separator", true);
        return block;
    }

    private static Map<String, String> fact(String title, String value) {
        return Map.of("title", title, "value", value == null ? "" : value);
    }

    private static Map<String, Object> openUrl(String title, String url) {
        return Map.of("type", "Action.OpenUrl", "title", title, "url", url);
    }
}
