package uk.nhs.impactmonitor.ingest.appointments;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** api.md, ingest-service: NHS England's daily GP appointments file as published (indicators.md, "The GP appointments feed"). */
@RestController
class AppointmentsController {

    static final String PATH = "/api/v1/appointments";

    private final AppointmentsService appointments;

    AppointmentsController(AppointmentsService appointments) {
        this.appointments = appointments;
    }

    /** Bytes, not String: the file is read as UTF-8 whatever charset the client declared (or forgot to). */
    @PostMapping(path = PATH, consumes = "text/csv")
    ResponseEntity<AppointmentsResult> submit(@RequestBody byte[] body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(appointments.submit(body));
    }
}
