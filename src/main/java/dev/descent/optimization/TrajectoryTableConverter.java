package dev.descent.optimization;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link TrajectoryTable} (an optimization's answer, a page of a job's trajectory) as its trajectory's table:
 * {@code text/csv} or {@code application/x-ndjson}, streamed row by row ({@link TrajectoryView#writeCsv},
 * {@link TrajectoryView#writeNdjson}), for tools that read tables ({@code pandas.read_csv(url)},
 * {@code pandas.read_json(url, lines=True)}). Chosen by the {@code Accept} header among the operation's
 * {@code produces}.
 */
public final class TrajectoryTableConverter extends WriteOnlyConverter<TrajectoryTable> {

    public static final String TEXT_CSV = "text/csv";
    public static final String NDJSON = "application/x-ndjson";
    static final MediaType CSV_TYPE = MediaType.parseMediaType(TEXT_CSV);
    static final MediaType NDJSON_TYPE = MediaType.parseMediaType(NDJSON);

    private final ObjectWriter ndjson;

    TrajectoryTableConverter(JsonMapper json) {
        super(TrajectoryTable.class, StandardCharsets.UTF_8, CSV_TYPE, NDJSON_TYPE);
        // Lines are ended by the writer: nothing between root values.
        this.ndjson = json.writer().withRootValueSeparator((String) null);
    }

    @Override
    protected void writeInternal(TrajectoryTable answer, HttpOutputMessage output) throws IOException {
        TrajectoryView view = answer.table();
        MediaType type = output.getHeaders().getContentType();
        OutputStream body = output.getBody();
        if (type != null && type.isCompatibleWith(NDJSON_TYPE)) {
            if (view != null) {
                try (JsonGenerator gen = ndjson.createGenerator(body)) {
                    view.writeNdjson(gen);
                }
            }
            return;
        }
        if (view == null) {
            body.write(TrajectoryView.csvHeader(answer.tableVariables(), answer.tableMomentum()).getBytes(StandardCharsets.UTF_8));
        } else {
            view.writeCsv(body);
        }
    }

    /** Ahead of the JSON converter, which would not write these media types anyway. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        WebMvcConfigurer trajectoryTables(JsonMapper json) {
            return new WebMvcConfigurer() {
                @Override
                public void configureMessageConverters(HttpMessageConverters.ServerBuilder converters) {
                    // Ahead of the default converters (Spring's JSON converter among them).
                    converters.addCustomConverter(new TrajectoryTableConverter(json));
                }
            };
        }
    }
}
