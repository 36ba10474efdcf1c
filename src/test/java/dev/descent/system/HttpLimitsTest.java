package dev.descent.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service on a random port with small limits per client, one application context for every test class that has
 * it: at most 4 connections and 3 requests in progress per client address, 1,000,000 bytes for the bodies being read
 * (a body at most 50,000), answers read at 1 MB/s after a grace of 1 s.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"descent.http.max-connections-per-client=4", "descent.http.max-body-bytes=1000000",
                "descent.http.min-write-rate=1MB", "descent.http.write-grace=1s",
                "descent.http.max-requests-per-client=3"})
@interface HttpLimitsTest {
}
