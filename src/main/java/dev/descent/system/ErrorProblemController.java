package dev.descent.system;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}), in place of Spring Boot's: whatever the servlet container answers
 * with an error of its own (a method it refuses, an error outside Spring MVC) is a problem too. Asked for directly,
 * {@code /error} is nothing: a 404. Not part of the API: hidden from the OpenAPI document (springdoc documented it as
 * seven operations answering 200).
 */
@RestController
@Hidden // the container's error page, not an operation of the API
class ErrorProblemController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorProblemController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            return answer(HttpStatus.NOT_FOUND.value(), Problems.of(ProblemType.NOT_FOUND, "There is nothing at "
                    + Echo.of(request.getRequestURI()), request, List.of()));
        }
        String path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri ? uri
                : request.getRequestURI();
        ProblemType type = ProblemType.of(status);
        String detail = switch (type == null ? ProblemType.INVALID_REQUEST : type) {
            case NOT_FOUND -> "There is nothing at " + Echo.of(path);
            // The error page is reached by a GET whatever the method was; the Allow header is still there.
            case METHOD_NOT_ALLOWED -> "The method is not allowed on " + Echo.of(path)
                    + (response.getHeader("Allow") == null ? "" : "; it allows " + response.getHeader("Allow"))
                    + ".";
            case TOO_LARGE -> "The request is too large.";
            case INTERNAL -> "The service failed to handle this request; it has been logged.";
            default -> reason(status);
        };
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            log.error("Failed on {} {}", request.getMethod(), path, failure);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        if (type != null) {
            problem.setType(type.uri());
            problem.setTitle(type.title());
        }
        problem.setInstance(Problems.instance(path));
        return answer(status, Problems.safe(problem));
    }

    /**
     * Written as problem+json whatever the request accepts: an error page has no other form. An error the container
     * raised itself (a TRACE) reaches no filter but this page, so the page says nosniff itself.
     */
    private static ResponseEntity<ProblemDetail> answer(int status, ProblemDetail problem) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("X-Content-Type-Options", SecurityHeadersFilter.NOSNIFF).body(problem);
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "The request failed with status " + status + "." : known.getReasonPhrase() + ".";
    }
}
