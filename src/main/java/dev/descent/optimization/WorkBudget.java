package dev.descent.optimization;

import dev.descent.system.BodySizeLimit;
import dev.descent.system.ProblemException;
import jakarta.servlet.MultipartConfigElement;
import dev.descent.system.ProblemType;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * What a request may cost, checked before any work starts. Its work ({@code descent.optimization.max-sync-work}):
 * a synchronous request that may take more is answered 422 {@code work-too-large}, pointing to
 * {@code /api/v1/jobs}, where long work runs in the background. And its answer
 * ({@code descent.optimization.max-answer-numbers}): an answer that would hold more numbers is answered 422
 * {@code answer-too-large}, saying how to ask for less.
 */
@Component
public class WorkBudget {

    /** Where work too large for a synchronous request goes. */
    public static final String JOBS = "/api/v1/jobs";

    /** The property of the CSV limit, named in its problems. */
    public static final String MAX_CSV_BYTES = "descent.optimization.max-csv-bytes";

    private final long maxSyncWork;
    private final long maxAnswerNumbers;

    WorkBudget(OptimizationProperties properties) {
        this.maxSyncWork = properties.maxSyncWork();
        this.maxAnswerNumbers = properties.maxAnswerNumbers();
    }

    /**
     * The largest {@code text/csv} body ({@code descent.optimization.max-csv-bytes}), which the system's request
     * size filter enforces as the body is read; JSON bodies have Jackson's document limit.
     */
    @Bean
    static BodySizeLimit csvBodyLimit(OptimizationProperties properties) {
        return new BodySizeLimit(MediaType.parseMediaType("text/csv"), properties.maxCsvBytes().toBytes(),
                MAX_CSV_BYTES);
    }

    /**
     * A CSV file uploaded as {@code multipart/form-data} has the same limit as a {@code text/csv} body: the whole
     * multipart body, refused by its {@code Content-Length} before it is read.
     */
    @Bean
    static BodySizeLimit multipartBodyLimit(OptimizationProperties properties) {
        return new BodySizeLimit(MediaType.MULTIPART_FORM_DATA, properties.maxCsvBytes().toBytes(), MAX_CSV_BYTES);
    }

    /**
     * The container's multipart limits, from the same property (in place of {@code spring.servlet.multipart.*}): a
     * multipart body sent without a {@code Content-Length} (chunked) is parsed by the container, not read through
     * the request size filter, and is refused by these as it passes the limit (413 too-large).
     */
    @Bean
    static MultipartConfigElement multipartConfig(OptimizationProperties properties) {
        long max = properties.maxCsvBytes().toBytes();
        return new MultipartConfigElement("", max, max, 0);
    }

    /** Refuses {@code work} (in the units of {@link RunPlan#work()}) when it is over the synchronous budget. */
    public void checkSync(long work) {
        if (work > maxSyncWork) {
            throw new ProblemException(ProblemType.WORK_TOO_LARGE, "This request may take " + work + " work units "
                    + "(maxIterations × (dimension + 3), summed over its runs); a synchronous request may take at "
                    + "most " + maxSyncWork + ". POST it to " + JOBS + " to run it as a job in the background.")
                    .with("work", work)
                    .with("maxWork", maxSyncWork)
                    .with("jobs", JOBS);
        }
    }

    /**
     * Refuses a synchronous answer of {@code numbers} numbers (see {@link RunPlan#answerNumbers()}, summed over the
     * runs) when it is over the answer budget.
     */
    public void checkAnswer(long numbers) {
        if (numbers > maxAnswerNumbers) {
            throw answerTooLarge(numbers, "Ask for fewer points (trajectory.maxPoints), leave the trajectory out "
                    + "(trajectory.include: false), or POST it to " + JOBS + ", where a job's trajectory is read in "
                    + "pages.");
        }
    }

    /** The most work a synchronous request may take, in work units. */
    public long maxSyncWork() {
        return maxSyncWork;
    }

    /** The most numbers one answer may hold. */
    public long maxAnswerNumbers() {
        return maxAnswerNumbers;
    }

    /** The 422 {@code answer-too-large} problem for an answer of {@code numbers} numbers, with {@code advice}. */
    public ProblemException answerTooLarge(long numbers, String advice) {
        return new ProblemException(ProblemType.ANSWER_TOO_LARGE, "The answer to this request would hold " + numbers
                + " numbers (each trajectory point counts its variables and 4 more, summed over the runs); an "
                + "answer may hold at most " + maxAnswerNumbers + ". " + advice)
                .with("numbers", numbers)
                .with("maxNumbers", maxAnswerNumbers);
    }
}
