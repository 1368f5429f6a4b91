package io.skiff.kubelet.runtime.runc;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's argv from its command and args and the image's entrypoint and cmd, as Kubernetes
 * documents it ("Define a Command and Arguments for a Container"):
 *
 * <ul>
 *   <li>neither command nor args: the image's entrypoint followed by its cmd;
 *   <li>command only: the command alone (the image's entrypoint and cmd are ignored);
 *   <li>args only: the image's entrypoint followed by the args;
 *   <li>both: the command followed by the args.
 * </ul>
 *
 * An entrypoint of a single empty string counts as none, as Docker writes it for
 * {@code ENTRYPOINT [""]}.
 */
final class ProcessArgs {

    private ProcessArgs() {}

    static List<String> merge(List<String> command, List<String> args, List<String> entrypoint, List<String> cmd) {
        List<String> argv = new ArrayList<>();
        if (command.isEmpty()) {
            if (!(entrypoint.size() == 1 && entrypoint.get(0).isEmpty())) {
                argv.addAll(entrypoint);
            }
            argv.addAll(args.isEmpty() ? cmd : args);
        } else {
            argv.addAll(command);
            argv.addAll(args);
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command specified");
        }
        return List.copyOf(argv);
    }
}
