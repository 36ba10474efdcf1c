package dev.descent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Descent: gradient descent as a service. */
@SpringBootApplication
public class DescentApplication {

    public static void main(String[] args) {
        SpringApplication.run(DescentApplication.class, args);
    }
}
