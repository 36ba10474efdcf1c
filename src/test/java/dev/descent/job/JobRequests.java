package dev.descent.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.Mvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Jobs as a client submits and reads them, through MockMvc: for the tests of the job endpoints. */
public final class JobRequests {

    /**
     * A job of a million iterations of 100-D Rosenbrock at a tiny rate: seconds of work, a progress event every
     * interval; for cancelling, streaming, filling the queue.
     */
    public static final String LONG = """
            {"optimization": {"objective": {"function": "rosenbrock", "dimension": 100},
             "optimizer": {"type": "gd", "learningRate": 1e-7}, "maxIterations": 1000000, "tolerance": 0,
             "trajectory": {"maxPoints": 100}}}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;

    public JobRequests(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** Submits {@code body} and answers the job's id, asserting it was accepted (202). */
    public String submit(String body) throws Exception {
        MockHttpServletResponse response = post(body, "127.0.0.1");
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(202);
        return id(response);
    }

    /** POSTs {@code body} to /api/v1/jobs as the client at {@code address} does, as answered. */
    public MockHttpServletResponse post(String body, String address) throws Exception {
        return Mvc.perform(mvc, MockMvcRequestBuilders.post("/api/v1/jobs").with(request -> {
            request.setRemoteAddr(address);
            return request;
        }).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
    }

    /** The id of the job an accepted POST answers. */
    public static String id(MockHttpServletResponse accepted) throws Exception {
        return JSON.readTree(accepted.getContentAsString()).path("id").asString();
    }

    /** GET /api/v1/jobs/{id}, read. */
    public JsonNode job(String id) throws Exception {
        return JSON.readTree(get(id, "").getContentAsString());
    }

    /** GET {@code path} of job {@code id} ("" for the job, "/trajectory?limit=5" for a page), as answered. */
    public MockHttpServletResponse get(String id, String path) throws Exception {
        return Mvc.perform(mvc, MockMvcRequestBuilders.get("/api/v1/jobs/" + id + path)).andReturn().getResponse();
    }

    /** DELETE /api/v1/jobs/{id} (a cancellation), as answered. */
    public MockHttpServletResponse delete(String id) throws Exception {
        return Mvc.perform(mvc, MockMvcRequestBuilders.delete("/api/v1/jobs/" + id)).andReturn().getResponse();
    }

    /** The job once it is RUNNING (within 30 s). */
    public JsonNode running(String id) throws Exception {
        for (int i = 0; i < 3000; i++) {
            JsonNode job = job(id);
            if (job.path("state").asString().equals("RUNNING")) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " was not RUNNING within 30 s: " + job(id));
    }

    /** The job once it has ended (within 30 s): SUCCEEDED, FAILED or CANCELLED. */
    public JsonNode ended(String id) throws Exception {
        for (int i = 0; i < 3000; i++) {
            JsonNode job = job(id);
            if (job.path("finishedAt").isString()) {
                return job;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not end within 30 s");
    }

    /** The job once it has ended (within 30 s), asserted SUCCEEDED. */
    public JsonNode succeeded(String id) throws Exception {
        JsonNode job = ended(id);
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }
}
