package io.skiff.kubelet.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.json.KubeJson;
import java.util.List;

/**
 * The metav1.Status an exec ends with on the error channel, as the kubelet's remote command server
 * writes it: Success; Failure with reason NonZeroExitCode and an ExitCode cause holding the code
 * (kubectl exits with it, "command terminated with exit code 3"); or an InternalError when the
 * command could not be run.
 */
final class ExecStatus {

    static final String NON_ZERO_EXIT_CODE = "NonZeroExitCode";
    static final String EXIT_CODE = "ExitCode";

    private ExecStatus() {}

    static byte[] success() {
        return json(status("Success"));
    }

    /** Success for 0, NonZeroExitCode otherwise. */
    static byte[] exited(int code, List<String> command) {
        if (code == 0) {
            return success();
        }
        Status status = status("Failure");
        status.setReason(NON_ZERO_EXIT_CODE);
        status.setMessage("command terminated with non-zero exit code: error executing command " + goList(command)
                + ", exit code " + code);
        StatusDetails details = new StatusDetails();
        details.setCauses(List.of(new StatusCause(null, Integer.toString(code), EXIT_CODE)));
        status.setDetails(details);
        return json(status);
    }

    /** apierrors.NewInternalError("error executing command in container: " + why). */
    static byte[] failedToRun(String why) {
        return internalError("error executing command in container: " + why);
    }

    /**
     * An exec the kubelet would not start (no such pod, the container not running, bad options),
     * as the API server's stream translator reports a kubelet's refusal: an InternalError "unable
     * to upgrade connection: " + the kubelet's words.
     */
    static byte[] refused(String why) {
        return internalError("unable to upgrade connection: " + why);
    }

    private static byte[] internalError(String error) {
        Status status = status("Failure");
        status.setCode(500);
        status.setReason("InternalError");
        status.setMessage("Internal error occurred: " + error);
        StatusDetails details = new StatusDetails();
        details.setCauses(List.of(new StatusCause(null, error, null)));
        status.setDetails(details);
        return json(status);
    }

    private static Status status(String outcome) {
        Status status = new Status();
        status.setMetadata(new ListMeta());
        status.setStatus(outcome);
        return status;
    }

    /** A list as Go's %v prints a []string: {@code [sh -c exit 3]}. */
    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    private static byte[] json(Status status) {
        try {
            return KubeJson.mapper().writeValueAsBytes(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
