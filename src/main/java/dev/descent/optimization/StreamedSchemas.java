package dev.descent.optimization;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/**
 * The schemas of the types that are written by streaming: {@link TrajectoryView} is an array of
 * {@link IterateView}s and {@link NumbersView} an array of numbers, whatever their Java shape.
 */
@Configuration(proxyBeanMethods = false)
class StreamedSchemas {

    static {
        SpringDocUtils.getConfig()
                .replaceWithClass(TrajectoryView.class, IterateView[].class)
                .replaceWithClass(NumbersView.class, Double[].class);
    }
}
