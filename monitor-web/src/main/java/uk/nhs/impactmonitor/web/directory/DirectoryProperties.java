package uk.nhs.impactmonitor.web.directory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the practice directory comes from.
 *
 * @param practices NHS England's mapping file ({@code gp-reg-pat-prac-map.csv} format); default none
 * @param listSizes NHS England's totals file ({@code gp-reg-pat-prac-all.csv} format); default none.
 *                  With neither, the deterministic synthetic directory is used.
 */
@ConfigurationProperties("monitor.directory")
public record DirectoryProperties(String practices, String listSizes) {
}
