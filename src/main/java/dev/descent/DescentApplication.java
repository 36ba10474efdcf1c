package dev.descent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Descent: gradient descent as a service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DescentApplication {

    public static void main(String[] args) {
        SpringApplication.run(DescentApplication.class, args);
    }
}
