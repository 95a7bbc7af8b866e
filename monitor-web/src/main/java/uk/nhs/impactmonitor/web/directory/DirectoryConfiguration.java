package uk.nhs.impactmonitor.web.directory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import uk.nhs.impactmonitor.domain.directory.DirectorySource;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;

/** The practice directory every service answers from (a bean of the caller's own wins, e.g. the local stack's shared one). */
@AutoConfiguration
@EnableConfigurationProperties(DirectoryProperties.class)
public class DirectoryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DirectoryConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    PracticeDirectory practiceDirectory(DirectoryProperties properties) {
        PracticeDirectory directory = DirectorySource.load(properties.practices(), properties.listSizes());
        log.info("Practice directory: {} practices in {} areas from {}", directory.practices().size(), directory.areas().size(),
                directory.loadReport().source());
        return directory;
    }
}
