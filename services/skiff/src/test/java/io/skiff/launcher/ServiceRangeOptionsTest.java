package io.skiff.launcher;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** `skiff server` refuses bad Service ranges before it starts anything, saying what is wrong. */
class ServiceRangeOptionsTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--service-cidr|10.0.0.0/8|--service-cidr: specified service cluster IP range 10.0.0.0/8 is too large;"
                        + " for 32-bit addresses, the mask must be >= 12",
                "--service-cidr|fd00::/112|--service-cidr: only IPv4 CIDRs are supported, got fd00::/112",
                "--service-cidr|10.244.0.0/20|--service-cidr 10.244.0.0/20 overlaps --cluster-cidr 10.244.0.0/16;"
                        + " they must be disjoint",
                "--service-node-port-range|32767-30000|--service-node-port-range: invalid node port range"
                        + " 32767-30000: the last port is below the first",
                "--service-node-port-range|30000-70000|--service-node-port-range: a node port range lies within"
                        + " 1-65535, got 30000+40001"
            })
    void badRangesAreRefusedWithAClearMessage(String option, String value, String message) {
        CommandLine cli = new CommandLine(new SkiffMain());
        CommandLine.ParseResult parsed =
                cli.parseArgs("server", "--data-dir", dataDir.toString(), "--runtime", "process", option, value);
        ServerCommand server = (ServerCommand) parsed.subcommand().commandSpec().userObject();
        assertThatThrownBy(server::start)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage(message);
    }
}
