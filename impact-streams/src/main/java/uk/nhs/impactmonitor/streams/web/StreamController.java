package uk.nhs.impactmonitor.streams.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import uk.nhs.impactmonitor.domain.directory.PracticeDirectory;
import uk.nhs.impactmonitor.streams.feed.IndicatorBroadcaster;
import uk.nhs.impactmonitor.web.problem.NotFoundException;
import uk.nhs.impactmonitor.web.security.CurrentCaller;

/** {@code GET /api/v1/stream?area=}: each indicator value of the area as it changes (server-sent events named {@code indicator}). */
@RestController
@RequestMapping("/api/v1")
class StreamController {

    private final PracticeDirectory directory;
    private final IndicatorBroadcaster broadcaster;

    StreamController(PracticeDirectory directory, IndicatorBroadcaster broadcaster) {
        this.directory = directory;
        this.broadcaster = broadcaster;
    }

    @GetMapping(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam String area) {
        if (directory.area(area).isEmpty()) {
            throw new NotFoundException("no area '" + area + "': use an ICB or region ODS code, or ENG");
        }
        CurrentCaller.require(CurrentCaller.get().mayReadArea(area, directory), "read the indicators of " + area);
        return broadcaster.subscribe(area);
    }
}
