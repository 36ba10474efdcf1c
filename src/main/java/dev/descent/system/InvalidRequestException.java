package dev.descent.system;

import java.util.List;

/**
 * A request that is well-formed JSON but asks for something the service cannot do, with every invalid field.
 * Answered as a 400 problem of type {@link ProblemType#INVALID_REQUEST}.
 */
public class InvalidRequestException extends ProblemException {

    public InvalidRequestException(List<FieldProblem> errors) {
        super(ProblemType.INVALID_REQUEST, summary(errors), errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    /**
     * "field: message" for one error, "N fields are invalid" for several, and which are listed when there are
     * more than a problem lists ({@link Problems#MAX_ERRORS}).
     */
    static String summary(List<FieldProblem> errors) {
        if (errors.size() == 1) {
            return errors.get(0).field() + ": " + errors.get(0).message();
        }
        return errors.size() + " fields are invalid"
                + (errors.size() > Problems.MAX_ERRORS ? "; the first " + Problems.MAX_ERRORS + " are listed" : "");
    }
}
