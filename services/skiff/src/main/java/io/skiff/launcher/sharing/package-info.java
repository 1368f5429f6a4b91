/**
 * Class-data sharing for {@code java -jar skiff.jar server} and {@code agent}: the launcher unpacks
 * the jar once into a cache, re-executes the JVM on the unpacked libraries with a CDS archive, and
 * writes that archive after the first start. Loading the classes from the archive instead of the
 * nested jar roughly halves the CPU a start costs.
 */
package io.skiff.launcher.sharing;
