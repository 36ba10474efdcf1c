/** JMH benchmarks; never part of the test run (no class here is named *Test or *Tests). */
package dev.descent.bench;
