package dev.descent.system;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.ProblemDetail;

/** Builds the problem bodies of {@link ProblemType}s. */
public final class Problems {

    private Problems() {
    }

    /** A problem of {@code type} about {@code request}, with {@code errors} when there are any. */
    public static ProblemDetail of(ProblemType type, String detail, HttpServletRequest request,
                                   List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        problem.setInstance(instance(request));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    static URI instance(HttpServletRequest request) {
        return URI.create(request.getRequestURI());
    }
}
